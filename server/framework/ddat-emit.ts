/** Turns grouped, checked rows into roles.json and skills.json entries, noting what the source leaves out. */
import type { DdatBuildReport, RoleGroup } from './ddat-build.js';
import { NOT_DEFINED, type GradeRow, type RoleRow, type SkillRow } from './ddat-rows.js';
import { orderLevels } from './ladder.js';
import { SKILL_LEVELS, type RolesFile, type SkillsFile } from './schemas.js';
import { slugify } from './text.js';

type Role = RolesFile['families'][number]['roles'][number];
type Level = Role['levels'][number];
type Skill = SkillsFile['skills'][number];

export function buildRole(
  group: RoleGroup,
  familySlug: string,
  gradeRows: readonly GradeRow[] | null,
  skillsByName: ReadonlyMap<string, SkillRow>,
  report: DdatBuildReport,
): Role {
  const { first } = group;
  const slug = slugify(first.role);
  if (first.roleDescription.value === null)
    report.missing.push({
      file: 'roles.json',
      item: slug,
      field: 'description',
      source: first.roleDescription.placeholder,
    });
  const named = [...group.levels.keys()].filter((n): n is string => n !== null);
  const ladder = orderLevels(first.role, named, gradeRows);
  if (named.length > 0 && ladder.source === 'name-rule') report.ladderByNameRule.push(slug);
  if (named.length === 0) report.notInUseRoles.push(slug);
  const steps = named.length > 0 ? ladder.steps : [{ name: null, grades: null }];
  const levels = steps.map((step, index): Level => {
    const group2 = group.levels.get(step.name);
    if (group2 === undefined) throw new Error(`internal: level ${String(step.name)} lost`);
    const name = step.name ?? first.role;
    const levelSlug = slugify(name);
    const where = `${slug}/${levelSlug}`;
    const description = group2.first.levelDescription;
    if (description.value === null)
      report.missing.push({
        file: 'roles.json',
        item: where,
        field: 'description',
        source: description.placeholder,
      });
    if (step.grades === null || step.grades.length === 0) {
      const source = gradeRows === null ? 'no grades.tsv' : step.grades === null ? 'not in grades.tsv' : '';
      report.missing.push({ file: 'roles.json', item: where, field: 'grades', source });
    }
    return {
      id: `ddat-pcf:role-level:${levelSlug}`,
      slug: levelSlug,
      name,
      description: description.value,
      levelNumber: index + 1,
      grades: step.grades ?? [],
      skills: group2.rows.map((r) =>
        levelSkill(r, skillsByName.get(r.skill), `${where}/${slugify(r.skill)}`, report),
      ),
    };
  });
  return {
    id: `ddat-pcf:role:${slug}`,
    slug,
    name: first.role,
    description: first.roleDescription.value,
    family: familySlug,
    roleType: first.roleType,
    levels,
  };
}

function levelSkill(
  r: RoleRow,
  skill: SkillRow | undefined,
  where: string,
  report: DdatBuildReport,
): Level['skills'][number] {
  const base = { skillSlug: slugify(r.skill), name: r.skill, requiredLevel: r.requiredLevel };
  if (r.levelText !== null)
    return { ...base, levelDescription: r.levelText.text, bullets: r.levelText.descriptor.text };
  const leadership = skill?.leadership;
  if (r.level === null && leadership)
    return { ...base, bullets: leadership.text, leadershipExamples: leadership.examples };
  report.missing.push({
    file: 'roles.json',
    item: where,
    field: 'bullets',
    source: r.levelTextPlaceholder ?? NOT_DEFINED,
  });
  return { ...base, bullets: [] };
}

export function buildSkill(s: SkillRow, report: DdatBuildReport): Skill {
  const slug = slugify(s.name);
  if (s.description.value === null && s.leadership === null)
    report.missing.push({
      file: 'skills.json',
      item: slug,
      field: 'description',
      source: s.description.placeholder,
    });
  const levels = {} as Skill['levels'];
  for (const level of SKILL_LEVELS) {
    const { descriptor, placeholder } = s.levels[level];
    levels[level] = descriptor === null ? null : { intro: descriptor.intro, text: descriptor.text };
    if (descriptor === null && s.leadership === null)
      report.missing.push({
        file: 'skills.json',
        item: slug,
        field: `levels.${level}`,
        source: placeholder ?? '',
      });
  }
  return {
    id: `ddat-pcf:skill:${slug}`,
    slug,
    name: s.name,
    description: s.description.value,
    levels,
    leadership: s.leadership,
  };
}
