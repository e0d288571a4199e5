import { sql } from 'kysely';
import type { DbHandle, Outcome } from '../../db/types.js';

export function findCandidateContext(db: DbHandle, candidateId: string) {
  return db
    .selectFrom('candidates')
    .innerJoin('campaigns', 'campaigns.id', 'candidates.campaign_id')
    .leftJoin('interviews', 'interviews.candidate_id', 'candidates.id')
    .select([
      'candidates.id as candidateId',
      'candidates.reference',
      'candidates.name',
      'campaigns.id as campaignId',
      'campaigns.title as campaignTitle',
      'campaigns.anonymised',
      'campaigns.closed_at',
      'interviews.panel_id as panelId',
    ])
    .where('candidates.id', '=', candidateId)
    .executeTakeFirst();
}

export async function isCampaignOwner(db: DbHandle, campaignId: string, userId: string): Promise<boolean> {
  return !!(await db
    .selectFrom('campaign_owners')
    .select('user_id')
    .where('campaign_id', '=', campaignId)
    .where('user_id', '=', userId)
    .executeTakeFirst());
}

/** Everyone on the candidate's panel, with their declaration and whether their own sheet is submitted. */
export function panelMembersFor(db: DbHandle, panelId: string, candidateId: string) {
  return db
    .selectFrom('panel_members')
    .innerJoin('users', 'users.id', 'panel_members.user_id')
    .leftJoin('conflict_declarations', (j) =>
      j
        .onRef('conflict_declarations.user_id', '=', 'panel_members.user_id')
        .on('conflict_declarations.candidate_id', '=', candidateId),
    )
    .leftJoin('member_sheets', (j) =>
      j
        .onRef('member_sheets.user_id', '=', 'panel_members.user_id')
        .on('member_sheets.candidate_id', '=', candidateId),
    )
    .select([
      'users.id as userId',
      'users.name',
      'panel_members.role',
      'conflict_declarations.conflicted',
      'member_sheets.id as sheetId',
      'member_sheets.submitted_at',
      'member_sheets.scoresheet_version_id as versionId',
    ])
    .where('panel_members.panel_id', '=', panelId)
    .orderBy(sql`case panel_members.role when 'chair' then 0 when 'member' then 1 else 2 end`)
    .orderBy('users.name')
    .execute();
}

export function memberScores(db: DbHandle, sheetIds: string[]) {
  if (sheetIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('member_scores')
    .select(['sheet_id', 'criterion_id', 'score', 'evidence'])
    .where('sheet_id', 'in', sheetIds)
    .execute();
}

export function findVersion(db: DbHandle, id: string) {
  return db.selectFrom('scoresheet_versions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export function findModeration(db: DbHandle, candidateId: string) {
  return db.selectFrom('moderations').selectAll().where('candidate_id', '=', candidateId).executeTakeFirst();
}

export function lockModeration(db: DbHandle, candidateId: string) {
  return db
    .selectFrom('moderations')
    .selectAll()
    .where('candidate_id', '=', candidateId)
    .forUpdate()
    .executeTakeFirst();
}

export function agreedScores(db: DbHandle, candidateId: string) {
  return db.selectFrom('agreed_scores').selectAll().where('candidate_id', '=', candidateId).execute();
}

export async function ensureModeration(db: DbHandle, candidateId: string, versionId: string) {
  await db
    .insertInto('moderations')
    .values({
      candidate_id: candidateId,
      scoresheet_version_id: versionId,
      outcome_override: null,
      override_reason: null,
      tie_break_note: null,
      finalised_at: null,
      finalised_by: null,
    })
    .onConflict((oc) => oc.column('candidate_id').doNothing())
    .execute();
}

export async function updateModeration(
  db: DbHandle,
  candidateId: string,
  changes: Partial<{
    state: 'open' | 'finalised';
    outcome_override: Outcome | null;
    override_reason: string | null;
    feedback: string;
    tie_break_note: string | null;
    finalised_at: Date | null;
    finalised_by: string | null;
    weighted_total: number | null;
    passed: boolean | null;
    outcome: Outcome | null;
  }>,
) {
  await db
    .updateTable('moderations')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('candidate_id', '=', candidateId)
    .execute();
}

export async function upsertAgreed(
  db: DbHandle,
  candidateId: string,
  userId: string,
  rows: Array<{
    criterionId: string;
    score: number | null;
    rationale: string;
    strengths: string;
    development: string;
  }>,
) {
  if (rows.length === 0) return;
  await db
    .insertInto('agreed_scores')
    .values(
      rows.map((r) => ({
        candidate_id: candidateId,
        criterion_id: r.criterionId,
        score: r.score,
        rationale: r.rationale,
        strengths: r.strengths,
        development: r.development,
        updated_by: userId,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['candidate_id', 'criterion_id']).doUpdateSet((eb) => ({
        score: eb.ref('excluded.score'),
        rationale: eb.ref('excluded.rationale'),
        strengths: eb.ref('excluded.strengths'),
        development: eb.ref('excluded.development'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .execute();
}
