/**
 * Regenerates all of framework-data/ from framework-sources/:
 *   node --import tsx server/framework/build-editions.ts [--sources framework-data/sources] [--out framework-data]
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCscf, buildSuccessProfiles } from './behaviours-build.js';
import { importDdat } from './ddat-edition.js';
import { FrameworkProblemsError } from './errors.js';
import { writeEditionFolder, writeJsonFile } from './files.js';
import { GRADES, SCALES } from './reference-data.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const sources = option('sources', 'framework-data/sources');
const out = option('out', 'framework-data');
const text = (path: string) => readFile(join(sources, path), 'utf8');

try {
  const ddat = importDdat(
    {
      roles: await text('ddat-pcf-2025-08-release/roles.csv'),
      skills: await text('ddat-pcf-2025-08-release/skills.csv'),
      grades: await text('ddat-pcf-2026-10-grades/grades.tsv'),
    },
    { edition: '2025-08', retrievedOn: new Date().toISOString().slice(0, 10) },
  );
  const sp = buildSuccessProfiles(JSON.parse(await text('behaviours/success-profiles-behaviours.json')));
  const cscf = buildCscf(JSON.parse(await text('behaviours/cscf-2012.json')));
  for (const folder of [ddat, sp, cscf]) console.log(`Wrote ${await writeEditionFolder(out, folder)}`);
  await writeJsonFile(join(out, 'scales.json'), SCALES);
  await writeJsonFile(join(out, 'grades.json'), GRADES);
  console.log(`Wrote ${join(out, 'scales.json')} and ${join(out, 'grades.json')}`);
} catch (error) {
  if (!(error instanceof FrameworkProblemsError)) throw error;
  console.error(`${error.message}\nNothing more was written.`);
  process.exitCode = 1;
}
