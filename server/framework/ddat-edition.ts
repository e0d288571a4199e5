/** The whole DDaT import as one pure function: source texts in, edition folder contents out. */
import { createHash } from 'node:crypto';
import { parseDelimited, type SourceRecord } from './csv.js';
import { buildDdat, type DdatBuildReport } from './ddat-build.js';
import {
  GRADES_HEADERS,
  NOT_DEFINED,
  ROLES_HEADERS,
  SKILLS_HEADERS,
  validateGradeRecords,
  validateRoleRecords,
  validateSkillRecords,
} from './ddat-rows.js';
import { FrameworkProblemsError, ImportError } from './errors.js';
import { contentHash } from './hash.js';
import {
  DDAT_2025_08,
  DDAT_ATTRIBUTION,
  DDAT_PUBLISHER,
  DDAT_SOURCE_URL,
  DDAT_TITLE,
  genericDdatProvenance,
  type DdatProvenance,
  type InputHashes,
} from './provenance.js';
import { OGL_V3, OGL_V3_URL, type EditionFile, type RolesFile, type SkillsFile } from './schemas.js';
import { validateEditionFolder, type EditionFolder } from './validate.js';

export interface DdatSources {
  roles: string;
  skills: string;
  grades: string | null;
}

export interface DdatImportOptions {
  /** "YYYY-MM": the release month; the edition id becomes "ddat-pcf-YYYY-MM". */
  edition: string;
  /** ISO date used when the sources are not a recorded release (see provenance.ts). */
  retrievedOn: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function collect<T>(problems: string[], run: () => T): T | null {
  try {
    return run();
  } catch (error) {
    if (error instanceof FrameworkProblemsError) problems.push(...error.problems);
    else throw error;
    return null;
  }
}

export function importDdat(sources: DdatSources, options: DdatImportOptions): EditionFolder {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.edition))
    throw new ImportError('Bad edition', [
      `--edition "${options.edition}" is not a release month like 2025-08`,
    ]);
  const problems: string[] = [];
  const parse = (text: string, file: string, headers: readonly string[], delimiter: ',' | '\t') =>
    collect(problems, () => parseDelimited(text, { file, headers, delimiter })) ?? ([] as SourceRecord[]);
  const roleRecords = parse(sources.roles, 'roles.csv', ROLES_HEADERS, ',');
  const skillRecords = parse(sources.skills, 'skills.csv', SKILLS_HEADERS, ',');
  const gradeRecords =
    sources.grades === null ? null : parse(sources.grades, 'grades.tsv', GRADES_HEADERS, '\t');
  const roleRows = validateRoleRecords(roleRecords);
  const skillRows = validateSkillRecords(skillRecords);
  const gradeRows = gradeRecords === null ? null : validateGradeRecords(gradeRecords);
  problems.push(...roleRows.problems, ...skillRows.problems, ...(gradeRows?.problems ?? []));
  for (const [file, records] of [
    ['roles.csv', roleRecords],
    ['skills.csv', skillRecords],
  ] as const)
    if (records.length === 0 && !problems.some((p) => p.startsWith(file)))
      problems.push(`${file}: no data rows`);
  if (problems.length > 0)
    throw new ImportError(`The framework export has ${problems.length} problem(s)`, problems);

  const editionId = `ddat-pcf-${options.edition}`;
  const built = buildDdat({
    editionId,
    roleRows: roleRows.rows,
    skillRows: skillRows.rows,
    gradeRows: gradeRows?.rows ?? null,
  });
  const hashes: InputHashes = {
    roles: sha256(sources.roles),
    skills: sha256(sources.skills),
    grades: sources.grades === null ? null : sha256(sources.grades),
  };
  const known =
    options.edition === '2025-08' && JSON.stringify(hashes) === JSON.stringify(DDAT_2025_08.hashes)
      ? DDAT_2025_08
      : null;
  const provenance = known ?? genericDdatProvenance(options.edition, options.retrievedOn, hashes);
  const counts = {
    sourceRoleRows: roleRecords.length,
    sourceSkillRows: skillRecords.length,
    ...countsOf(built.roles, built.skills),
    duplicateRoleRowsRemoved: built.report.duplicateRoleRows.length,
  };
  const edition = ddatEditionFile(editionId, provenance, built.report, counts, built.roles, built.skills);
  const folder: EditionFolder = {
    folder: `ddat-pcf/${options.edition}`,
    files: { 'edition.json': edition, 'roles.json': built.roles, 'skills.json': built.skills },
  };
  validateEditionFolder(folder);
  return folder;
}

