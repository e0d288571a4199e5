import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type pg from 'pg';

const TOUCH_EVERY_MS = 60_000;
const REMEMBERED = 10_000;

/**
 * Sessions in PostgreSQL. A rolling session is "touched" (its expiry moved on) by every request;
 * autosave sends one every few seconds, so touches are written at most once a minute per session.
 * An idle session still ends on time, a minute late at most.
 */
export function createSessionStore(pool: pg.Pool): session.Store {
  const PgStore = connectPgSimple(session);
  const touched = new Map<string, number>();
  const store = new PgStore({
    pool,
    tableName: 'sessions',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
  });
  const touch = store.touch.bind(store);
  store.touch = (sid: string, data: session.SessionData, callback?: (err?: unknown) => void) => {
    const now = Date.now();
    if (now - (touched.get(sid) ?? 0) < TOUCH_EVERY_MS) return callback?.();
    if (touched.size >= REMEMBERED) touched.clear();
    touched.set(sid, now);
    touch(sid, data, callback);
  };
  return store;
}
