/** Checks validated rows against each other, then builds roles.json and skills.json. Pure; throws ImportError. */
import { ImportError } from './errors.js';
import { buildRole, buildSkill } from './ddat-emit.js';
import type { GradeRow, RoleRow, SkillRow } from './ddat-rows.js';
import type { MissingEntry, RolesFile, SkillsFile } from './schemas.js';
import { slugify } from './text.js';

type Family = RolesFile['families'][number];

export interface DdatBuildInput {
  editionId: string;
  roleRows: readonly RoleRow[];
  skillRows: readonly SkillRow[];
  /** null when no grades.tsv was given: ladder order then comes from level names, grades are unknown. */
  gradeRows: readonly GradeRow[] | null;
  files?: { roles: string; skills: string; grades: string };
}

export interface DdatBuildReport {
  duplicateRoleRows: number[];
  duplicateSkillRows: number[];
  cleanedCells: { roles: number; skills: number };
  untidyNames: string[];
  roleSkillDescriptionPlaceholders: Record<string, number>;
  ladderByNameRule: string[];
  notInUseRoles: string[];
  missing: MissingEntry[];
}

export interface DdatBuildResult {
  roles: RolesFile;
  skills: SkillsFile;
  report: DdatBuildReport;
}

export interface LevelGroup {
  name: string | null;
  first: RoleRow;
  rows: RoleRow[];
}
export interface RoleGroup {
  first: RoleRow;
  levels: Map<string | null, LevelGroup>;
}

/** Same content apart from the row bookkeeping. */
function sameContent(a: RoleRow, b: RoleRow): boolean {
  const strip = ({ row: _r, cleanedCells: _c, untidyNames: _u, ...rest }: RoleRow) => JSON.stringify(rest);
  return strip(a) === strip(b);
}

function uniqueSlugs<T>(items: Iterable<T>, slugOf: (t: T) => string, describe: (t: T) => string): string[] {
  const seen = new Map<string, T>();
  const problems: string[] = [];
  for (const item of items) {
    const slug = slugOf(item);
    const other = seen.get(slug);
    if (slug === '') problems.push(`${describe(item)} has no letters or digits to make a slug from`);
    else if (other !== undefined)
      problems.push(`${describe(item)} has the same slug "${slug}" as ${describe(other)}`);
    else seen.set(slug, item);
  }
  return problems;
}

