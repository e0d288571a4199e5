import { readFile, rm, mkdir, cp } from 'node:fs/promises';
const { PGlite } = await import('@electric-sql/pglite');
const mode = process.argv[2]; const dir = '/tmp/pgcmp';
await rm(dir, { recursive: true, force: true }); await mkdir(dir);
const t0 = performance.now();
let pg;
if (mode === 'tar') pg = await PGlite.create(dir, { loadDataDir: new Blob([await readFile('/tmp/snap-none.tar')]) });
if (mode === 'tgz') pg = await PGlite.create(dir, { loadDataDir: new Blob([await readFile('/tmp/snap-gzip.tar')]) });
if (mode === 'cp') { await cp('/tmp/snapdir', dir, { recursive: true }); const t1 = performance.now(); console.log('  cp', Math.round(t1 - t0)); pg = await PGlite.create(dir); }
if (mode === 'initdb') pg = await PGlite.create(dir);
await pg.query('select 1');
console.log(mode, Math.round(performance.now() - t0));
await pg.close();
