import { sql } from 'kysely';
import type { DbHandle, FrameworkEditionStatus } from '../../db/types.js';

const SUMMARY = [
  'framework_editions.id',
  'framework_editions.edition_id',
  'framework_editions.release_date',
  'framework_editions.status',
  'framework_editions.content_hash',
  'framework_editions.sources',
  'framework_editions.imported_at',
  'framework_editions.published_at',
  'framework_editions.withdrawn_at',
  'framework_editions.renames',
] as const;

export async function listEditions(db: DbHandle) {
  return db
    .selectFrom('framework_editions')
    .leftJoin('users', 'users.id', 'framework_editions.imported_by')
    .select([...SUMMARY, 'users.name as imported_by_name'])
    .orderBy('framework_editions.imported_at', 'desc')
    .execute();
}

export async function findEdition(db: DbHandle, id: string) {
  return db
    .selectFrom('framework_editions')
    .leftJoin('users', 'users.id', 'framework_editions.imported_by')
    .select([...SUMMARY, 'framework_editions.content', 'users.name as imported_by_name'])
    .where('framework_editions.id', '=', id)
    .executeTakeFirst();
}

/** The row, locked for the rest of the transaction (publishing and withdrawing go one at a time). */
export async function lockEdition(db: DbHandle, id: string) {
  return db
    .selectFrom('framework_editions')
    .select(['id', 'edition_id', 'status', 'renames'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function liveEditionFor(db: DbHandle, editionId: string) {
  return db
    .selectFrom('framework_editions')
    .select(['id', 'imported_at', 'status'])
    .where('edition_id', '=', editionId)
    .where('status', '<>', 'withdrawn')
    .executeTakeFirst();
}

/** Published editions' content, in publishing order (the last is the default). */
export async function publishedContents(db: DbHandle) {
  return db
    .selectFrom('framework_editions')
    .select(['id', 'edition_id', 'content'])
    .where('status', '=', 'published')
    .orderBy('published_at')
    .orderBy('imported_at')
    .execute();
}

export async function insertEdition(
  db: DbHandle,
  values: {
    edition_id: string;
    release_date: string;
    content: Record<string, unknown>;
    content_hash: string;
    sources: Record<string, string | null>;
    imported_by: string;
  },
) {
  return db
    .insertInto('framework_editions')
    .values({ ...values, content: JSON.stringify(values.content), sources: JSON.stringify(values.sources) })
    .returning(['id', 'edition_id'])
    .executeTakeFirstOrThrow();
}

export async function setStatus(
  db: DbHandle,
  id: string,
  status: FrameworkEditionStatus,
  actorId: string,
): Promise<void> {
  await db
    .updateTable('framework_editions')
    .set(
      status === 'published'
        ? { status, published_by: actorId, published_at: sql<Date>`now()` }
        : { status, withdrawn_by: actorId, withdrawn_at: sql<Date>`now()` },
    )
    .where('id', '=', id)
    .execute();
}

export async function setRenames(db: DbHandle, id: string, renames: Record<string, string>): Promise<void> {
  await db
    .updateTable('framework_editions')
    .set({ renames: JSON.stringify(renames) })
    .where('id', '=', id)
    .execute();
}

export async function campaignsUsing(db: DbHandle, editionId: string): Promise<number> {
  const row = await db
    .selectFrom('campaigns')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('ddat_edition', '=', editionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
