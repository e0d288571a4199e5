/** Shared helpers for the framework tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameworkLibrary } from '../../../server/framework/library.js';
import { loadFrameworkLibrary } from '../../../server/framework/load.js';

export const DATA_DIR = 'framework-data';
export const SOURCES = join(DATA_DIR, 'sources');
export const ROLES_CSV = join(SOURCES, 'ddat-pcf-2025-08-release', 'roles.csv');
export const SKILLS_CSV = join(SOURCES, 'ddat-pcf-2025-08-release', 'skills.csv');
export const GRADES_TSV = join(SOURCES, 'ddat-pcf-2026-10-grades', 'grades.tsv');
export const SEEDS = join('test', 'unit', 'framework', 'fixtures', 'seeds');

let library: Promise<FrameworkLibrary> | undefined;

/** The committed framework-data/, loaded once per test run. */
export function committedLibrary(): Promise<FrameworkLibrary> {
  library ??= loadFrameworkLibrary(DATA_DIR);
  return library;
}

export async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'framework-test-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** RFC 4180 CSV text from rows of fields. */
export function csvOf(rows: ReadonlyArray<readonly string[]>, delimiter = ','): string {
  const field = (v: string) => (delimiter === ',' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(field).join(delimiter)).join('\n') + '\n';
}
