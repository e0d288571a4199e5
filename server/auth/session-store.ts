import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type pg from 'pg';
import type { Role } from '../db/types.js';

const TOUCH_EVERY_MS = 60_000;
const REMEMBERED = 10_000;
/** A person read with a session is for the request that read it: taken at once, or not at all. */
const PERSON_FRESH_MS = 5_000;

/** The signed-in person as read with their session: what passport needs to deserialise them. */
export type SessionPerson = {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  claim_roles: Role[];
  active: boolean;
};

/**
 * People read in the same query as their session, by session id, so that passport takes the person
 * from here instead of asking the database again. Each is taken once, within a few seconds of being
 * read; anything else (a person not found here) is looked up as before.
 */
export class SessionPeople {
  private readonly read = new Map<string, { person: SessionPerson | null; at: number }>();

  put(sid: string, person: SessionPerson | null): void {
    if (this.read.size >= REMEMBERED) this.read.clear();
    this.read.set(sid, { person, at: Date.now() });
  }

  /** The person read with this session, if they are `userId`: null when no such person exists now. */
  take(sid: string, userId: string): SessionPerson | null | undefined {
    const found = this.read.get(sid);
    this.read.delete(sid);
    if (!found || Date.now() - found.at > PERSON_FRESH_MS) return undefined;
    if (found.person && found.person.id !== userId) return undefined;
    return found.person;
  }
}

// The session and, when someone is signed in to it, that person as they are now (deactivated or
// given new roles a moment ago included): one round trip instead of two.
const SESSION_WITH_PERSON = `
  select s.sess,
         s.sess #>> '{passport,user}' as user_id,
         case when u.id is null then null else json_build_object(
           'id', u.id, 'email', u.email, 'name', u.name, 'roles', u.roles,
           'claim_roles', u.claim_roles, 'active', u.active) end as person
    from sessions s
    left join users u on u.id::text = s.sess #>> '{passport,user}'
   where s.sid = $1 and s.expire >= now()`;

type SessionRow = {
  sess: session.SessionData | string;
  user_id: string | null;
  person: SessionPerson | string | null;
};

const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * Sessions in PostgreSQL. A rolling session is "touched" (its expiry moved on) by every request;
 * autosave sends one every few seconds, so touches are written at most once a minute per session.
 * An idle session still ends on time, a minute late at most. Reading a session also reads its
 * signed-in person (see SessionPeople).
 */
export function createSessionStore(pool: pg.Pool, people?: SessionPeople): session.Store {
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
  if (people) {
    store.get = (sid: string, callback: (err: unknown, session?: session.SessionData | null) => void) => {
      pool.query<SessionRow>(SESSION_WITH_PERSON, [sid]).then((result) => {
        const row = result.rows[0];
        if (!row) return callback(null, null);
        if (row.user_id) people.put(sid, row.person === null ? null : parsed<SessionPerson>(row.person));
        callback(null, parsed<session.SessionData>(row.sess));
      }, callback);
    };
  }
  return store;
}
