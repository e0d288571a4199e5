import { loadConfig } from '../../server/config.js';
import { openDatabase, type DatabaseHandle } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import type { FrameworkLibrary } from '../../server/framework/library.js';
import { loadFrameworkLibrary } from '../../server/framework/load.js';

let shared: Promise<DatabaseHandle> | undefined;
let library: Promise<FrameworkLibrary> | undefined;

/** The shipped framework data, loaded once per test process. */
export function testFrameworks(): Promise<FrameworkLibrary> {
  library ??= loadFrameworkLibrary();
  return library;
}

/**
 * One migrated database per test process: real PostgreSQL when DATABASE_URL is set (CI creates a
 * fresh one per run), otherwise an in-memory PGlite. Tests make their own uniquely named data
 * instead of truncating, so they never depend on order.
 */
export function testDatabase(): Promise<DatabaseHandle> {
  shared ??= (async () => {
    const handle = await openDatabase(testConfig().database);
    await migrateToLatest(handle.db);
    return handle;
  })();
  return shared;
}

export function testConfig(overrides: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: process.env.DATABASE_URL,
    DATA_DIR: 'memory://',
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
    // Every test signs in from 127.0.0.1 and counts in the one test database: only the rate limit's
    // own tests (test/integration/security/rate-limit.test.ts) set real limits.
    SIGN_IN_RATE_LIMIT_PER_PERSON: '10000000',
    SIGN_IN_RATE_LIMIT_PER_ADDRESS: '10000000',
    ...overrides,
  });
}

export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
