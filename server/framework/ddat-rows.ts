/** Row-level validation of the Capability Framework exports. Pure: records in, typed rows and problems out. */
import type { SourceRecord } from './csv.js';
import { GRADE_CODES, SKILL_LEVELS, type GradeCode, type SkillLevel } from './schemas.js';
import { cleanText, sections } from './text.js';

export const ROLES_HEADERS = [
  'Role Family',
  'Role',
  'Role Description',
  'Role Level',
  'Role Level Description',
  'Skill Name',
  'Skill Description',
  'Skill Level',
  'Skill Level Description',
  'Role Type',
] as const;
export const SKILLS_HEADERS = [
  'Skill Name',
  'Skill Description',
  'Awareness',
  'Working',
  'Practitioner',
  'Expert',
  'Roles that require Skill',
] as const;
export const GRADES_HEADERS = ['role', 'slug', 'level_number', 'role_level', 'civil_service_grades'] as const;

export const NOT_IN_USE = 'NOT IN USE';
export const MISSING = 'MISSING';
export const NOT_DEFINED = 'This skill level is currently not defined.';
export const SCS_ROLE_TYPE = 'Senior Civil Service';
export const LEADERSHIP_HEADING = 'Examples of leadership using this skill:';
const LEVEL_NAMES: Readonly<Record<string, SkillLevel>> = {
  Awareness: 'awareness',
  Working: 'working',
  Practitioner: 'practitioner',
  Expert: 'expert',
};
export const SKILL_LEVEL_COLUMNS: Readonly<Record<SkillLevel, string>> = {
  awareness: 'Awareness',
  working: 'Working',
  practitioner: 'Practitioner',
  expert: 'Expert',
};

export interface Descriptor {
  intro: string;
  text: string[];
}
export interface LeadershipDescriptor extends Descriptor {
  examplesIntro: string;
  examples: string[];
}

/** Cleaned text, or null with the placeholder found ("" for empty, "MISSING", ...). */
export type Cell = { value: string; placeholder: null } | { value: null; placeholder: string };

export interface RoleRow {
  row: number;
  family: string;
  role: string;
  roleDescription: Cell;
  /** null when the source says NOT IN USE (the chief roles have no ladder). */
  level: string | null;
  levelDescription: Cell;
  skill: string;
  skillDescription: Cell;
  requiredLevel: SkillLevel | null;
  /** The cleaned "Skill Level Description" and its bullets; null when NOT IN USE or not defined. */
  levelText: { text: string; descriptor: Descriptor } | null;
  levelTextPlaceholder: string | null;
  roleType: typeof SCS_ROLE_TYPE | null;
  /** Changed by whitespace cleaning (count for the edition notes). */
  cleanedCells: number;
  /** Names (family, role, level, skill) as found, where cleaning changed them, e.g. a trailing space. */
  untidyNames: string[];
}

export interface SkillRow {
  row: number;
  name: string;
  /** null when empty/MISSING, and for SCS skills, whose description column holds the leadership descriptor. */
  description: Cell;
  /** The cleaned description column as found, for comparison with roles.csv. */
  descriptionText: string;
  levels: Record<SkillLevel, { descriptor: Descriptor | null; placeholder: string | null }>;
  leadership: LeadershipDescriptor | null;
  cleanedCells: number;
}

export interface GradeRow {
  row: number;
  role: string;
  level: string;
  levelNumber: number;
  grades: GradeCode[];
  gradesText: string;
}

export interface RowsResult<T> {
  rows: T[];
  problems: string[];
}

export function cell(raw: string, placeholders: readonly string[] = [MISSING]): Cell {
  const value = cleanText(raw);
  if (value === '' || placeholders.includes(value)) return { value: null, placeholder: value };
  return { value, placeholder: null };
}

