import { sql } from 'kysely';
import type { DbHandle } from '../../db/types.js';

type Kind = 'campaign-summary';
const SUMMARY = [
  'id',
  'campaign_id',
  'requested_by',
  'kind',
  'status',
  'requested_at',
  'finished_at',
] as const;

/** The person's latest request for this report, without its content. */
export function latestRequest(db: DbHandle, campaignId: string, userId: string, kind: Kind) {
  return db
    .selectFrom('prepared_reports')
    .select(SUMMARY)
    .where('campaign_id', '=', campaignId)
    .where('requested_by', '=', userId)
    .where('kind', '=', kind)
    .orderBy('requested_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A new request, or undefined when one is already being prepared (the unique index decides). */
export function insertRequest(db: DbHandle, campaignId: string, userId: string, kind: Kind) {
  return db
    .insertInto('prepared_reports')
    .values({ campaign_id: campaignId, requested_by: userId, kind })
    .onConflict((oc) =>
      // A literal, not a parameter: PostgreSQL matches the partial unique index by its predicate.
      oc
        .columns(['campaign_id', 'requested_by', 'kind'])
        .where(sql<boolean>`status = 'preparing'`)
        .doNothing(),
    )
    .returning(SUMMARY)
    .executeTakeFirst();
}

export async function markReady(db: DbHandle, id: string, fileName: string, content: Buffer) {
  await db
    .updateTable('prepared_reports')
    .set({ status: 'ready', file_name: fileName, content, finished_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: DbHandle, id: string) {
  await db
    .updateTable('prepared_reports')
    .set({ status: 'failed', finished_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'preparing')
    .execute();
}

export function readyReport(db: DbHandle, id: string) {
  return db
    .selectFrom('prepared_reports')
    .select(['campaign_id', 'requested_by', 'file_name', 'content'])
    .where('id', '=', id)
    .where('status', '=', 'ready')
    .executeTakeFirst();
}

/** Prepared files hold personal data: each is kept only for a while. */
export async function deleteRequestedBefore(db: DbHandle, before: Date) {
  await db.deleteFrom('prepared_reports').where('requested_at', '<', before).execute();
}

export async function deleteForCampaign(db: DbHandle, campaignId: string) {
  await db.deleteFrom('prepared_reports').where('campaign_id', '=', campaignId).execute();
}

export function candidateCount(db: DbHandle, campaignId: string) {
  return db
    .selectFrom('candidates')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
}
