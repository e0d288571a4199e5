import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { DbHandle } from '../../db/types.js';
import type { Entries } from '../../domain/scoring.js';

/** The candidate with their campaign, and this person's place on the candidate's panel (if any). */
export function findScoringContext(db: DbHandle, candidateId: string, userId: string) {
  return db
    .selectFrom('candidates')
    .innerJoin('campaigns', 'campaigns.id', 'candidates.campaign_id')
    .leftJoin('interviews', 'interviews.candidate_id', 'candidates.id')
    .leftJoin('panel_members', (join) =>
      join
        .onRef('panel_members.panel_id', '=', 'interviews.panel_id')
        .on('panel_members.user_id', '=', userId),
    )
    .leftJoin('conflict_declarations', (join) =>
      join
        .onRef('conflict_declarations.candidate_id', '=', 'candidates.id')
        .on('conflict_declarations.user_id', '=', userId),
    )
    .select([
      'candidates.id as candidateId',
      'candidates.reference',
      'candidates.name',
      'candidates.withdrawn_at',
      'campaigns.id as campaignId',
      'campaigns.title as campaignTitle',
      'campaigns.anonymised',
      'campaigns.require_evidence',
      'campaigns.closed_at',
      'interviews.panel_id as panelId',
      'interviews.scheduled_at',
      'panel_members.role as panelRole',
      'conflict_declarations.conflicted',
    ])
    .where('candidates.id', '=', candidateId)
    .executeTakeFirst();
}

/** The version this candidate's panel already scores against: the first sheet opened for them, if any. */
export async function candidateVersionId(db: DbHandle, candidateId: string): Promise<string | null> {
  const row = await db
    .selectFrom('member_sheets')
    .select('scoresheet_version_id')
    .where('candidate_id', '=', candidateId)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return row?.scoresheet_version_id ?? null;
}

export function findSheet(db: DbHandle, candidateId: string, userId: string) {
  return db
    .selectFrom('member_sheets')
    .selectAll()
    .where('candidate_id', '=', candidateId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function lockSheet(db: DbHandle, sheetId: string) {
  return db
    .selectFrom('member_sheets')
    .selectAll()
    .where('id', '=', sheetId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function createSheet(db: DbHandle, candidateId: string, userId: string, versionId: string) {
  await db
    .insertInto('member_sheets')
    .values({
      candidate_id: candidateId,
      user_id: userId,
      scoresheet_version_id: versionId,
      last_request_id: null,
      submitted_at: null,
    })
    .onConflict((oc) => oc.columns(['candidate_id', 'user_id']).doNothing())
    .execute();
  return db
    .selectFrom('member_sheets')
    .selectAll()
    .where('candidate_id', '=', candidateId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
}

export function findVersion(db: DbHandle, id: string) {
  return db.selectFrom('scoresheet_versions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function readEntries(db: DbHandle, sheetId: string): Promise<Entries> {
  const rows = await db
    .selectFrom('member_scores')
    .select(['criterion_id', 'score', 'evidence'])
    .where('sheet_id', '=', sheetId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.criterion_id, { score: r.score, evidence: r.evidence }]));
}

export async function writeEntries(
  db: DbHandle,
  sheet: { id: string; user_id: string },
  revision: number,
  entries: Entries,
): Promise<void> {
  const rows = Object.entries(entries);
  if (rows.length === 0) return;
  await db
    .insertInto('member_scores')
    .values(
      rows.map(([criterion_id, e]) => ({
        sheet_id: sheet.id,
        criterion_id,
        score: e.score,
        evidence: e.evidence,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['sheet_id', 'criterion_id']).doUpdateSet((eb) => ({
        score: eb.ref('excluded.score'),
        evidence: eb.ref('excluded.evidence'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .execute();
  await db
    .insertInto('member_score_history')
    .values(
      rows.map(([criterion_id, e]) => ({
        sheet_id: sheet.id,
        user_id: sheet.user_id,
        revision,
        criterion_id,
        score: e.score,
        evidence_length: e.evidence.length,
        evidence_sha256: createHash('sha256').update(e.evidence).digest('hex'),
      })),
    )
    .execute();
}

export async function markSaved(
  db: DbHandle,
  sheetId: string,
  revision: number,
  requestId: string,
  submitted: boolean,
) {
  return db
    .updateTable('member_sheets')
    .set({
      revision,
      last_request_id: requestId,
      updated_at: sql<Date>`now()`,
      ...(submitted ? { submitted_at: sql<Date>`now()` } : {}),
    })
    .where('id', '=', sheetId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
