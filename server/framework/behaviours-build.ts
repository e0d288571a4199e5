/** Success Profiles (2018) and CSCF (2012) editions from the transcriptions in framework-sources/behaviours/. Pure. */
import type { z } from 'zod';
import { cscfSourceSchema, parseSource, spSourceSchema, type sourceEntry } from './behaviours-sources.js';
import { ImportError } from './errors.js';
import { contentHash } from './hash.js';
import {
  OGL_V3,
  OGL_V3_URL,
  type CscfFile,
  type EditionFile,
  type SourceRef,
  type SuccessProfilesFile,
} from './schemas.js';
import { validateEditionFolder, type EditionFolder } from './validate.js';

/** Date the behaviour sources were researched (framework-sources/behaviours/NOTES.md). */
const BEHAVIOURS_RETRIEVED_ON = '2026-11-23';
const OGL_LINE = 'Contains public sector information licensed under the Open Government Licence v3.0.';

const LEVELS = [1, 2, 3, 4, 5, 6] as const;

/** Keeps the sources that the text came from or was checked against; rejected ones stay in the transcription. */
function sourceRefs(entries: z.infer<typeof sourceEntry>[]): SourceRef[] {
  return entries
    .filter((s) => !s.role.startsWith('rejected'))
    .map((s) => {
      const url = s.page?.match(/https?:\/\/\S+/)?.[0];
      const ref: SourceRef = { description: s.role };
      if (url !== undefined) ref.url = url;
      if (s.repo !== undefined) ref.repository = s.repo;
      if (s.path !== undefined) ref.path = s.path;
      if (s.commit !== undefined && /^[0-9a-f]{40}$/.test(s.commit)) ref.commit = s.commit;
      if (s.sha256 !== undefined) ref.sha256 = s.sha256;
      if (s.note !== undefined) ref.note = s.note;
      return ref;
    });
}

function edition(
  fields: Omit<EditionFile, 'licence' | 'licenceUrl' | 'retrievedOn' | 'contentHash'>,
  data: unknown,
) {
  const file: EditionFile = {
    ...fields,
    retrievedOn: BEHAVIOURS_RETRIEVED_ON,
    licence: OGL_V3,
    licenceUrl: OGL_V3_URL,
    contentHash: contentHash({ [fields.files[0] ?? '']: data }),
  };
  return file;
}

export function buildSuccessProfiles(
  sourceJson: unknown,
  file = 'success-profiles-behaviours.json',
): EditionFolder {
  const src = parseSource(spSourceSchema, file, sourceJson);
  const editionId = 'success-profiles-2018';
  const data: SuccessProfilesFile = {
    editionId,
    frameworkText: src.framework_text,
    levels: src.levels.map((l) => ({
      level: l.level,
      name: l.name,
      heading: l.heading,
      intro: l.intro,
      gradesInSource: l.grades,
      pdfPages: l.pdf_pages,
      ...(l.annotation_not_from_source === undefined
        ? {}
        : { annotationNotFromSource: l.annotation_not_from_source }),
    })),
    behaviours: src.behaviours.map((b) => ({
      id: `success-profiles:behaviour:${b.id}`,
      slug: b.id,
      name: b.name,
      description: b.description,
      levels: LEVELS.map((level) => ({ level, ...b.levels[level] })),
    })),
  };
  const problems = data.behaviours.flatMap((b) =>
    b.levels
      .filter((l) => l.indicators.join(' ') !== l.paragraph)
      .map((l) => `${file}: ${b.slug} level ${l.level}: indicators do not join up to the paragraph`),
  );
  if (problems.length > 0)
    throw new ImportError(`${file}: indicators are not the paragraph's sentences`, problems);
  const indicators = data.behaviours.reduce(
    (n, b) => n + b.levels.reduce((m, l) => m + l.indicators.length, 0),
    0,
  );
  const meta = edition(
    {
      id: editionId,
      framework: 'success-profiles',
      title: 'Success Profiles: Civil Service Behaviours',
      edition: src.edition,
      publisher: src.publisher,
      sourceUrl: 'https://www.gov.uk/government/publications/success-profiles',
      sources: sourceRefs(src.sources),
      attribution: `${OGL_LINE} Source: ${src.title} (2018), https://www.gov.uk/government/publications/success-profiles. © Crown copyright.`,
      cleaning: [
        'Every level paragraph is verbatim from the PDF (lines joined with single spaces, "government-wide" kept hyphenated); "indicators" splits each paragraph into its sentences without changing any word. Curly apostrophes kept.',
        "Levels are given as an ordered list (1 to 6) instead of keys; field names follow this service's schema.",
      ],
      notes: [src.structure_note, ...src.gaps],
      missing: [],
      counts: {
        behaviours: data.behaviours.length,
        levels: data.levels.length,
        cells: data.behaviours.length * data.levels.length,
        indicators,
      },
      files: ['behaviours.json'],
    },
    data,
  );
  const folder = {
    folder: 'success-profiles/2018',
    files: { 'edition.json': meta, 'behaviours.json': data },
  };
  validateEditionFolder(folder);
  return folder;
}