/** "You can:" followed by "- " bullets; null if the text has any other shape. */
export function parseDescriptor(text: string): Descriptor | null {
  const parts = sections(text);
  const [only] = parts;
  if (parts.length !== 1 || only === undefined || only.heading === null || only.items.length === 0)
    return null;
  return { intro: only.heading, text: only.items };
}

/** SCS skills: "You can:" bullets, then "Examples of leadership using this skill:" bullets. */
export function parseLeadership(text: string): LeadershipDescriptor | null {
  const parts = sections(text);
  const [can, examples] = parts;
  if (parts.length !== 2 || can === undefined || examples === undefined || can.heading === null) return null;
  if (examples.heading !== LEADERSHIP_HEADING || can.items.length === 0 || examples.items.length === 0)
    return null;
  return { intro: can.heading, text: can.items, examplesIntro: examples.heading, examples: examples.items };
}

function countCleaned(values: Readonly<Record<string, string>>): number {
  return Object.values(values).filter((v) => v !== '' && cleanText(v) !== v).length;
}

const NAME_COLUMNS = ['Role Family', 'Role', 'Role Level', 'Skill Name'] as const;
const LEVEL_LIST = Object.keys(LEVEL_NAMES).join(', ');
const BULLETS_SHAPE = 'is not a lead-in line (e.g. "You can:") followed by "- " bullets';

export function validateRoleRecords(
  records: readonly SourceRecord[],
  file = 'roles.csv',
): RowsResult<RoleRow> {
  const rows: RoleRow[] = [];
  const problems: string[] = [];
  for (const { row, values } of records) {
    const v = (name: (typeof ROLES_HEADERS)[number]) => cleanText(values[name] ?? '');
    const here: string[] = [];
    for (const name of ['Role Family', 'Role', 'Role Level', 'Skill Name', 'Skill Level'] as const) {
      if (v(name) === '') here.push(`${name} is empty`);
    }
    const notInUse = v('Role Level') === NOT_IN_USE;
    const skillLevelText = v('Skill Level');
    const requiredLevel = LEVEL_NAMES[skillLevelText] ?? null;
    if (skillLevelText === NOT_IN_USE && !notInUse)
      here.push(`Skill Level is ${NOT_IN_USE} but Role Level is not`);
    else if (notInUse && skillLevelText !== NOT_IN_USE && skillLevelText !== '')
      here.push(`Role Level is ${NOT_IN_USE} but Skill Level is "${skillLevelText}"`);
    else if (!notInUse && requiredLevel === null && skillLevelText !== '')
      here.push(`Skill Level "${skillLevelText}" is not one of ${LEVEL_LIST}`);
    const roleTypeText = v('Role Type');
    if (roleTypeText !== '' && roleTypeText !== SCS_ROLE_TYPE)
      here.push(`Role Type "${roleTypeText}" is neither empty nor "${SCS_ROLE_TYPE}"`);
    const levelTextCell = cell(values['Skill Level Description'] ?? '', [NOT_IN_USE, NOT_DEFINED]);
    let levelText: RoleRow['levelText'] = null;
    if (notInUse) {
      if (levelTextCell.placeholder !== NOT_IN_USE)
        here.push(`Role Level is ${NOT_IN_USE} but Skill Level Description is not ${NOT_IN_USE}`);
    } else if (levelTextCell.value !== null) {
      const descriptor = parseDescriptor(levelTextCell.value);
      if (descriptor === null) here.push(`Skill Level Description ${BULLETS_SHAPE}`);
      else levelText = { text: levelTextCell.value, descriptor };
    } else if (levelTextCell.placeholder !== NOT_DEFINED) {
      here.push(
        `Skill Level Description is ${levelTextCell.placeholder === '' ? 'empty' : levelTextCell.placeholder}`,
      );
    }
    if (here.length > 0) {
      problems.push(...here.map((p) => `${file} row ${row}: ${p}`));
      continue;
    }
    rows.push({
      row,
      family: v('Role Family'),
      role: v('Role'),
      roleDescription: cell(values['Role Description'] ?? ''),
      level: notInUse ? null : v('Role Level'),
      levelDescription: cell(values['Role Level Description'] ?? '', [MISSING, NOT_IN_USE]),
      skill: v('Skill Name'),
      skillDescription: cell(values['Skill Description'] ?? ''),
      requiredLevel,
      levelText,
      levelTextPlaceholder: levelTextCell.placeholder,
      roleType: roleTypeText === SCS_ROLE_TYPE ? SCS_ROLE_TYPE : null,
      cleanedCells: countCleaned(values),
      untidyNames: NAME_COLUMNS.map((c) => values[c] ?? '').filter((raw) => raw !== cleanText(raw)),
    });
  }
  return { rows, problems };
}

