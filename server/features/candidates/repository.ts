import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { CandidatesTable, DbHandle } from '../../db/types.js';

export type Candidate = Selectable<CandidatesTable>;
export type NewCandidate = Insertable<CandidatesTable>;

/** Holds the campaign row until the transaction ends, so additions to one campaign take turns. */
export async function lockCampaign(db: DbHandle, campaignId: string): Promise<void> {
  await db.selectFrom('campaigns').select('id').where('id', '=', campaignId).forUpdate().execute();
}

export function listCandidates(db: DbHandle, campaignId: string): Promise<Candidate[]> {
  return db
    .selectFrom('candidates')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('created_at')
    .orderBy(sql`length(reference)`)
    .orderBy('reference')
    .execute();
}

/** The campaign's candidates whose moderation is finalised (so an outcome report exists). */
export async function finalisedCandidateIds(db: DbHandle, campaignId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('moderations')
    .innerJoin('candidates', 'candidates.id', 'moderations.candidate_id')
    .select('moderations.candidate_id')
    .where('candidates.campaign_id', '=', campaignId)
    .where('moderations.state', '=', 'finalised')
    .execute();
  return new Set(rows.map((r) => r.candidate_id));
}

/** Only a candidate of this campaign: an id from another campaign finds nothing. */
export function findCandidate(db: DbHandle, campaignId: string, id: string): Promise<Candidate | undefined> {
  return db
    .selectFrom('candidates')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Every email and reference already used in the campaign (erased candidates keep their reference). */
export async function takenKeys(
  db: DbHandle,
  campaignId: string,
  exceptId?: string,
): Promise<{ emails: string[]; references: string[] }> {
  let query = db
    .selectFrom('candidates')
    .select(['email', 'reference'])
    .where('campaign_id', '=', campaignId);
  if (exceptId) query = query.where('id', '!=', exceptId);
  const rows = await query.execute();
  return {
    emails: rows.flatMap((r) => (r.email === null ? [] : [r.email])),
    references: rows.map((r) => r.reference),
  };
}

export function insertCandidate(db: DbHandle, candidate: NewCandidate): Promise<Candidate> {
  return db.insertInto('candidates').values(candidate).returningAll().executeTakeFirstOrThrow();
}

/** Inserts in batches, well inside PostgreSQL's limit on parameters per statement. */
export async function insertCandidates(db: DbHandle, candidates: NewCandidate[]): Promise<Candidate[]> {
  const inserted: Candidate[] = [];
  for (let i = 0; i < candidates.length; i += 500) {
    const batch = candidates.slice(i, i + 500);
    inserted.push(...(await db.insertInto('candidates').values(batch).returningAll().execute()));
  }
  return inserted;
}

export function updateCandidate(
  db: DbHandle,
  campaignId: string,
  id: string,
  changes: Updateable<CandidatesTable>,
): Promise<Candidate> {
  return db
    .updateTable('candidates')
    .set(changes)
    .where('campaign_id', '=', campaignId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
