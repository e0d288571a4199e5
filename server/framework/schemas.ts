/** zod schemas for every file in framework-data/. Types are inferred from them. */
import { z } from 'zod';

export const SKILL_LEVELS = ['awareness', 'working', 'practitioner', 'expert'] as const;
export const GRADE_CODES = ['AA', 'AO', 'EO', 'HEO', 'SEO', 'G7', 'G6', 'SCS1', 'SCS2'] as const;
export const FRAMEWORK_IDS = ['ddat-pcf', 'success-profiles', 'cscf-2012'] as const;
export const OGL_V3 = 'Open Government Licence v3.0';
export const OGL_V3_URL = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';

export const skillLevelSchema = z.enum(SKILL_LEVELS);
export const gradeCodeSchema = z.enum(GRADE_CODES);
export const behaviourLevelSchema = z.literal([1, 2, 3, 4, 5, 6]);

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const slugSchema = z.string().regex(SLUG, 'Invalid slug: expected lower-case words joined by hyphens');
/** Non-empty text without leading or trailing whitespace. */
export const textSchema = z
  .string()
  .min(1)
  .refine((s) => s === s.trim(), 'Text must not start or end with whitespace');
const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'Invalid sha256: expected 64 lower-case hex digits');

/** Checks that `id` is `${prefix}:${slug}`, so ids stay globally unique and derivable. */
function withId<T extends z.ZodObject<{ id: z.ZodString; slug: typeof slugSchema }>>(
  schema: T,
  prefix: string,
) {
  return schema.refine((o) => o.id === `${prefix}:${o.slug}`, {
    path: ['id'],
    message: `id must be "${prefix}:" followed by the slug`,
  });
}

// ---------- edition.json (every edition folder) ----------
export const sourceRefSchema = z.strictObject({
  description: textSchema,
  url: z.url().optional(),
  repository: textSchema.optional(),
  path: textSchema.optional(),
  commit: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional(),
  sha256: sha256Schema.optional(),
  note: textSchema.optional(),
});

/** A piece of content the source does not provide; the data holds null (or [] for grades) instead. */
export const missingEntrySchema = z.strictObject({
  file: textSchema,
  item: textSchema,
  field: textSchema,
  source: z.string(),
});

export const editionSchema = z.strictObject({
  id: slugSchema,
  framework: z.enum(FRAMEWORK_IDS),
  title: textSchema,
  edition: textSchema,
  publisher: textSchema,
  sourceUrl: z.url(),
  sources: z.array(sourceRefSchema).min(1),
  retrievedOn: z.iso.date(),
  licence: z.literal(OGL_V3),
  licenceUrl: z.literal(OGL_V3_URL),
  attribution: textSchema,
  cleaning: z.array(textSchema),
  notes: z.array(textSchema),
  missing: z.array(missingEntrySchema),
  counts: z.record(z.string(), z.number().int().nonnegative()),
  files: z.array(z.string().regex(/^[a-z0-9-]+\.json$/)).min(1),
  contentHash: sha256Schema,
});

// ---------- ddat-pcf/<edition>/roles.json ----------
export const roleLevelSkillSchema = z.strictObject({
  skillSlug: slugSchema,
  name: textSchema,
  /** null only for the Senior Civil Service (chief) roles, which the source marks "NOT IN USE". */
  requiredLevel: skillLevelSchema.nullable(),
  /** The source's "Skill Level Description" cell, whitespace-cleaned ("You can:" + "- " bullets). */
  levelDescription: textSchema.optional(),
  bullets: z.array(textSchema),
  /** SCS skills only: the "Examples of leadership using this skill:" bullets. */
  leadershipExamples: z.array(textSchema).optional(),
});

export const roleLevelSchema = withId(
  z.strictObject({
    id: z.string(),
    slug: slugSchema,
    name: textSchema,
    description: textSchema.nullable(),
    levelNumber: z.number().int().min(1),
    grades: z.array(gradeCodeSchema),
    skills: z.array(roleLevelSkillSchema).min(1),
  }),
  'ddat-pcf:role-level',
);

export const roleSchema = withId(
  z.strictObject({
    id: z.string(),
    slug: slugSchema,
    name: textSchema,
    description: textSchema.nullable(),
    family: slugSchema,
    roleType: z.literal('Senior Civil Service').nullable(),
    levels: z.array(roleLevelSchema).min(1),
  }),
  'ddat-pcf:role',
);

export const familySchema = withId(
  z.strictObject({ id: z.string(), slug: slugSchema, name: textSchema, roles: z.array(roleSchema).min(1) }),
  'ddat-pcf:family',
);

export const rolesFileSchema = z.strictObject({
  editionId: slugSchema,
  families: z.array(familySchema).min(1),
});

// ---------- ddat-pcf/<edition>/skills.json ----------
export const skillLevelTextSchema = z.strictObject({ intro: textSchema, text: z.array(textSchema).min(1) });

export const leadershipTextSchema = z.strictObject({
  intro: textSchema,
  text: z.array(textSchema).min(1),
  examplesIntro: textSchema,
  examples: z.array(textSchema).min(1),
});

export const skillSchema = withId(
  z.strictObject({
    id: z.string(),
    slug: slugSchema,
    name: textSchema,
    description: textSchema.nullable(),
    levels: z.strictObject({
      awareness: skillLevelTextSchema.nullable(),
      working: skillLevelTextSchema.nullable(),
      practitioner: skillLevelTextSchema.nullable(),
      expert: skillLevelTextSchema.nullable(),
    }),
    leadership: leadershipTextSchema.nullable(),
  }),
  'ddat-pcf:skill',
);

