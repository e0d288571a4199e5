import { writeFile, readFile, mkdir, rm } from 'node:fs/promises';
const t0 = performance.now();
const lap = (l) => console.log(l, Math.round(performance.now() - t0));
const { PGlite } = await import('@electric-sql/pglite');
const mode = process.argv[2];
if (mode === 'dump') {
  const pg = await PGlite.create('memory://'); lap('create mem');
  for (const c of ['none','gzip']) {
    const b = await pg.dumpDataDir(c); lap('dump '+c);
    await writeFile(`/tmp/snap-${c}.tar`, Buffer.from(await b.arrayBuffer())); console.log(c, b.size);
  }
  await pg.close();
} else {
  const c = process.argv[3]; const dir = process.argv[4];
  await rm(dir, {recursive:true, force:true}); await mkdir(dir, {recursive:true});
  const buf = await readFile(`/tmp/snap-${c}.tar`); lap('read');
  const pg = await PGlite.create(dir, { loadDataDir: new Blob([buf]) }); lap('create from snapshot');
  await pg.query('select 1'); lap('query');
  await pg.close(); lap('close');
  const pg2 = await PGlite.create(dir); lap('reopen');
  console.log((await pg2.query('select count(*) from pg_class')).rows);
  await pg2.close(); lap('close2');
}