export function validateSkillRecords(
  records: readonly SourceRecord[],
  file = 'skills.csv',
): RowsResult<SkillRow> {
  const rows: SkillRow[] = [];
  const problems: string[] = [];
  for (const { row, values } of records) {
    const here: string[] = [];
    const name = cleanText(values['Skill Name'] ?? '');
    if (name === '') here.push('Skill Name is empty');
    const descriptionText = cleanText(values['Skill Description'] ?? '');
    let description = cell(values['Skill Description'] ?? '');
    let leadership: LeadershipDescriptor | null = null;
    if (description.value?.split('\n').includes(LEADERSHIP_HEADING)) {
      leadership = parseLeadership(description.value);
      if (leadership === null)
        here.push(
          `Skill Description has "${LEADERSHIP_HEADING}" but not as "You can:" bullets then example bullets`,
        );
      description = { value: null, placeholder: LEADERSHIP_HEADING };
    }
    const levels = {} as SkillRow['levels'];
    for (const level of SKILL_LEVELS) {
      const column = SKILL_LEVEL_COLUMNS[level];
      const c = cell(values[column] ?? '', [NOT_DEFINED]);
      const descriptor = c.value === null ? null : parseDescriptor(c.value);
      if (c.value !== null && descriptor === null) here.push(`${column} ${BULLETS_SHAPE}`);
      levels[level] = { descriptor, placeholder: c.placeholder };
    }
    if (here.length > 0) problems.push(...here.map((p) => `${file} row ${row}: ${p}`));
    else
      rows.push({
        row,
        name,
        description,
        descriptionText,
        levels,
        leadership,
        cleanedCells: countCleaned(values),
      });
  }
  return { rows, problems };
}

const GRADE_LIST = GRADE_CODES.join(', ');

export function validateGradeRecords(
  records: readonly SourceRecord[],
  file = 'grades.tsv',
): RowsResult<GradeRow> {
  const rows: GradeRow[] = [];
  const problems: string[] = [];
  for (const { row, values } of records) {
    const here: string[] = [];
    const role = cleanText(values['role'] ?? '');
    const level = cleanText(values['role_level'] ?? '');
    const numberText = cleanText(values['level_number'] ?? '');
    const gradesText = cleanText(values['civil_service_grades'] ?? '');
    if (role === '') here.push('role is empty');
    if (level === '') here.push('role_level is empty');
    const levelNumber = /^[1-9][0-9]*$/.test(numberText) ? Number(numberText) : NaN;
    if (Number.isNaN(levelNumber)) here.push(`level_number "${numberText}" is not a whole number from 1`);
    const tokens = gradesText === '' ? [] : gradesText.split('/').map((g) => g.trim());
    const grades = tokens.filter((g): g is GradeCode => (GRADE_CODES as readonly string[]).includes(g));
    if (grades.length !== tokens.length)
      here.push(`civil_service_grades "${gradesText}" is not a "/"-separated list of ${GRADE_LIST}`);
    if (here.length > 0) problems.push(...here.map((p) => `${file} row ${row}: ${p}`));
    else rows.push({ row, role, level, levelNumber, grades, gradesText });
  }
  return { rows, problems };
}
