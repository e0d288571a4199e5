const t0 = performance.now();
const lap = (l) => console.log(l, Math.round(performance.now() - t0));
const { PGlite } = await import('@electric-sql/pglite'); lap('import');
const pg = await PGlite.create(process.argv[2]); lap('create');
console.log((await pg.query('select count(*) from pg_class')).rows); lap('query');
await pg.close(); lap('close');
