import type { Selectable } from 'kysely';
import type { DbHandle, FormSubmissionsTable, SubmissionKind } from '../../db/types.js';

export type SubmissionRow = Selectable<FormSubmissionsTable>;

/**
 * Claims a request id for this person and kind of form. True when this call inserted the row; false
 * when the id was already there. A concurrent claim of the same id waits here until the first
 * transaction ends: committed, it finds the row; rolled back, it claims the id itself.
 */
export async function claim(
  db: DbHandle,
  row: { requestId: string; userId: string; kind: SubmissionKind },
): Promise<boolean> {
  const inserted = await db
    .insertInto('form_submissions')
    .values({ request_id: row.requestId, user_id: row.userId, kind: row.kind, created_id: null })
    .onConflict((oc) => oc.column('request_id').doNothing())
    .returning('request_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export function findSubmission(db: DbHandle, requestId: string): Promise<SubmissionRow | undefined> {
  return db.selectFrom('form_submissions').selectAll().where('request_id', '=', requestId).executeTakeFirst();
}

export async function recordCreated(
  db: DbHandle,
  requestId: string,
  created: { id: string; count: number },
): Promise<void> {
  await db
    .updateTable('form_submissions')
    .set({ created_id: created.id, created_count: created.count })
    .where('request_id', '=', requestId)
    .execute();
}

/** Gives the id back when the form was refused, so the corrected form can be sent with it. */
export async function release(db: DbHandle, requestId: string): Promise<void> {
  await db.deleteFrom('form_submissions').where('request_id', '=', requestId).execute();
}
