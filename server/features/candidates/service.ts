import type { Kysely } from 'kysely';
import type { Campaign, Database } from '../../db/types.js';
import { beyondCampaignSize, emailKey, nextReference, referenceKey } from '../../domain/candidates.js';
import { refuse, type Problem, type Refusal, type Result } from '../../domain/problems.js';
import { HttpError, notFound } from '../../errors.js';
import { appendAudit } from '../audit/repository.js';
import { readCandidateCsv } from './csv.js';
import * as repo from './repository.js';
import type { Candidate } from './repository.js';
import { isUuid } from '../../domain/ids.js';
import { isUniqueViolation, once } from '../submissions/service.js';

type Db = Kysely<Database>;
type Actor = Express.User;

export type CandidateForm = { name: string; email: string; reference: string | null };

const DUPLICATE_EMAIL: Problem = {
  field: 'email',
  text: 'A candidate with this email address is already in this campaign',
};
const DUPLICATE_REFERENCE: Problem = {
  field: 'reference',
  text: 'Another candidate in this campaign already has this reference',
};

export async function listCandidates(db: Db, campaign: Campaign) {
  const [candidates, finalised] = await Promise.all([
    repo.listCandidates(db, campaign.id),
    repo.finalisedCandidateIds(db, campaign.id),
  ]);
  return {
    candidates: candidates.map((c) => ({ ...c, finalised: finalised.has(c.id) })),
    total: candidates.length,
    active: candidates.filter((c) => !c.withdrawn_at && !c.erased_at).length,
    withdrawn: candidates.filter((c) => c.withdrawn_at && !c.erased_at).length,
  };
}

/** A candidate of this campaign, or 404: another campaign's candidate is never found through this one. */
export async function campaignCandidate(db: Db, campaign: Campaign, id: string): Promise<Candidate> {
  const candidate = isUuid(id) ? await repo.findCandidate(db, campaign.id, id) : undefined;
  if (!candidate) throw notFound();
  return candidate;
}

/** The candidate, if their personal data is still held: an erased record cannot be changed. */
export async function changeableCandidate(db: Db, campaign: Campaign, id: string): Promise<Candidate> {
  const candidate = await campaignCandidate(db, campaign, id);
  if (candidate.erased_at)
    throw new HttpError(409, 'This candidate’s personal data has been erased: the record cannot be changed');
  return candidate;
}

/**
 * Adds a candidate once per request id. Two tabs are two request ids, but the same person twice is
 * refused by the campaign's rule of one candidate per email address (and per reference): the second
 * tab gets that field error.
 */
export async function addCandidate(
  db: Db,
  actor: Actor,
  campaign: Campaign,
  form: CandidateForm,
  requestId: string,
) {
  return uniquely(() =>
    db.transaction().execute((trx) =>
      once(
        trx,
        actor,
        { requestId, kind: 'candidate' },
        async () => {
          await repo.lockCampaign(trx, campaign.id);
          const taken = await repo.takenKeys(trx, campaign.id);
          const full = beyondCampaignSize(taken.references.length, 1);
          if (full) return refuse({ field: 'name', text: full });
          const clash = clashWith(taken, form);
          if (clash) return refuse(clash);
          const candidate = await repo.insertCandidate(trx, {
            campaign_id: campaign.id,
            reference: form.reference ?? nextReference(taken.references),
            name: form.name,
            email: form.email,
            withdrawn_at: null,
            erased_at: null,
          });
          await appendAudit(trx, {
            actor_id: actor.id,
            action: 'candidate.added',
            entity_type: 'candidate',
            entity_id: candidate.id,
            campaign_id: campaign.id,
            after: { reference: candidate.reference, referenceMadeUp: form.reference === null },
          });
          return { ok: true, candidate } as const;
        },
        (done) => ({ id: done.candidate.id, count: 1 }),
      ),
    ),
  );
}