export const skillsFileSchema = z.strictObject({
  editionId: slugSchema,
  skills: z.array(skillSchema).min(1),
});

// ---------- behaviour frameworks ----------
const levelsInOrder = <T extends { level: number }>(levels: readonly T[]) =>
  levels.every((l, i) => l.level === i + 1);
const SIX_LEVELS = 'levels must be 1 to 6 in order';

export const spLevelInfoSchema = z.strictObject({
  level: behaviourLevelSchema,
  name: textSchema,
  heading: textSchema,
  intro: textSchema,
  gradesInSource: z.array(textSchema).min(1),
  pdfPages: z.array(z.number().int().positive()).min(1),
  annotationNotFromSource: textSchema.optional(),
});

export const behaviourSchema = withId(
  z.strictObject({
    id: z.string(),
    slug: slugSchema,
    name: textSchema,
    description: textSchema,
    levels: z
      .array(
        z.strictObject({
          level: behaviourLevelSchema,
          paragraph: textSchema,
          indicators: z.array(textSchema).min(1),
        }),
      )
      .length(6)
      .refine(levelsInOrder, SIX_LEVELS),
  }),
  'success-profiles:behaviour',
);

export const successProfilesFileSchema = z.strictObject({
  editionId: slugSchema,
  frameworkText: z.record(z.string(), textSchema),
  levels: z.array(spLevelInfoSchema).length(6).refine(levelsInOrder, SIX_LEVELS),
  behaviours: z.array(behaviourSchema).min(1),
});

export const cscfLevelInfoSchema = z.strictObject({
  level: behaviourLevelSchema,
  name: textSchema,
  gradesInSource: z.array(textSchema).min(1),
  headingVerbatim: textSchema.nullable(),
  headingSource: textSchema.optional(),
  verified: z.union([z.boolean(), z.literal('partly')]),
});

export const competencySchema = withId(
  z.strictObject({
    id: z.string(),
    slug: slugSchema,
    sourceKey: slugSchema,
    name: textSchema,
    description: textSchema,
    levels: z
      .array(
        z.strictObject({
          level: behaviourLevelSchema,
          effective: z.array(textSchema).min(1),
          ineffective: z.array(textSchema).min(1),
        }),
      )
      .length(6)
      .refine(levelsInOrder, SIX_LEVELS),
  }),
  'cscf-2012:competency',
);

export const clusterSchema = withId(
  z.strictObject({
    id: z.string(),
    slug: slugSchema,
    name: textSchema,
    titleInSource: textSchema,
    competencies: z.array(competencySchema).min(1),
  }),
  'cscf-2012:cluster',
);

export const cscfFileSchema = z.strictObject({
  editionId: slugSchema,
  frameworkText: z.record(z.string(), textSchema),
  levelsNote: textSchema,
  levels: z.array(cscfLevelInfoSchema).length(6).refine(levelsInOrder, SIX_LEVELS),
  clusters: z.array(clusterSchema).min(1),
  corrections: z.array(z.strictObject({ where: textSchema, sourceText: textSchema, outputText: textSchema })),
});

// ---------- scales.json and grades.json ----------
export const SCALE_IDS = ['civil-service-1-7', 'ddat-skill-levels'] as const;

export const scalePointSchema = z.strictObject({
  value: z.number().int().min(1),
  slug: slugSchema,
  label: textSchema,
  descriptor: textSchema.nullable(),
  /** "service": wording written for this service, not official text. */
  descriptorSource: z.enum(['service', 'official']).nullable(),
});

export const scaleSchema = z.strictObject({
  id: z.enum(SCALE_IDS),
  name: textSchema,
  source: textSchema,
  sourceUrl: z.url().optional(),
  points: z
    .array(scalePointSchema)
    .min(2)
    .refine((ps) => ps.every((p, i) => p.value === i + 1), 'point values must be 1..n in order'),
});

export const scalesFileSchema = z.strictObject({
  version: z.literal(1),
  scales: z.array(scaleSchema).min(1),
});

export const gradeSchema = z.strictObject({
  code: gradeCodeSchema,
  label: textSchema,
  behaviourLevel: behaviourLevelSchema,
});

export const gradesFileSchema = z.strictObject({
  version: z.literal(1),
  source: textSchema,
  grades: z.array(gradeSchema).min(1),
});

export type SkillLevel = z.infer<typeof skillLevelSchema>;
export type GradeCode = z.infer<typeof gradeCodeSchema>;
export type BehaviourLevel = z.infer<typeof behaviourLevelSchema>;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];
export type ScaleId = (typeof SCALE_IDS)[number];
export type EditionFile = z.infer<typeof editionSchema>;
export type MissingEntry = z.infer<typeof missingEntrySchema>;
export type SourceRef = z.infer<typeof sourceRefSchema>;
export type RolesFile = z.infer<typeof rolesFileSchema>;
export type SkillsFile = z.infer<typeof skillsFileSchema>;
export type SuccessProfilesFile = z.infer<typeof successProfilesFileSchema>;
export type CscfFile = z.infer<typeof cscfFileSchema>;
export type ScalesFile = z.infer<typeof scalesFileSchema>;
export type GradesFile = z.infer<typeof gradesFileSchema>;
