/** Small hand-made Capability Framework exports for importer tests. */
import { GRADES_HEADERS, ROLES_HEADERS, SKILLS_HEADERS } from '../../../server/framework/ddat-rows.js';
import { csvOf } from './helpers.js';

export type RoleColumn = (typeof ROLES_HEADERS)[number];
export type RoleRowValues = Record<RoleColumn, string>;

export const SKILL_NAMES = Array.from({ length: 20 }, (_, i) => `Skill ${String.fromCharCode(65 + i)}`);

export function roleRow(over: Partial<RoleRowValues> = {}): RoleRowValues {
  return {
    'Role Family': 'Software development',
    Role: 'Software developer',
    'Role Description': 'A software developer writes software.\n\nIn this role, you will:\n- write code',
    'Role Level': 'Developer',
    'Role Level Description': 'A developer delivers components.',
    'Skill Name': 'Skill A',
    'Skill Description': 'MISSING',
    'Skill Level': 'Working',
    'Skill Level Description': 'You can:\n- do the thing',
    'Role Type': '',
    ...over,
  };
}

/** 20 data rows (rows 2..21): Developer and Senior developer levels, one skill each row. */
export function goodRoleRows(): RoleRowValues[] {
  return SKILL_NAMES.map((name, i) =>
    roleRow({
      'Role Level': i < 10 ? 'Senior developer' : 'Developer',
      'Role Level Description': i < 10 ? 'A senior developer leads.' : 'A developer delivers components.',
      'Skill Name': name,
      'Skill Level Description': `You can:\n- use ${name.toLowerCase()}`,
    }),
  );
}

export function rolesCsv(rows: readonly RoleRowValues[]): string {
  return csvOf([[...ROLES_HEADERS], ...rows.map((r) => ROLES_HEADERS.map((h) => r[h]))]);
}

export function skillsCsv(descriptions: Readonly<Record<string, string>> = {}): string {
  const rows = SKILL_NAMES.map((name) => [
    name,
    descriptions[name] ?? `${name} involves things.`,
    'This skill level is currently not defined.',
    `You can:\n- use ${name.toLowerCase()}`,
    'You can:\n- teach it',
    'You can:\n- lead it',
    'Software developer',
  ]);
  return csvOf([[...SKILLS_HEADERS], ...rows]);
}

export function gradesTsv(rows: ReadonlyArray<readonly [string, string, string, string, string]>): string {
  return csvOf([[...GRADES_HEADERS], ...rows], '\t');
}
