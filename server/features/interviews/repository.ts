import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import type { Database, DbHandle } from '../../db/types.js';

/** Members' interviews and their conflict declarations. */

export type StoredDeclaration = {
  candidateId: string;
  userId: string;
  conflicted: boolean;
  description: string | null;
  declaredAt: Date;
};

export async function listDeclarations(
  db: DbHandle,
  candidateIds: readonly string[],
): Promise<StoredDeclaration[]> {
  if (candidateIds.length === 0) return [];
  const rows = await db
    .selectFrom('conflict_declarations')
    .selectAll()
    .where('candidate_id', 'in', [...candidateIds])
    .execute();
  return rows.map(toDeclaration);
}

export async function findDeclaration(
  db: DbHandle,
  candidateId: string,
  userId: string,
): Promise<StoredDeclaration | undefined> {
  const row = await db
    .selectFrom('conflict_declarations')
    .selectAll()
    .where('candidate_id', '=', candidateId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && toDeclaration(row);
}

export async function saveDeclaration(
  db: DbHandle,
  declaration: { candidateId: string; userId: string; conflicted: boolean; description: string | null },
): Promise<void> {
  await db
    .insertInto('conflict_declarations')
    .values({
      candidate_id: declaration.candidateId,
      user_id: declaration.userId,
      conflicted: declaration.conflicted,
      description: declaration.description,
    })
    .onConflict((oc) =>
      oc.columns(['candidate_id', 'user_id']).doUpdateSet({
        conflicted: declaration.conflicted,
        description: declaration.description,
        declared_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

function toDeclaration(row: {
  candidate_id: string;
  user_id: string;
  conflicted: boolean;
  description: string | null;
  declared_at: Date;
}): StoredDeclaration {
  return {
    candidateId: row.candidate_id,
    userId: row.user_id,
    conflicted: row.conflicted,
    description: row.description,
    declaredAt: row.declared_at,
  };
}

/** A candidate anywhere, with their campaign's anonymity and their interview, if they have one. */
export function findCandidateInterview(db: DbHandle, candidateId: string) {
  return db
    .selectFrom('candidates')
    .innerJoin('campaigns', 'campaigns.id', 'candidates.campaign_id')
    .leftJoin('interviews', 'interviews.candidate_id', 'candidates.id')
    .select([
      'candidates.id',
      'candidates.reference',
      'candidates.name',
      'candidates.campaign_id',
      'campaigns.title as campaign_title',
      'campaigns.anonymised',
      'interviews.panel_id',
      'interviews.scheduled_at',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('scoresheet_versions')
              .select('scoresheet_versions.id')
              .whereRef('scoresheet_versions.campaign_id', '=', 'candidates.campaign_id'),
          )
          .as('has_scoresheet'),
    ])
    .where('candidates.id', '=', candidateId)
    .executeTakeFirst();
}

/**
 * Whether a member has scored a candidate: their sheet is submitted, or holds a score or some
 * evidence. A sheet that was only opened does not count.
 */
function scoredBy(
  eb: ExpressionBuilder<Database, keyof Database>,
  candidateId: string | RawBuilder<string>,
  userId: string | RawBuilder<string>,
) {
  return eb.exists(
    eb
      .selectFrom('member_sheets')
      .select('member_sheets.id')
      .where('member_sheets.candidate_id', '=', candidateId)
      .where('member_sheets.user_id', '=', userId)
      .where((s) =>
        s.or([
          s('member_sheets.submitted_at', 'is not', null),
          s.exists(
            s
              .selectFrom('member_scores')
              .select('member_scores.sheet_id')
              .whereRef('member_scores.sheet_id', '=', 'member_sheets.id')
              .where((m) =>
                m.or([m('member_scores.score', 'is not', null), m('member_scores.evidence', '<>', '')]),
              ),
          ),
        ]),
      ),
  );
}

export async function hasScored(db: DbHandle, candidateId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => scoredBy(eb, candidateId, userId).as('scored'))
    .executeTakeFirstOrThrow();
  return row.scored === true;
}

/**
 * Every interview on the panels this person sits on, across campaigns, with their own declaration.
 * Withdrawn and erased candidates are left out: they will not be interviewed.
 */
export function listInterviewsFor(db: DbHandle, userId: string) {
  return db
    .selectFrom('panel_members')
    .innerJoin('panels', 'panels.id', 'panel_members.panel_id')
    .innerJoin('interviews', 'interviews.panel_id', 'panels.id')
    .innerJoin('candidates', 'candidates.id', 'interviews.candidate_id')
    .innerJoin('campaigns', 'campaigns.id', 'panels.campaign_id')
    .leftJoin('conflict_declarations', (join) =>
      join
        .onRef('conflict_declarations.candidate_id', '=', 'candidates.id')
        .onRef('conflict_declarations.user_id', '=', 'panel_members.user_id'),
    )
    .leftJoin('member_sheets', (join) =>
      join
        .onRef('member_sheets.candidate_id', '=', 'candidates.id')
        .onRef('member_sheets.user_id', '=', 'panel_members.user_id'),
    )
    .leftJoin('moderations', 'moderations.candidate_id', 'candidates.id')
    .select([
      'member_sheets.id as sheet_id',
      'member_sheets.submitted_at',
      'moderations.state as moderation_state',
      'candidates.id as candidate_id',
      'candidates.reference',
      'candidates.name',
      'campaigns.title as campaign_title',
      'campaigns.anonymised',
      'panels.name as panel_name',
      'panel_members.role',
      'interviews.scheduled_at',
      'conflict_declarations.conflicted',
      (eb) => scoredBy(eb, sql.ref<string>('candidates.id'), userId).as('scored'),
    ])
    .where('panel_members.user_id', '=', userId)
    .where('candidates.withdrawn_at', 'is', null)
    .where('candidates.erased_at', 'is', null)
    .orderBy('interviews.scheduled_at')
    .orderBy('candidates.reference')
    .execute();
}
