import type { Logger } from '../logger.js';
import { isDatabaseUnavailable } from './availability.js';
import type { DatabaseHandle } from './database.js';
import { migrateToLatest } from './migrator.js';

export type Readiness = { isMigrated: () => boolean };

/** How long start-up spent on the database once it answered (for the "ready" log line). */
export type MigrationTimings = { migrateMs?: number; snapshotMs?: number; snapshotBytes?: number };

/**
 * Migrates as soon as the database can be reached, retrying with back-off while it cannot, so the
 * app starts (and answers liveness) without it. Resolves once migrated; rejects only when a
 * migration itself fails, which a retry cannot mend.
 */
export function migrateWhenReachable(
  database: DatabaseHandle,
  logger: Logger,
  backoff = { firstMs: 250, maxMs: 10_000 },
): Readiness & { migrated: Promise<string[]>; timings: MigrationTimings; stop: () => void } {
  let migrated = false;
  const timings: MigrationTimings = {};
  let stopped = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async (): Promise<string[]> => {
    for (let delay = backoff.firstMs; ; delay = Math.min(delay * 2, backoff.maxMs)) {
      try {
        const started = performance.now();
        const applied = await migrateToLatest(database.db);
        timings.migrateMs = Math.round(performance.now() - started);
        if (database.saveSnapshot) await snapshot(database.saveSnapshot);
        migrated = true;
        return applied;
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
        if (stopped) throw new Error('stopped before the database could be reached', { cause: err });
        logger.warn({ err, retryInMs: delay }, 'database unreachable; start-up will migrate when it answers');
        await sleep(delay);
      }
    }
  };
  // Before readiness, so the snapshot holds the schema and nothing anyone has entered. A snapshot
  // that cannot be written costs the next new folder time, never this start.
  const snapshot = async (save: () => Promise<number>) => {
    const started = performance.now();
    try {
      timings.snapshotBytes = await save();
      timings.snapshotMs = Math.round(performance.now() - started);
    } catch (err) {
      logger.warn({ err }, 'could not cache a snapshot of the new embedded database');
    }
  };
  return {
    isMigrated: () => migrated,
    timings,
    migrated: run(),
    stop: () => {
      stopped = true;
      wake?.();
    },
  };
}
