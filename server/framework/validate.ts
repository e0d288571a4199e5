/** Validation of one edition folder (edition.json + data files): schemas, cross-references, content hash. */
import type { z } from 'zod';
import { formatPath } from './errors.js';
import { contentHash } from './hash.js';
import {
  cscfFileSchema,
  editionSchema,
  rolesFileSchema,
  skillsFileSchema,
  successProfilesFileSchema,
  type CscfFile,
  type EditionFile,
  type RolesFile,
  type SkillsFile,
  type SuccessProfilesFile,
} from './schemas.js';

export interface EditionFolder {
  /** Relative to the data directory, e.g. "ddat-pcf/2025-08". */
  folder: string;
  /** File name → parsed JSON. */
  files: Record<string, unknown>;
}

export interface Problem {
  file: string;
  path: string;
  message: string;
}

export type ValidEdition =
  | { framework: 'ddat-pcf'; edition: EditionFile; roles: RolesFile; skills: SkillsFile }
  | { framework: 'success-profiles'; edition: EditionFile; behaviours: SuccessProfilesFile }
  | { framework: 'cscf-2012'; edition: EditionFile; competencies: CscfFile };

/** Top-level folder → framework id and its data files. */
export const EDITION_LAYOUT = {
  'ddat-pcf': { framework: 'ddat-pcf', files: ['roles.json', 'skills.json'] },
  'success-profiles': { framework: 'success-profiles', files: ['behaviours.json'] },
  cscf: { framework: 'cscf-2012', files: ['competencies.json'] },
} as const;
export type EditionTopFolder = keyof typeof EDITION_LAYOUT;

export function parseWith<T>(
  schema: z.ZodType<T>,
  file: string,
  value: unknown,
  problems: Problem[],
): T | null {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    problems.push({ file, path: formatPath(issue.path), message: issue.message });
  return null;
}

export function checkEditionFolder(folder: EditionFolder): {
  edition: ValidEdition | null;
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const top = folder.folder.split('/')[0] as EditionTopFolder;
  const layout = EDITION_LAYOUT[top];
  const edition = parseWith(editionSchema, 'edition.json', folder.files['edition.json'], problems);
  if (edition !== null) {
    const expectedId = folder.folder.replace('/', '-');
    if (edition.id !== expectedId)
      problems.push({
        file: 'edition.json',
        path: 'id',
        message: `expected "${expectedId}" for folder ${folder.folder}`,
      });
    if (edition.framework !== layout.framework)
      problems.push({ file: 'edition.json', path: 'framework', message: `expected "${layout.framework}"` });
    if (JSON.stringify(edition.files) !== JSON.stringify(layout.files))
      problems.push({
        file: 'edition.json',
        path: 'files',
        message: `expected ${JSON.stringify(layout.files)}`,
      });
  }
  let valid: ValidEdition | null = null;
  if (layout.framework === 'ddat-pcf') {
    const roles = parseWith(rolesFileSchema, 'roles.json', folder.files['roles.json'], problems);
    const skills = parseWith(skillsFileSchema, 'skills.json', folder.files['skills.json'], problems);
    if (edition && roles && skills) {
      problems.push(...checkDdat(edition.id, roles, skills));
      valid = { framework: 'ddat-pcf', edition, roles, skills };
    }
  } else if (layout.framework === 'success-profiles') {
    const behaviours = parseWith(
      successProfilesFileSchema,
      'behaviours.json',
      folder.files['behaviours.json'],
      problems,
    );
    if (edition && behaviours) {
      problems.push(...checkEditionId('behaviours.json', behaviours.editionId, edition.id));
      problems.push(
        ...uniqueIds(
          'behaviours.json',
          behaviours.behaviours.map((b, i) => [b.id, `behaviours[${i}].id`]),
        ),
      );
      valid = { framework: 'success-profiles', edition, behaviours };
    }
  } else {
    const competencies = parseWith(
      cscfFileSchema,
      'competencies.json',
      folder.files['competencies.json'],
      problems,
    );
    if (edition && competencies) {
      problems.push(...checkEditionId('competencies.json', competencies.editionId, edition.id));
      const ids = competencies.clusters.flatMap((c, i) => [
        [c.id, `clusters[${i}].id`] as const,
        ...c.competencies.map((k, j) => [k.id, `clusters[${i}].competencies[${j}].id`] as const),
      ]);
      problems.push(...uniqueIds('competencies.json', ids));
      valid = { framework: 'cscf-2012', edition, competencies };
    }
  }
  if (edition !== null && valid !== null) {
    const data = Object.fromEntries(edition.files.map((f) => [f, folder.files[f]]));
    const actual = contentHash(data);
    if (actual !== edition.contentHash)
      problems.push({
        file: 'edition.json',
        path: 'contentHash',
        message: `does not match the data files (their hash is ${actual}); regenerate the edition instead of editing it by hand`,
      });
  }
  return { edition: problems.length === 0 ? valid : null, problems };
}

