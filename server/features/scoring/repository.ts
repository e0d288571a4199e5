import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DbHandle, MemberSheetsTable } from '../../db/types.js';
import type { Selectable } from 'kysely';

export type MemberSheet = Selectable<MemberSheetsTable>;
import type { Entries } from '../../domain/scoring.js';

/** The candidate with their campaign, and this person's place on the candidate's panel (if any). */
export function findScoringContext(db: DbHandle, candidateId: string, userId: string) {
  return (
    db
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
      // This person's sheet for the candidate, if they have opened it: read here, not in a query of its own.
      .leftJoin('member_sheets', (join) =>
        join
          .onRef('member_sheets.candidate_id', '=', 'candidates.id')
          .on('member_sheets.user_id', '=', userId),
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
        'member_sheets.id as sheet_id',
        'member_sheets.scoresheet_version_id as sheet_version_id',
        'member_sheets.revision as sheet_revision',
        'member_sheets.last_request_id as sheet_last_request_id',
        'member_sheets.submitted_at as sheet_submitted_at',
        'member_sheets.created_at as sheet_created_at',
        'member_sheets.updated_at as sheet_updated_at',
      ])
      .where('candidates.id', '=', candidateId)
      .executeTakeFirst()
  );
}

type ContextRow = NonNullable<Awaited<ReturnType<typeof findScoringContext>>>;

/** The person's sheet as the scoring context read it, or undefined before they first open it. */
export function sheetFromContext(ctx: ContextRow, userId: string): MemberSheet | undefined {
  if (!ctx.sheet_id) return undefined;
  return {
    id: ctx.sheet_id,
    candidate_id: ctx.candidateId,
    user_id: userId,
    scoresheet_version_id: ctx.sheet_version_id!,
    revision: ctx.sheet_revision!,
    last_request_id: ctx.sheet_last_request_id,
    submitted_at: ctx.sheet_submitted_at,
    created_at: ctx.sheet_created_at!,
    updated_at: ctx.sheet_updated_at!,
  };
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

/** Locks the sheet for a save and reads its entries with it, in one round trip. */
export async function lockSheetWithEntries(db: DbHandle, sheetId: string) {
  const row = await db
    .selectFrom('member_sheets')
    .selectAll('member_sheets')
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('member_scores')
          .select(['member_scores.criterion_id', 'member_scores.score', 'member_scores.evidence'])
          .whereRef('member_scores.sheet_id', '=', 'member_sheets.id'),
      ).as('entries'),
    )
    .where('member_sheets.id', '=', sheetId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const { entries, ...sheet } = row;
  return { sheet, entries: entriesOf(entries) };
}

function entriesOf(
  rows: ReadonlyArray<{ criterion_id: string; score: number | null; evidence: string }>,
): Entries {
  return Object.fromEntries(rows.map((r) => [r.criterion_id, { score: r.score, evidence: r.evidence }]));
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
  return entriesOf(rows);
}

/**
 * Writes the changed entries, their history rows and the sheet's new revision as one statement (its
 * inserts are data-modifying CTEs), so a save is one round trip however many criteria changed.
 */
export async function saveEntries(
  db: DbHandle,
  sheet: { id: string; user_id: string },
  saved: { revision: number; requestId: string; submitted: boolean },
  entries: Entries,
) {
  const rows = Object.entries(entries);
  const values = {
    revision: saved.revision,
    last_request_id: saved.requestId,
    updated_at: sql<Date>`now()`,
    ...(saved.submitted ? { submitted_at: sql<Date>`now()` } : {}),
  };
  if (rows.length === 0)
    return db
      .updateTable('member_sheets')
      .set(values)
      .where('id', '=', sheet.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  return db
    .with('scores', (qb) =>
      qb
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
        ),
    )
    .with('history', (qb) =>
      qb.insertInto('member_score_history').values(
        rows.map(([criterion_id, e]) => ({
          sheet_id: sheet.id,
          user_id: sheet.user_id,
          revision: saved.revision,
          criterion_id,
          score: e.score,
          evidence_length: e.evidence.length,
          evidence_sha256: createHash('sha256').update(e.evidence).digest('hex'),
        })),
      ),
    )
    .updateTable('member_sheets')
    .set(values)
    .where('id', '=', sheet.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
