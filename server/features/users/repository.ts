import { sql } from 'kysely';
import type { DbHandle, NewUser, User, UserUpdate } from '../../db/types.js';

export function findUserById(db: DbHandle, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserBySubject(db: DbHandle, subject: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('subject', '=', subject).executeTakeFirst();
}

export function findUserByEmail(db: DbHandle, email: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export function insertUser(db: DbHandle, user: NewUser): Promise<User> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export function updateUser(db: DbHandle, id: string, changes: UserUpdate): Promise<User> {
  return db.updateTable('users').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function listUsers(
  db: DbHandle,
  options: { search?: string; limit: number; offset: number },
): Promise<{ users: User[]; total: number }> {
  let query = db.selectFrom('users');
  if (options.search) {
    const pattern = `%${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
  }
  const [users, count] = await Promise.all([
    query.selectAll().orderBy('name').orderBy('email').limit(options.limit).offset(options.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { users, total: count.total };
}

/** Ends every open session of a person at once (the next request is anonymous). */
export async function endSessionsOf(db: DbHandle, userId: string): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where(sql<string>`sess -> 'passport' ->> 'user'`, '=', userId)
    .execute();
}
