// CI, after `npm run build`: every package the compiled app imports or resolves is a production
// dependency, so `npm ci --omit=dev` (the Docker image) has all it needs and nothing from tsx.
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const production = new Set(Object.keys(manifest.dependencies ?? {}));
const builtins = new Set(builtinModules);
const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire(?:\.resolve)?\s*\(\s*)['"]([^'"]+)['"]/g;

const problems = [];
let files = 0;
for (const entry of readdirSync(path.join(root, 'dist'), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
  files++;
  const file = path.join(entry.parentPath, entry.name);
  for (const [, name] of readFileSync(file, 'utf8').matchAll(specifier)) {
    if (name.startsWith('.') || name.startsWith('node:') || builtins.has(name)) continue;
    const pkg = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0];
    if (!production.has(pkg))
      problems.push(`${path.relative(root, file)}: ${name} is not a production dependency`);
  }
}
if (files === 0) problems.push('dist/ has no JavaScript: run `npm run build` first');
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`dist/: ${files} files import only production dependencies.`);
