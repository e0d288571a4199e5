import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { erasureCutoff } from '../../domain/retention.js';
import { appendAudit } from '../audit/repository.js';
import { deleteForCampaign as forgetPreparedReports } from '../reports/prepared-repository.js';
import { campaignsDueForErasure, eraseCandidates, tryRetentionLock } from './repository.js';

export type RetentionResult = { skipped: boolean; campaigns: number; candidates: number };

/**
 * Erases candidates' personal data in campaigns closed longer ago than the retention period. Safe to
 * run again (erased candidates are left alone) and on several instances at once (an advisory lock).
 */
export async function runRetention(
  db: Kysely<Database>,
  options: { now: Date; retentionMonths: number },
): Promise<RetentionResult> {
  return db.transaction().execute(async (trx) => {
    if (!(await tryRetentionLock(trx))) return { skipped: true, campaigns: 0, candidates: 0 };
    const due = await campaignsDueForErasure(trx, erasureCutoff(options.now, options.retentionMonths));
    let candidates = 0;
    for (const campaign of due) {
      const erased = await eraseCandidates(trx, { campaignId: campaign.id });
      // A prepared summary still holds the names being erased.
      await forgetPreparedReports(trx, campaign.id);
      candidates += erased.length;
      await appendAudit(trx, {
        actor_id: null,
        action: 'retention.personal-data-erased',
        entity_type: 'campaign',
        entity_id: campaign.id,
        campaign_id: campaign.id,
        after: { candidates: erased.length, retentionMonths: options.retentionMonths },
      });
    }
    return { skipped: false, campaigns: due.length, candidates };
  });
}

/** Right to erasure: one candidate's personal data, on an owner's request, with the reason recorded. */
export async function eraseCandidate(
  db: Kysely<Database>,
  actor: Express.User,
  campaignId: string,
  candidateId: string,
  reason: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const erased = await eraseCandidates(trx, { campaignId, candidateId });
    if (erased.length === 0) return false;
    await forgetPreparedReports(trx, campaignId);
    await appendAudit(trx, {
      actor_id: actor.id,
      action: 'candidate.personal-data-erased',
      entity_type: 'candidate',
      entity_id: candidateId,
      campaign_id: campaignId,
      reason,
    });
    return true;
  });
}