export function countsOf(roles: RolesFile, skills: SkillsFile): Record<string, number> {
  const allRoles = roles.families.flatMap((f) => f.roles);
  const levels = allRoles.flatMap((r) => r.levels);
  const defined = skills.skills.flatMap((s) => Object.values(s.levels)).filter((l) => l !== null);
  return {
    families: roles.families.length,
    roles: allRoles.length,
    roleLevels: levels.length,
    roleLevelSkills: levels.reduce((n, l) => n + l.skills.length, 0),
    roleLevelsWithGrades: levels.filter((l) => l.grades.length > 0).length,
    seniorCivilServiceRoles: allRoles.filter((r) => r.roleType !== null).length,
    skills: skills.skills.length,
    seniorCivilServiceSkills: skills.skills.filter((s) => s.leadership !== null).length,
    skillLevelDescriptors: defined.length,
  };
}

function ddatEditionFile(
  id: string,
  provenance: DdatProvenance,
  report: DdatBuildReport,
  counts: Record<string, number>,
  roles: RolesFile,
  skills: SkillsFile,
): EditionFile {
  return {
    id,
    framework: 'ddat-pcf',
    title: DDAT_TITLE,
    edition: provenance.edition,
    publisher: DDAT_PUBLISHER,
    sourceUrl: DDAT_SOURCE_URL,
    sources: provenance.sources,
    retrievedOn: provenance.retrievedOn,
    licence: OGL_V3,
    licenceUrl: OGL_V3_URL,
    attribution: DDAT_ATTRIBUTION,
    cleaning: cleaningSteps(report),
    notes: [
      ...provenance.notes,
      'Families, roles, skills within a role level, and skills.json keep the order of the export; role levels are in ladder order.',
      'Senior Civil Service skills have no awareness/working/practitioner/expert levels: their levels are null and not listed under missing.',
    ],
    missing: report.missing,
    counts,
    files: ['roles.json', 'skills.json'],
    contentHash: contentHash({ 'roles.json': roles, 'skills.json': skills }),
  };
}

function cleaningSteps(report: DdatBuildReport): string[] {
  const placeholders = Object.entries(report.roleSkillDescriptionPlaceholders)
    .map(([p, n]) => `${n} ${p}`)
    .join(' and ');
  const notDefined = report.missing.filter((m) => m.source === NOT_DEFINED).length;
  const steps = [
    `Whitespace only, no wording changed (${report.cleanedCells.roles} cells of roles.csv, ${report.cleanedCells.skills} of skills.csv): spaces trimmed from both ends of every line, runs of spaces collapsed, zero-width spaces (U+200B) removed, no-break spaces (U+00A0) and line separators (U+2028) treated as spaces, repeated blank lines collapsed.`,
    `Names changed by that trimming: ${report.untidyNames.map((n) => JSON.stringify(n)).join(', ') || 'none'}.`,
    `${report.duplicateRoleRows.length} duplicate rows of roles.csv (identical to an earlier row) removed: rows ${report.duplicateRoleRows.join(', ') || 'none'} (row 1 is the header).`,
    `roles.csv Skill Description cells (${placeholders || 'none empty'}) dropped: every skill's description is taken once from skills.csv into skills.json; empty or "MISSING" there becomes null (listed under missing).`,
    `"This skill level is currently not defined." (${notDefined} cells) becomes null and is listed under missing; no text is written in its place.`,
    `Role levels ordered by grades.tsv level_number (the export lists them alphabetically); levelNumber is the position in this edition's ladder. Roles whose levels are not all in grades.tsv are ordered by their level names (trainee/apprentice, junior/associate/assistant, plain, senior, lead, principal, head/chief/director; ties keep export order): ${report.ladderByNameRule.join(', ') || 'none'}.`,
    'grades: the most common Civil Service grades from grades.tsv (e.g. "G7/G6" → ["G7","G6"]); [] where grades.tsv is blank or has no such level (listed under missing).',
    `Senior Civil Service roles whose Role Level and Skill Level are "NOT IN USE" (${report.notInUseRoles.join(', ') || 'none'}): kept as one role level named after the role, description null, requiredLevel null. Their skills' descriptors ("You can:" bullets, then "Examples of leadership using this skill:" bullets) are in the Skill Description column of the export: they are moved to skills.json "leadership" (description null) and copied to the role level as bullets and leadershipExamples.`,
    'Slugs are made from names: lower-case ASCII letters and digits joined by hyphens, apostrophes dropped; ids are "ddat-pcf:<family|role|role-level|skill>:<slug>" and stay the same across editions while names do.',
    'Not kept: the "Roles that require Skill" column of skills.csv (derivable from roles.json).',
  ];
  return steps;
}
