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
  /** Is the database answering? Uses its own connection, so it never queues behind user traffic. */
  ping: () => Promise<void>;
  close: () => Promise<void>;
};

type Settings = Pick<Config['database'], 'url' | 'poolMax' | 'dataDir'> &
  Partial<Pick<Config['database'], 'acquireTimeoutMs' | 'statementTimeoutMs'>>;

const PING_TIMEOUT_MS = 2000;

// PostgreSQL returns bigint (COUNT, SUM) as text; every count in this service fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/** One code path for both engines: a pg Pool, either on a real server or on the embedded PGlite. */
export async function openDatabase(
  settings: Settings,
  onConnectionError: (err: Error) => void = () => {},
): Promise<DatabaseHandle> {
  if (settings.url) return openPostgres(settings.url, settings, onConnectionError);
  const pglite = await openPglite(settings.dataDir);
  // The PGlite adapter is a single connection: never change its pool size.
  const pool = new pg.Pool(createPgConfig(pglite));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    engine: 'pglite',
    ping: async () => void (await pglite.query('select 1')),
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

function openPostgres(
  url: string,
  settings: Settings,
  onConnectionError: (err: Error) => void,
): DatabaseHandle {
  const statementTimeout = settings.statementTimeoutMs ?? 0;
  const pool = resilientPool(
    {
      connectionString: url,
      max: settings.poolMax,
      // A request waits this long at most for a connection, then is answered 503.
      connectionTimeoutMillis: settings.acquireTimeoutMs ?? 0,
      options: statementTimeout ? `-c statement_timeout=${statementTimeout}` : undefined,
    },
    onConnectionError,
  );
  // Readiness has a connection of its own: a busy pool is not a database that is down.
  const probe = resilientPool(
    {
      connectionString: url,
      max: 1,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: PING_TIMEOUT_MS,
      query_timeout: PING_TIMEOUT_MS,
    },
    () => {},
  );
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    engine: 'postgresql',
    ping: async () => void (await probe.query('select 1')),
    close: async () => {
      await Promise.all([db.destroy(), probe.end()]);
    },
  };
}

/**
 * A pool whose connections can all fail without taking the process down. pg emits 'error' on a
 * client when the server ends its connection (a restart, a failover, pg_terminate_backend); the
 * pool listens only while a client is idle, and an 'error' nobody listens for ends the process.
 * So every client gets a listener for its whole life; the query it was running fails (and is
 * answered 503), the pool drops the broken client and connects a new one on the next request.
 */
function resilientPool(config: pg.PoolConfig, onError: (err: Error) => void): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

async function openPglite(dataDir: string): Promise<PGlite> {
  if (dataDir.startsWith('memory://')) return PGlite.create(dataDir);
  await mkdir(dataDir, { recursive: true });
  return PGlite.create(dataDir);
}
