import type { DbHandle } from '../../db/types.js';

export type Window = { start: Date; end: Date };

/**
 * Counts one hit for a key in a window and answers the window's total. One statement, atomic
 * however many instances count the same key at once: the first hit inserts the row, the others
 * conflict on (key, window_start) and add one to it.
 */
export async function countHit(db: DbHandle, key: string, window: Window): Promise<number> {
  const row = await db
    .insertInto('rate_limit_hits')
    .values({ key, window_start: window.start, expires_at: window.end, hits: 1 })
    .onConflict((oc) =>
      oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ hits: eb('rate_limit_hits.hits', '+', 1) })),
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  return row.hits;
}

/** Takes back a hit (express-rate-limit's decrement), never below zero. */
export async function uncountHit(db: DbHandle, key: string, window: Window): Promise<void> {
  await db
    .updateTable('rate_limit_hits')
    .set((eb) => ({ hits: eb('hits', '-', 1) }))
    .where('key', '=', key)
    .where('window_start', '=', window.start)
    .where('hits', '>', 0)
    .execute();
}

export async function findHits(db: DbHandle, key: string, window: Window): Promise<number | undefined> {
  const row = await db
    .selectFrom('rate_limit_hits')
    .select('hits')
    .where('key', '=', key)
    .where('window_start', '=', window.start)
    .executeTakeFirst();
  return row?.hits;
}

/** Forgets every count for a key (express-rate-limit's resetKey). */
export async function forgetKey(db: DbHandle, key: string): Promise<void> {
  await db.deleteFrom('rate_limit_hits').where('key', '=', key).execute();
}

/** Deletes the counts of windows that have ended; answers how many rows went. */
export async function deleteEnded(db: DbHandle, now: Date): Promise<number> {
  const result = await db.deleteFrom('rate_limit_hits').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
