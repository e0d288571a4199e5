const t0 = performance.now();
const lap = (l) => console.log(l, Math.round(performance.now() - t0));
const { PGlite } = await import('@electric-sql/pglite'); lap('import pglite');
const dir = process.argv[2];
const pg = await PGlite.create(dir); lap('PGlite.create');
await pg.query('select 1'); lap('query');
await pg.close(); lap('close');
