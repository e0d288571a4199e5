import type { DbHandle } from '../../db/types.js';
import { auditCandidate, withheldCandidates } from '../../domain/independence.js';
import { auditFor, auditForCampaign } from '../audit/repository.js';
import { panelSeats } from './repository.js';

/** The campaign's candidates whose panel's scores this person may not see yet. */
export async function withheldFrom(db: DbHandle, viewerId: string, campaignId: string): Promise<Set<string>> {
  return withheldCandidates(await panelSeats(db, viewerId, campaignId));
}

/** Audit entries with the change taken out wherever it concerns a candidate withheld from the viewer. */
export function redactAudit<
  E extends { entity_type: string; entity_id: string; before: unknown; after: unknown },
>(entries: readonly E[], withheld: ReadonlySet<string>): Array<E & { withheld: boolean }> {
  return entries.map((e) => {
    const candidate = auditCandidate(e);
    return candidate && withheld.has(candidate)
      ? { ...e, before: null, after: null, withheld: true }
      : { ...e, withheld: false };
  });
}

/** The campaign's audit trail as this person may see it, newest first. */
export async function campaignAudit(db: DbHandle, viewerId: string, campaignId: string) {
  const [withheld, entries] = await Promise.all([
    withheldFrom(db, viewerId, campaignId),
    auditForCampaign(db, campaignId),
  ]);
  return redactAudit(entries, withheld);
}

/** A candidate's audit trail as this person may see it, newest first. */
export async function candidateAudit(
  db: DbHandle,
  viewerId: string,
  campaignId: string,
  candidateId: string,
) {
  const [withheld, entries] = await Promise.all([
    withheldFrom(db, viewerId, campaignId),
    auditFor(db, 'candidate', candidateId),
  ]);
  return redactAudit(entries.reverse(), withheld);
}