/** For generated data: throws if the folder is not valid (a bug in the importer, not in the input). */
export function validateEditionFolder(folder: EditionFolder): ValidEdition {
  const { edition, problems } = checkEditionFolder(folder);
  if (edition === null)
    throw new Error(
      `Generated ${folder.folder} is invalid:\n${problems.map((p) => `  ${p.file}: ${p.path}: ${p.message}`).join('\n')}`,
    );
  return edition;
}

function checkEditionId(file: string, actual: string, expected: string): Problem[] {
  return actual === expected ? [] : [{ file, path: 'editionId', message: `expected "${expected}"` }];
}

function uniqueIds(file: string, ids: ReadonlyArray<readonly [string, string]>): Problem[] {
  const seen = new Map<string, string>();
  const problems: Problem[] = [];
  for (const [id, path] of ids) {
    const other = seen.get(id);
    if (other !== undefined)
      problems.push({ file, path, message: `duplicate id "${id}" (also at ${other})` });
    else seen.set(id, path);
  }
  return problems;
}

function checkDdat(editionId: string, roles: RolesFile, skills: SkillsFile): Problem[] {
  const problems = [
    ...checkEditionId('roles.json', roles.editionId, editionId),
    ...checkEditionId('skills.json', skills.editionId, editionId),
  ];
  const skillBySlug = new Map(skills.skills.map((s) => [s.slug, s]));
  problems.push(
    ...uniqueIds(
      'skills.json',
      skills.skills.map((s, i) => [s.id, `skills[${i}].id`]),
    ),
  );
  const ids: Array<[string, string]> = [];
  roles.families.forEach((family, f) => {
    ids.push([family.id, `families[${f}].id`]);
    family.roles.forEach((role, r) => {
      const rp = `families[${f}].roles[${r}]`;
      ids.push([role.id, `${rp}.id`]);
      if (role.family !== family.slug)
        problems.push({ file: 'roles.json', path: `${rp}.family`, message: `expected "${family.slug}"` });
      role.levels.forEach((level, l) => {
        const lp = `${rp}.levels[${l}]`;
        ids.push([level.id, `${lp}.id`]);
        if (level.levelNumber !== l + 1)
          problems.push({
            file: 'roles.json',
            path: `${lp}.levelNumber`,
            message: `expected ${l + 1} (ladder position)`,
          });
        const seen = new Set<string>();
        level.skills.forEach((s, k) => {
          const sp = `${lp}.skills[${k}]`;
          const skill = skillBySlug.get(s.skillSlug);
          if (skill === undefined)
            problems.push({
              file: 'roles.json',
              path: `${sp}.skillSlug`,
              message: `unknown skill "${s.skillSlug}"`,
            });
          else if (skill.name !== s.name)
            problems.push({ file: 'roles.json', path: `${sp}.name`, message: `expected "${skill.name}"` });
          if (seen.has(s.skillSlug))
            problems.push({
              file: 'roles.json',
              path: `${sp}.skillSlug`,
              message: `"${s.skillSlug}" appears twice`,
            });
          seen.add(s.skillSlug);
          if (s.requiredLevel === null && role.roleType === null)
            problems.push({
              file: 'roles.json',
              path: `${sp}.requiredLevel`,
              message: 'null only allowed in Senior Civil Service roles',
            });
        });
      });
    });
  });
  problems.push(...uniqueIds('roles.json', ids));
  return problems;
}