export function buildDdat(input: DdatBuildInput): DdatBuildResult {
  const files = input.files ?? { roles: 'roles.csv', skills: 'skills.csv', grades: 'grades.tsv' };
  const problems: string[] = [];
  const report: DdatBuildReport = {
    duplicateRoleRows: [],
    duplicateSkillRows: [],
    cleanedCells: { roles: 0, skills: 0 },
    untidyNames: [],
    roleSkillDescriptionPlaceholders: {},
    ladderByNameRule: [],
    notInUseRoles: [],
    missing: [],
  };

  // skills.csv: one row per skill name
  const skillsByName = new Map<string, SkillRow>();
  for (const s of input.skillRows) {
    const other = skillsByName.get(s.name);
    if (other === undefined) skillsByName.set(s.name, s);
    else if (JSON.stringify({ ...s, row: 0 }) === JSON.stringify({ ...other, row: 0 }))
      report.duplicateSkillRows.push(s.row);
    else
      problems.push(
        `${files.skills} row ${s.row}: Skill Name "${s.name}" already appears in row ${other.row}`,
      );
  }
  report.cleanedCells.skills = input.skillRows.reduce((n, s) => n + s.cleanedCells, 0);

  // grades.tsv: one row per role level and per level number
  const gradeKeys = new Map<string, number>();
  for (const g of input.gradeRows ?? []) {
    for (const key of [`${g.role}\u0000${g.level}`, `${g.role}\u0000#${g.levelNumber}`]) {
      const other = gradeKeys.get(key);
      if (other !== undefined)
        problems.push(
          `${files.grades} row ${g.row}: role "${g.role}" repeats row ${other} (same level or level_number)`,
        );
      else gradeKeys.set(key, g.row);
    }
  }

  // roles.csv: de-duplicate and group family → role → level, checking repeated values agree
  const families = new Map<string, Map<string, RoleGroup>>();
  const roleFamily = new Map<string, RoleRow>();
  const firstSkillRow = new Map<string, RoleRow>();
  for (const r of input.roleRows) {
    report.cleanedCells.roles += r.cleanedCells;
    for (const name of r.untidyNames) if (!report.untidyNames.includes(name)) report.untidyNames.push(name);
    const at = `${files.roles} row ${r.row}`;
    const skill = skillsByName.get(r.skill);
    if (r.skillDescription.value === null) {
      const key = r.skillDescription.placeholder === '' ? 'empty' : `"${r.skillDescription.placeholder}"`;
      report.roleSkillDescriptionPlaceholders[key] = (report.roleSkillDescriptionPlaceholders[key] ?? 0) + 1;
    }
    if (skill === undefined) {
      problems.push(`${at}: Skill Name "${r.skill}" is not in ${files.skills}`);
      continue;
    }
    if (r.skillDescription.value !== null && r.skillDescription.value !== skill.descriptionText)
      problems.push(`${at}: Skill Description of "${r.skill}" differs from ${files.skills} row ${skill.row}`);
    if (r.level === null && skill.leadership === null)
      problems.push(
        `${at}: role level is NOT IN USE but "${r.skill}" has no leadership descriptor in ${files.skills}`,
      );
    const sameRole = roleFamily.get(r.role);
    if (sameRole === undefined) roleFamily.set(r.role, r);
    else if (sameRole.family !== r.family)
      problems.push(
        `${at}: role "${r.role}" is in family "${r.family}" but in "${sameRole.family}" in row ${sameRole.row}`,
      );
    else if (JSON.stringify(sameRole.roleDescription) !== JSON.stringify(r.roleDescription))
      problems.push(`${at}: Role Description of "${r.role}" differs from row ${sameRole.row}`);
    else if (sameRole.roleType !== r.roleType)
      problems.push(`${at}: Role Type of "${r.role}" differs from row ${sameRole.row}`);
    const skillFirst = firstSkillRow.get(r.skill);
    if (skillFirst === undefined) firstSkillRow.set(r.skill, r);

    const roles = families.get(r.family) ?? new Map<string, RoleGroup>();
    families.set(r.family, roles);
    const role = roles.get(r.role) ?? { first: r, levels: new Map<string | null, LevelGroup>() };
    roles.set(r.role, role);
    const level = role.levels.get(r.level) ?? { name: r.level, first: r, rows: [] };
    role.levels.set(r.level, level);
    if (JSON.stringify(level.first.levelDescription) !== JSON.stringify(r.levelDescription))
      problems.push(
        `${at}: Role Level Description of "${r.role}" / "${r.level}" differs from row ${level.first.row}`,
      );
    const same = level.rows.find((x) => x.skill === r.skill);
    if (same === undefined) level.rows.push(r);
    else if (sameContent(same, r)) report.duplicateRoleRows.push(r.row);
    else
      problems.push(
        `${at}: "${r.role}" / "${r.level}" / "${r.skill}" already appears in row ${same.row} with different content`,
      );
  }
  for (const [name, roles] of families) {
    for (const [roleName, role] of roles) {
      if (role.levels.has(null) && role.levels.size > 1)
        problems.push(
          `${files.roles} row ${role.first.row}: role "${roleName}" mixes NOT IN USE and named role levels`,
        );
    }
    if (roles.size === 0) problems.push(`family "${name}" has no roles`);
  }
  const allRoles = [...families.values()].flatMap((roles) => [...roles.values()]);
  const allLevels = allRoles.flatMap((role) => [...role.levels.values()].map((l) => ({ role, l })));
  const rowAt = (r: RoleRow) => `${files.roles} row ${r.row}`;
  problems.push(
    ...uniqueSlugs(families.keys(), slugify, (f) => `family "${f}"`),
    ...uniqueSlugs(
      allRoles,
      (r) => slugify(r.first.role),
      (r) => `${rowAt(r.first)}: role "${r.first.role}"`,
    ),
    ...uniqueSlugs(
      allLevels,
      ({ role, l }) => slugify(l.name ?? role.first.role),
      ({ role, l }) => `${rowAt(l.first)}: role level "${l.name ?? role.first.role}"`,
    ),
    ...uniqueSlugs(
      skillsByName.values(),
      (s) => slugify(s.name),
      (s) => `${files.skills} row ${s.row}: skill "${s.name}"`,
    ),
  );
  if (problems.length > 0)
    throw new ImportError(`The framework export has ${problems.length} problem(s)`, problems);

  const roles: RolesFile = { editionId: input.editionId, families: [] };
  for (const [familyName, roleGroups] of families) {
    const familySlug = slugify(familyName);
    const family: Family = {
      id: `ddat-pcf:family:${familySlug}`,
      slug: familySlug,
      name: familyName,
      roles: [],
    };
    for (const group of roleGroups.values())
      family.roles.push(buildRole(group, familySlug, input.gradeRows, skillsByName, report));
    roles.families.push(family);
  }
  const skills: SkillsFile = {
    editionId: input.editionId,
    skills: [...skillsByName.values()].map((s) => buildSkill(s, report)),
  };
  return { roles, skills, report };
}