export function buildCscf(sourceJson: unknown, file = 'cscf-2012.json'): EditionFolder {
  const src = parseSource(cscfSourceSchema, file, sourceJson);
  const editionId = 'cscf-2012';
  const data: CscfFile = {
    editionId,
    frameworkText: src.framework_text,
    levelsNote: src.levels_note,
    levels: src.levels.map((l) => ({
      level: l.level,
      name: l.name,
      gradesInSource: l.grades,
      headingVerbatim: l.heading_verbatim,
      ...(l.heading_source === undefined ? {} : { headingSource: l.heading_source }),
      verified: l.verified,
    })),
    clusters: src.clusters.map((c) => ({
      id: `cscf-2012:cluster:${c.id}`,
      slug: c.id,
      name: c.name,
      titleInSource: c.title_in_source,
      competencies: c.competencies.map((k) => ({
        id: `cscf-2012:competency:${k.id}`,
        slug: k.id,
        sourceKey: k.source_key,
        name: k.name,
        description: k.description,
        levels: LEVELS.map((level) => ({ level, ...k.levels[level] })),
      })),
    })),
    corrections: src.corrections.map((c) => ({
      where: c.where,
      sourceText: c.source_text,
      outputText: c.output_text,
    })),
  };
  const competencies = data.clusters.flatMap((c) => c.competencies);
  const count = (pick: 'effective' | 'ineffective') =>
    competencies.reduce((n, k) => n + k.levels.reduce((m, l) => m + l[pick].length, 0), 0);
  const meta = edition(
    {
      id: editionId,
      framework: 'cscf-2012',
      title: src.title,
      edition: src.edition,
      publisher: src.publisher,
      sourceUrl: 'https://www.gov.uk/government/publications/civil-service-competency-framework',
      sources: sourceRefs(src.sources),
      attribution: `${OGL_LINE} Source: ${src.title}, July 2012, https://www.gov.uk/government/publications/civil-service-competency-framework. © Crown copyright.`,
      cleaning: [
        `${data.corrections.length} typographic corrections made by the transcription are kept and listed in competencies.json "corrections" (words run together, garbled opening quotes); no wording changed.`,
        'Levels are given as an ordered list (1 to 6) instead of keys; effective and ineffective indicators keep source row order (they are not paired in meaning).',
        'Level names and grades are not verified against the July 2012 PDF: see levels[].verified and levelsNote.',
      ],
      notes: [src.structure_note, ...src.gaps],
      missing: data.levels
        .filter((l) => l.headingVerbatim === null)
        .map((l) => ({
          file: 'competencies.json',
          item: `level ${l.level}`,
          field: 'headingVerbatim',
          source: '',
        })),
      counts: {
        clusters: data.clusters.length,
        competencies: competencies.length,
        levels: data.levels.length,
        cells: competencies.length * data.levels.length,
        effectiveIndicators: count('effective'),
        ineffectiveIndicators: count('ineffective'),
      },
      files: ['competencies.json'],
    },
    data,
  );
  const folder = { folder: 'cscf/2012', files: { 'edition.json': meta, 'competencies.json': data } };
  validateEditionFolder(folder);
  return folder;
}
