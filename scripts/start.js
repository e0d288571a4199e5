// npm start. Development (the default) runs the TypeScript as it is, through tsx; production
// (NODE_ENV=production) runs the compiled build from `npm run build`, never tsx, which is a
// development dependency and absent from a production install.
import { existsSync } from 'node:fs';
import module from 'node:module';

module.enableCompileCache?.();

const STARTUP_DEPENDENCIES = [
  '@electric-sql/pglite',
  'zod',
  'kysely',
  'pg',
  'pino',
  'express',
  'express-session',
  'connect-pg-simple',
  'csrf-sync',
  'csv-parse/sync',
  'pino-http',
  'express-rate-limit',
  'passport',
  'passport-openidconnect',
  'helmet',
  'ejs',
  'piscina',
];
if (process.env.NODE_ENV === 'production') {
  const entry = new URL('../dist/server/index.js', import.meta.url);
  if (!existsSync(entry)) {
    console.error(
      'No compiled build in dist/: run `npm run build` first (production never runs through tsx).',
    );
    process.exit(1);
  }
  await import(entry.href);
} else {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    console.error(
      'Development runs the TypeScript through tsx, a development dependency: run `npm install` ' +
        '(not `npm ci --omit=dev`), or set NODE_ENV=production to run the compiled build.',
    );
    process.exit(1);
  }
  // The dependencies start-up needs load natively first: loaded after tsx.register() they would go
  // through its hooks, which takes the embedded database, zod and kysely three to ten times as long
  // (about 0.3 s of a 1.5 s start). Modules already loaded are not loaded again. PDF and OpenID
  // provider libraries are left out: the app loads them on first use.
  await Promise.all(STARTUP_DEPENDENCIES.map((name) => import(name)));
  tsx.register();
  await import('../server/index.ts');
}
