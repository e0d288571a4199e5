/** loadFrameworkLibrary: reads and validates framework-data/, or throws one error naming every problem. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appRoot } from '../paths.js';
import { FrameworkDataError } from './errors.js';
import { FrameworkLibrary } from './library.js';
import { GRADE_CODES, SCALE_IDS, gradesFileSchema, scalesFileSchema } from './schemas.js';
import {
  EDITION_LAYOUT,
  checkEditionFolder,
  parseWith,
  type Problem,
  type ValidEdition,
} from './validate.js';

type Read = { ok: true; value: unknown } | { ok: false; message: string };

async function readJson(path: string): Promise<Read> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? 'file not found' : String(error) };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function editionFolders(dir: string, top: string): Promise<string[] | null> {
  try {
    const entries = await readdir(join(dir, top), { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !e.name.includes('.tmp-'))
      .map((e) => `${top}/${e.name}`)
      .sort();
  } catch {
    return null;
  }
}

export async function loadFrameworkLibrary(dir = join(appRoot, 'framework-data')): Promise<FrameworkLibrary> {
  const lines: string[] = [];
  const report = (file: string, problems: readonly Problem[]) => {
    for (const p of problems) lines.push(`${join(file, p.file)}: ${p.path}: ${p.message}`);
  };
  const editions: ValidEdition[] = [];
  for (const [top, layout] of Object.entries(EDITION_LAYOUT)) {
    const folders = await editionFolders(dir, top);
    if (folders === null || folders.length === 0) {
      lines.push(`${join(dir, top)}: no edition folder found`);
      continue;
    }
    for (const folder of folders) {
      const files: Record<string, unknown> = {};
      let readable = true;
      for (const name of ['edition.json', ...layout.files]) {
        const read = await readJson(join(dir, folder, name));
        if (read.ok) files[name] = read.value;
        else {
          readable = false;
          lines.push(`${join(dir, folder, name)}: (root): ${read.message}`);
        }
      }
      if (!readable) continue;
      const { edition, problems } = checkEditionFolder({ folder, files });
      report(join(dir, folder), problems);
      if (edition !== null) editions.push(edition);
    }
  }
  const problems: Problem[] = [];
  const scalesRead = await readJson(join(dir, 'scales.json'));
  const gradesRead = await readJson(join(dir, 'grades.json'));
  for (const [name, read] of [
    ['scales.json', scalesRead],
    ['grades.json', gradesRead],
  ] as const)
    if (!read.ok) lines.push(`${join(dir, name)}: (root): ${read.message}`);
  const scales = scalesRead.ok
    ? parseWith(scalesFileSchema, 'scales.json', scalesRead.value, problems)
    : null;
  const grades = gradesRead.ok
    ? parseWith(gradesFileSchema, 'grades.json', gradesRead.value, problems)
    : null;
  for (const id of SCALE_IDS)
    if (scales !== null && !scales.scales.some((s) => s.id === id))
      problems.push({ file: 'scales.json', path: 'scales', message: `scale "${id}" is missing` });
  if (grades !== null) {
    const codes = grades.grades.map((g) => g.code);
    for (const code of GRADE_CODES)
      if (codes.filter((c) => c === code).length !== 1)
        problems.push({
          file: 'grades.json',
          path: 'grades',
          message: `grade ${code} must appear exactly once`,
        });
  }
  report(dir, problems);
  if (lines.length > 0 || scales === null || grades === null)
    throw new FrameworkDataError(`Framework data in ${dir} is invalid (${lines.length} problem(s)):`, lines);
  return new FrameworkLibrary(editions, scales, grades);
}
