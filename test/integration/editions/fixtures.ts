/** Fixture editions made from the shipped sources: each a small, named change to the official export. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

const SOURCES = 'framework-data/sources';

export type Table = string[][];

export async function shippedSources() {
  const [roles, skills, grades] = await Promise.all([
    readFile(join(SOURCES, 'ddat-pcf-2025-08-release/roles.csv')),
    readFile(join(SOURCES, 'ddat-pcf-2025-08-release/skills.csv')),
    readFile(join(SOURCES, 'ddat-pcf-2026-10-grades/grades.tsv')),
  ]);
  return { roles, skills, grades };
}

export function table(csv: Buffer | string): Table {
  return parse(csv, { bom: true, relax_column_count: true });
}

export function csv(rows: Table): Buffer {
  return Buffer.from(
    rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n',
  );
}

// roles.csv columns
const ROLE = 1;
const ROLE_DESCRIPTION = 2;
const LEVEL = 3;
const LEVEL_DESCRIPTION = 4;
const SKILL = 5;
const SKILL_LEVEL = 7;
const LEVEL_TEXT = 8;

export const OLD_WORDING = 'apply modern development standards and support others in applying them';
export const NEW_WORDING = 'apply modern development standards and coach others in applying them';

/**
 * The "next release": Data ethics lead renamed Data and AI ethics lead, Agile coach added, Data
 * engineer without Technical understanding, and one descriptor of Developer reworded.
 */
export function nextRelease(roles: Buffer): Buffer {
  const [header, ...rows] = table(roles);
  const changed: Table = [];
  for (const row of rows) {
    const r = [...row];
    if (r[ROLE] === 'Data engineer' && r[SKILL] === 'Technical understanding') continue;
    if (r[ROLE] === 'Data ethicist' && r[LEVEL] === 'Data ethics lead') r[LEVEL] = 'Data and AI ethics lead';
    if (r[ROLE] === 'Software developer' && r[LEVEL] === 'Developer' && r[LEVEL_TEXT]?.includes(OLD_WORDING))
      r[LEVEL_TEXT] = r[LEVEL_TEXT].replace(OLD_WORDING, NEW_WORDING);
    changed.push(r);
  }
  const coach = rows
    .filter((r) => r[ROLE] === 'Data engineer' && r[LEVEL] === 'Data engineer')
    .filter((r) => r[SKILL] !== 'Technical understanding')
    .map((r) => {
      const c = [...r];
      c[ROLE] = 'Agile coach';
      c[ROLE_DESCRIPTION] = 'Agile coaches help teams and organisations work in agile ways.';
      c[LEVEL] = 'Senior agile coach';
      c[LEVEL_DESCRIPTION] = 'A senior agile coach coaches teams.';
      return c;
    });
  return csv([header!, ...changed, ...coach]);
}

/** A second row for the same role level and skill, with different content. */
export function withConflictingDuplicate(roles: Buffer): { file: Buffer; row: number } {
  const [header, ...rows] = table(roles);
  const copy = [...rows[0]!];
  copy[SKILL_LEVEL] = copy[SKILL_LEVEL] === 'Expert' ? 'Awareness' : 'Expert';
  return { file: csv([header!, ...rows, copy]), row: rows.length + 2 };
}

/** Row 3's skill level left empty. */
export function withMissingLevel(roles: Buffer): Buffer {
  const [header, ...rows] = table(roles);
  rows[1] = [...rows[1]!];
  rows[1][SKILL_LEVEL] = '';
  return csv([header!, ...rows]);
}

export function withRenamedHeader(roles: Buffer): Buffer {
  const [header, ...rows] = table(roles);
  return csv([header!.map((h) => (h === 'Skill Level' ? 'Level' : h)), ...rows]);
}
