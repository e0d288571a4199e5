import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Database } from './types.js';

export type DatabaseHandle = {
  db: Kysely<Database>;
  pool: pg.Pool;
  engine: 'postgresql' | 'pglite';
  close: () => Promise<void>;
};

// PostgreSQL returns bigint (COUNT, SUM) as text; every count in this service fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/** One code path for both engines: a pg Pool, either on a real server or on the embedded PGlite. */
export async function openDatabase(
  settings: Config['database'],
  onIdleError: (err: Error) => void = () => {},
): Promise<DatabaseHandle> {
  if (settings.url) {
    const pool = new pg.Pool({ connectionString: settings.url, max: settings.poolMax });
    // An idle connection the server closes (a restart, a failover) must not take the process down:
    // the pool replaces it on the next query.
    pool.on('error', onIdleError);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, pool, engine: 'postgresql', close: () => db.destroy() };
  }
  const pglite = await openPglite(settings.dataDir);
  // The PGlite adapter is a single connection: never change its pool size.
  const pool = new pg.Pool(createPgConfig(pglite));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    engine: 'pglite',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

async function openPglite(dataDir: string): Promise<PGlite> {
  if (dataDir.startsWith('memory://')) return PGlite.create(dataDir);
  await mkdir(dataDir, { recursive: true });
  return PGlite.create(dataDir);
}
