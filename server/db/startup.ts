import type { Logger } from '../logger.js';
import { isDatabaseUnavailable } from './availability.js';
import type { DatabaseHandle } from './database.js';
import { migrateToLatest } from './migrator.js';

export type Readiness = { isMigrated: () => boolean };

/**
 * Migrates as soon as the database can be reached, retrying with back-off while it cannot, so the
 * app starts (and answers liveness) without it. Resolves once migrated; rejects only when a
 * migration itself fails, which a retry cannot mend.
 */
export function migrateWhenReachable(
  database: DatabaseHandle,
  logger: Logger,
  backoff = { firstMs: 250, maxMs: 10_000 },
): Readiness & { migrated: Promise<string[]>; stop: () => void } {
  let migrated = false;
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
        const applied = await migrateToLatest(database.db);
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
  return {
    isMigrated: () => migrated,
    migrated: run(),
    stop: () => {
      stopped = true;
      wake?.();
    },
  };
}
