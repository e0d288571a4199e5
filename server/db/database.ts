import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import {
  discardSnapshot,
  readSnapshot,
  saveSnapshot,
  snapshotKey,
  unpackSnapshot,
} from './pglite-snapshot.js';
import type { Database } from './types.js';

export type DatabaseHandle = {
  db: Kysely<Database>;
  pool: pg.Pool;
  engine: 'postgresql' | 'pglite';
  /**
   * How the database was opened: a server; PGlite in memory; an existing PGlite folder reopened;
   * a new folder unpacked from a prepared snapshot; or a new folder made by initdb.
   */
  origin: 'postgresql' | 'memory' | 'reopened' | 'snapshot' | 'initdb';
  /**
   * Only for a folder just made by initdb when snapshots are on: caches this (migrated, still
   * empty) database for the next new folder. Returns the snapshot's size in bytes.
   */
  saveSnapshot?: () => Promise<number>;
  /** Is the database answering? Uses its own connection, so it never queues behind user traffic. */
  ping: () => Promise<void>;
  close: () => Promise<void>;
};

type Settings = Pick<Config['database'], 'url' | 'poolMax' | 'dataDir'> &
  Partial<Pick<Config['database'], 'acquireTimeoutMs' | 'statementTimeoutMs' | 'snapshotDir'>>;

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
  const { pglite, origin, saveSnapshot } = await openPglite(settings.dataDir, settings.snapshotDir);
  // The PGlite adapter is a single connection: never change its pool size.
  const pool = new pg.Pool(createPgConfig(pglite));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    engine: 'pglite',
    origin,
    saveSnapshot,
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
    origin: 'postgresql',
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

type OpenedPglite = Pick<DatabaseHandle, 'origin' | 'saveSnapshot'> & { pglite: PGlite };

/**
 * An existing folder is reopened. A new (empty) folder is unpacked from the cached snapshot of a
 * migrated database when there is one for these migrations, and otherwise made by initdb, with a
 * way to cache a snapshot once migrated (see pglite-snapshot.ts).
 */
async function openPglite(dataDir: string, snapshotDir: string | undefined): Promise<OpenedPglite> {
  if (dataDir.startsWith('memory://')) return { pglite: await PGlite.create(dataDir), origin: 'memory' };
  await mkdir(dataDir, { recursive: true });
  const isNew = (await readdir(dataDir)).length === 0;
  if (!isNew || !snapshotDir) {
    const pglite = await PGlite.create(dataDir);
    return { pglite, origin: isNew ? 'initdb' : 'reopened' };
  }
  const key = await snapshotKey();
  const snapshot = await readSnapshot(snapshotDir, key);
  if (snapshot) {
    try {
      unpackSnapshot(snapshot, dataDir);
      return { pglite: await PGlite.create(dataDir), origin: 'snapshot' };
    } catch {
      // A damaged snapshot: forget it, empty the folder again (it was empty) and make a new one.
      await discardSnapshot(snapshotDir, key);
      for (const entry of await readdir(dataDir))
        await rm(path.join(dataDir, entry), { recursive: true, force: true });
    }
  }
  const pglite = await PGlite.create(dataDir);
  return { pglite, origin: 'initdb', saveSnapshot: () => saveSnapshot(snapshotDir, key, pglite) };
}
