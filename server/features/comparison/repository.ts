import { sql } from 'kysely';
import type { DbHandle, OfferStatus } from '../../db/types.js';

/** Five queries whatever the number of candidates: the page stays fast at a thousand. */

export function candidateRows(db: DbHandle, campaignId: string) {
  return db
    .selectFrom('candidates')
    .leftJoin('interviews', 'interviews.candidate_id', 'candidates.id')
    .leftJoin('panels', 'panels.id', 'interviews.panel_id')
    .leftJoin('moderations', 'moderations.candidate_id', 'candidates.id')
    .leftJoin('merit_tie_breaks', 'merit_tie_breaks.candidate_id', 'candidates.id')
    .leftJoin('offers', 'offers.candidate_id', 'candidates.id')
    .select([
      'candidates.id',
      'candidates.reference',
      'candidates.name',
      'candidates.withdrawn_at',
      'panels.id as panelId',
      'panels.name as panelName',
      'moderations.state as moderationState',
      'moderations.scoresheet_version_id as versionId',
      'moderations.weighted_total',
      'moderations.passed',
      'moderations.outcome',
      'moderations.outcome_override',
      'moderations.finalised_at',
      'moderations.tie_break_note',
      'merit_tie_breaks.position as tieBreakPosition',
      'merit_tie_breaks.reason as tieBreakReason',
      'offers.status as offerStatus',
    ])
    .where('candidates.campaign_id', '=', campaignId)
    .orderBy('candidates.reference')
    .execute();
}

/**
 * Each candidate's agreed scores as JSON text of criterion id → score (or null): one row per
 * candidate rather than per score, a twelfth as many rows to parse for a large campaign.
 */
export function agreedScoresForCampaign(db: DbHandle, campaignId: string) {
  return db
    .selectFrom('agreed_scores')
    .innerJoin('candidates', 'candidates.id', 'agreed_scores.candidate_id')
    .select([
      'agreed_scores.candidate_id',
      sql<string>`json_object_agg(agreed_scores.criterion_id, agreed_scores.score)::text`.as('scores'),
    ])
    .where('candidates.campaign_id', '=', campaignId)
    .groupBy('agreed_scores.candidate_id')
    .execute();
}

export function panelsOf(db: DbHandle, campaignId: string) {
  return db
    .selectFrom('panels')
    .select(['id', 'name'])
    .where('campaign_id', '=', campaignId)
    .orderBy('name')
    .execute();
}

/** Every published version of the campaign's scoresheet, oldest first. */
export function versionsOf(db: DbHandle, campaignId: string) {
  return db
    .selectFrom('scoresheet_versions')
    .select(['id', 'version', 'content', 'content_hash'])
    .where('campaign_id', '=', campaignId)
    .orderBy('version')
    .execute();
}

/**
 * Holds the campaign's row until the transaction ends, so that offers and tie-breaks of one campaign
 * are decided one at a time, each on the merit list as the one before left it. `for no key update`:
 * other writes that only refer to the campaign (new candidates, audit rows) are not held up.
 */
export async function lockCampaign(db: DbHandle, campaignId: string) {
  await db.selectFrom('campaigns').select('id').where('id', '=', campaignId).forNoKeyUpdate().execute();
}

/** The offer's latest status for the candidate, replacing any earlier one. */
export async function saveOffer(db: DbHandle, candidateId: string, status: OfferStatus, userId: string) {
  await db
    .insertInto('offers')
    .values({ candidate_id: candidateId, status, recorded_by: userId })
    .onConflict((oc) =>
      oc.column('candidate_id').doUpdateSet({ status, recorded_by: userId, recorded_at: new Date() }),
    )
    .execute();
}

/** The owner's positions for tied candidates, in one statement, replacing any earlier ones. */
export async function saveTieBreaks(
  db: DbHandle,
  positions: ReadonlyArray<{ candidateId: string; position: number }>,
  reason: string,
  userId: string,
) {
  // One row per candidate: a candidate given twice keeps the last position, as saving in turn did.
  const latest = [...new Map(positions.map((p) => [p.candidateId, p])).values()];
  if (latest.length === 0) return;
  await db
    .insertInto('merit_tie_breaks')
    .values(
      latest.map((p) => ({
        candidate_id: p.candidateId,
        position: p.position,
        reason,
        recorded_by: userId,
      })),
    )
    .onConflict((oc) =>
      oc.column('candidate_id').doUpdateSet((eb) => ({
        position: eb.ref('excluded.position'),
        reason: eb.ref('excluded.reason'),
        recorded_by: eb.ref('excluded.recorded_by'),
        recorded_at: new Date(),
      })),
    )
    .execute();
}