export async function updateCandidate(
  db: Db,
  actor: Actor,
  campaign: Campaign,
  candidate: Candidate,
  form: CandidateForm & { reference: string },
): Promise<Result<{ candidate: Candidate }>> {
  return uniquely<Result<{ candidate: Candidate }>>(() =>
    db.transaction().execute(async (trx) => {
      await repo.lockCampaign(trx, campaign.id);
      const clash = clashWith(await repo.takenKeys(trx, campaign.id, candidate.id), form);
      if (clash) return refuse(clash);
      const changed = (['name', 'email', 'reference'] as const).filter((f) => candidate[f] !== form[f]);
      if (changed.length === 0) return { ok: true, candidate } as const;
      const updated = await repo.updateCandidate(trx, campaign.id, candidate.id, {
        name: form.name,
        email: form.email,
        reference: form.reference,
      });
      // Personal data stays out of the audit log: it names the fields, and only references in full.
      const referenceChanged = changed.includes('reference');
      await appendAudit(trx, {
        actor_id: actor.id,
        action: 'candidate.updated',
        entity_type: 'candidate',
        entity_id: candidate.id,
        campaign_id: campaign.id,
        before: { fields: changed, ...(referenceChanged && { reference: candidate.reference }) },
        after: { fields: changed, ...(referenceChanged && { reference: updated.reference }) },
      });
      return { ok: true, candidate: updated } as const;
    }),
  );
}

/** Withdraws or reinstates; asking for the state the candidate is already in changes nothing. */
export async function setWithdrawn(
  db: Db,
  actor: Actor,
  campaign: Campaign,
  candidate: Candidate,
  withdrawn: boolean,
  reason: string,
): Promise<Candidate> {
  if (!!candidate.withdrawn_at === withdrawn) return candidate;
  return db.transaction().execute(async (trx) => {
    const updated = await repo.updateCandidate(trx, campaign.id, candidate.id, {
      withdrawn_at: withdrawn ? new Date() : null,
    });
    await appendAudit(trx, {
      actor_id: actor.id,
      action: withdrawn ? 'candidate.withdrawn' : 'candidate.reinstated',
      entity_type: 'candidate',
      entity_id: candidate.id,
      campaign_id: campaign.id,
      before: { withdrawn: !withdrawn },
      after: { withdrawn },
      reason,
    });
    return updated;
  });
}

/**
 * Imports every row or none: the file is checked against the campaign inside the transaction that
 * saves it, with the campaign locked, so nothing is half-imported and no duplicate slips in between.
 * Once per request id: the same paste sent twice imports once and both answers say how many. The
 * same file pasted in a second tab is refused row by row, as every email is then already taken.
 */
export async function importCandidates(
  db: Db,
  actor: Actor,
  campaign: Campaign,
  csv: string,
  requestId: string,
) {
  return db.transaction().execute((trx) =>
    once(
      trx,
      actor,
      { requestId, kind: 'candidate-import' },
      async () => {
        await repo.lockCampaign(trx, campaign.id);
        const taken = await repo.takenKeys(trx, campaign.id);
        const read = readCandidateCsv(csv, taken);
        if (!read.ok) return read;
        const full = beyondCampaignSize(taken.references.length, read.candidates.length);
        if (full) return { ok: false, errors: [{ line: 1, text: full }] } as const;
        const inserted = await repo.insertCandidates(
          trx,
          read.candidates.map((c) => ({
            campaign_id: campaign.id,
            reference: c.reference,
            name: c.name,
            email: c.email,
            withdrawn_at: null,
            erased_at: null,
          })),
        );
        await appendAudit(trx, {
          actor_id: actor.id,
          action: 'candidate.imported',
          entity_type: 'campaign',
          entity_id: campaign.id,
          campaign_id: campaign.id,
          after: { count: inserted.length, candidateIds: inserted.map((c) => c.id) },
        });
        return { ok: true, count: inserted.length } as const;
      },
      (done) => ({ id: campaign.id, count: done.count }),
    ),
  );
}

function clashWith(
  taken: { emails: string[]; references: string[] },
  form: { email: string; reference: string | null },
): Problem | null {
  if (taken.emails.some((e) => emailKey(e) === emailKey(form.email))) return DUPLICATE_EMAIL;
  if (form.reference && taken.references.some((r) => referenceKey(r) === referenceKey(form.reference!)))
    return DUPLICATE_REFERENCE;
  return null;
}

/** The checks above run under the campaign lock; a unique violation can still come from elsewhere. */
async function uniquely<R>(work: () => Promise<R>): Promise<R | Refusal> {
  try {
    return await work();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const { constraint } = error as { constraint?: string };
    return refuse(constraint === 'candidates_campaign_reference' ? DUPLICATE_REFERENCE : DUPLICATE_EMAIL);
  }
}
