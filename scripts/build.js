// npm run build: a clean dist/ compiled by tsc (tsconfig.build.json), plus the files under server/
// that are not TypeScript (fonts and the like), which the code reads next to itself.
// views/, public/ and framework-data/ stay where they are: the app finds them from server/paths.ts.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const started = performance.now();

// A clean folder: a migration renamed or removed must not linger in dist/migrations.
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

let assets = 0;
for (const entry of readdirSync(path.join(root, 'server'), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith('.ts')) continue;
  const from = path.join(entry.parentPath, entry.name);
  cpSync(from, path.join(dist, path.relative(root, from)));
  assets++;
}
console.log(`Built dist/ in ${Math.round(performance.now() - started)} ms (${assets} asset files copied).`);
