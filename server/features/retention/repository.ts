import { sql } from 'kysely';
import type { DbHandle } from '../../db/types.js';

/** Campaigns closed before the cutoff that still hold someone's personal data. */
export function campaignsDueForErasure(db: DbHandle, cutoff: Date) {
  return db
    .selectFrom('campaigns')
    .select(['campaigns.id'])
    .where('campaigns.closed_at', '<=', cutoff)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('candidates')
          .select('candidates.id')
          .whereRef('candidates.campaign_id', '=', 'campaigns.id')
          .where('candidates.erased_at', 'is', null),
      ),
    )
    .execute();
}

/**
 * Replaces candidates' personal data by their reference. Scores, outcomes and audit entries refer to
 * candidates by id and reference only, so they stay for statistics and appeals.
 */
export async function eraseCandidates(
  db: DbHandle,
  where: { campaignId: string; candidateId?: string },
): Promise<string[]> {
  let query = db
    .updateTable('candidates')
    .set({ name: null, email: null, erased_at: sql<Date>`now()` })
    .where('campaign_id', '=', where.campaignId)
    .where('erased_at', 'is', null);
  if (where.candidateId) query = query.where('id', '=', where.candidateId);
  const ids = (await query.returning('id').execute()).map((r) => r.id);
  if (ids.length > 0) {
    await db
      .updateTable('member_scores')
      .set({ evidence: '' })
      .where('sheet_id', 'in', (eb) =>
        eb.selectFrom('member_sheets').select('id').where('candidate_id', 'in', ids),
      )
      .execute();
    await db
      .updateTable('agreed_scores')
      .set({ strengths: '', development: '' })
      .where('candidate_id', 'in', ids)
      .execute();
    await db.updateTable('moderations').set({ feedback: '' }).where('candidate_id', 'in', ids).execute();
    await db
      .updateTable('conflict_declarations')
      .set({ description: sql<string>`case when conflicted then 'Erased' else null end` })
      .where('candidate_id', 'in', ids)
      .execute();
  }
  return ids;
}

/** One instance at a time: another instance already erasing makes this one skip, not wait. */
export async function tryRetentionLock(db: DbHandle): Promise<boolean> {
  const { rows } = await sql<{
    locked: boolean;
  }>`select pg_try_advisory_xact_lock(hashtext('panel-scoring:retention')) as locked`.execute(db);
  return rows[0]?.locked === true;
}
