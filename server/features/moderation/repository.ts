import { sql, type Selectable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DbHandle, ModerationsTable, Outcome } from '../../db/types.js';

export type ModerationRow = Selectable<ModerationsTable>;

/**
 * Everything a view of one candidate's moderation needs, in one query whatever the number of panel
 * members or criteria: the candidate, campaign and interview; whether the viewer owns the campaign;
 * the moderation; everyone on the candidate's panel with their declaration and own sheet; the
 * members' scores; the agreed scores; and the scoresheet versions the candidate's sheets and
 * moderation use. Undefined for an unknown candidate. The moderation page, its save and the outcome
 * report all read through this.
 */
export async function loadModerationRecord(db: DbHandle, candidateId: string, viewerId: string) {
  const row = await db
    .selectFrom('candidates')
    .innerJoin('campaigns', 'campaigns.id', 'candidates.campaign_id')
    .leftJoin('interviews', 'interviews.candidate_id', 'candidates.id')
    .leftJoin('panels', 'panels.id', 'interviews.panel_id')
    .leftJoin('moderations', 'moderations.candidate_id', 'candidates.id')
    .select((eb) => [
      'candidates.id as candidateId',
      'candidates.reference',
      'candidates.name',
      'candidates.erased_at as erasedAt',
      'campaigns.id as campaignId',
      'campaigns.title as campaignTitle',
      'campaigns.anonymised',
      'campaigns.closed_at',
      'interviews.panel_id as panelId',
      'interviews.scheduled_at as scheduledAt',
      'panels.name as panelName',
      eb
        .exists(
          eb
            .selectFrom('campaign_owners')
            .select('campaign_owners.user_id')
            .whereRef('campaign_owners.campaign_id', '=', 'campaigns.id')
            .where('campaign_owners.user_id', '=', viewerId),
        )
        .as('isOwner'),
      'moderations.candidate_id as m_candidate_id',
      'moderations.scoresheet_version_id as m_scoresheet_version_id',
      'moderations.state as m_state',
      'moderations.outcome_override as m_outcome_override',
      'moderations.override_reason as m_override_reason',
      'moderations.feedback as m_feedback',
      'moderations.tie_break_note as m_tie_break_note',
      'moderations.finalised_at as m_finalised_at',
      'moderations.finalised_by as m_finalised_by',
      'moderations.weighted_total as m_weighted_total',
      'moderations.passed as m_passed',
      'moderations.outcome as m_outcome',
      'moderations.updated_at as m_updated_at',
      // Chair first, then members, then independents, each by name; `position` keeps that order.
      jsonArrayFrom(
        eb
          .selectFrom('panel_members')
          .innerJoin('users', 'users.id', 'panel_members.user_id')
          .leftJoin('conflict_declarations', (j) =>
            j
              .onRef('conflict_declarations.user_id', '=', 'panel_members.user_id')
              .onRef('conflict_declarations.candidate_id', '=', 'candidates.id'),
          )
          .leftJoin('member_sheets', (j) =>
            j
              .onRef('member_sheets.user_id', '=', 'panel_members.user_id')
              .onRef('member_sheets.candidate_id', '=', 'candidates.id'),
          )
          .select([
            sql<number>`row_number() over (order by case panel_members.role when 'chair' then 0 when 'member' then 1 else 2 end, users.name)`.as(
              'position',
            ),
            'users.id as userId',
            'users.name',
            'panel_members.role',
            'conflict_declarations.conflicted',
            'member_sheets.id as sheetId',
            'member_sheets.submitted_at',
            'member_sheets.scoresheet_version_id as versionId',
          ])
          .whereRef('panel_members.panel_id', '=', 'interviews.panel_id'),
      ).as('members'),
      jsonArrayFrom(
        eb
          .selectFrom('member_scores')
          .innerJoin('member_sheets', 'member_sheets.id', 'member_scores.sheet_id')
          .select([
            'member_scores.sheet_id',
            'member_scores.criterion_id',
            'member_scores.score',
            'member_scores.evidence',
          ])
          .whereRef('member_sheets.candidate_id', '=', 'candidates.id'),
      ).as('scores'),
      jsonArrayFrom(
        eb
          .selectFrom('agreed_scores')
          .select([
            'agreed_scores.criterion_id',
            'agreed_scores.score',
            'agreed_scores.rationale',
            'agreed_scores.strengths',
            'agreed_scores.development',
          ])
          .whereRef('agreed_scores.candidate_id', '=', 'candidates.id'),
      ).as('agreed'),
      jsonArrayFrom(
        eb
          .selectFrom('scoresheet_versions')
          .select([
            'scoresheet_versions.id',
            'scoresheet_versions.version',
            'scoresheet_versions.content',
            'scoresheet_versions.content_hash',
          ])
          .where((w) =>
            w.or([
              w(
                'scoresheet_versions.id',
                'in',
                w
                  .selectFrom('member_sheets')
                  .select('member_sheets.scoresheet_version_id')
                  .whereRef('member_sheets.candidate_id', '=', 'candidates.id'),
              ),
              w('scoresheet_versions.id', '=', w.ref('moderations.scoresheet_version_id')),
            ]),
          ),
      ).as('versions'),
    ])
    .where('candidates.id', '=', candidateId)
    .executeTakeFirst();
  if (!row) return undefined;
  const moderation: ModerationRow | undefined =
    row.m_candidate_id === null
      ? undefined
      : {
          candidate_id: row.m_candidate_id,
          scoresheet_version_id: row.m_scoresheet_version_id!,
          state: row.m_state!,
          outcome_override: row.m_outcome_override,
          override_reason: row.m_override_reason,
          feedback: row.m_feedback!,
          tie_break_note: row.m_tie_break_note,
          finalised_at: row.m_finalised_at,
          finalised_by: row.m_finalised_by,
          weighted_total: row.m_weighted_total,
          passed: row.m_passed,
          outcome: row.m_outcome,
          updated_at: row.m_updated_at!,
        };
  return {
    context: {
      candidateId: row.candidateId,
      reference: row.reference,
      name: row.name,
      campaignId: row.campaignId,
      campaignTitle: row.campaignTitle,
      anonymised: row.anonymised,
      closed_at: row.closed_at,
      panelId: row.panelId,
    },
    interview: { erasedAt: row.erasedAt, scheduledAt: row.scheduledAt, panelName: row.panelName },
    isOwner: Boolean(row.isOwner),
    moderation,
    // JSON carries dates as text: they are dates again here, as the rest of the app expects.
    members: [...row.members]
      .sort((a, b) => Number(a.position) - Number(b.position))
      .map(({ position: _position, submitted_at, ...m }) => ({
        ...m,
        submitted_at: submitted_at === null ? null : new Date(submitted_at),
      })),
    scores: row.scores,
    agreed: row.agreed,
    versions: row.versions,
  };
}

export type ModerationRecord = NonNullable<Awaited<ReturnType<typeof loadModerationRecord>>>;

export function lockModeration(db: DbHandle, candidateId: string) {
  return db
    .selectFrom('moderations')
    .selectAll()
    .where('candidate_id', '=', candidateId)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * The candidate's moderation, made against the version if there is none yet, and locked until the
 * transaction ends (an insert that meets the existing row updates nothing but locks it as
 * `select ... for update` would). Returns the row as it stands.
 */
export function lockOrStartModeration(db: DbHandle, candidateId: string, versionId: string) {
  return db
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
    .onConflict((oc) =>
      oc
        .column('candidate_id')
        .doUpdateSet((eb) => ({ scoresheet_version_id: eb.ref('moderations.scoresheet_version_id') })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type ModerationChanges = Partial<{
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
}>;

export async function updateModeration(db: DbHandle, candidateId: string, changes: ModerationChanges) {
  await db
    .updateTable('moderations')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('candidate_id', '=', candidateId)
    .execute();
}

export type AgreedRow = {
  criterionId: string;
  score: number | null;
  rationale: string;
  strengths: string;
  development: string;
};

/**
 * The chair's draft in one statement: the agreed scores upserted and the moderation updated. Returns
 * the agreed scores as they were just before: every part of one statement reads the same snapshot, so
 * the select sees none of the statement's own writes.
 */
export async function saveDraft(
  db: DbHandle,
  candidateId: string,
  userId: string,
  rows: AgreedRow[],
  changes: ModerationChanges,
) {
  if (rows.length === 0) {
    const before = await db
      .selectFrom('agreed_scores')
      .select(['criterion_id', 'score', 'rationale'])
      .where('candidate_id', '=', candidateId)
      .execute();
    await updateModeration(db, candidateId, changes);
    return before;
  }
  return db
    .with('moderation', (q) =>
      q
        .updateTable('moderations')
        .set({ ...changes, updated_at: sql<Date>`now()` })
        .where('candidate_id', '=', candidateId)
        .returning('candidate_id'),
    )
    .with('agreed', (q) =>
      q
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
        .returning('criterion_id'),
    )
    .selectFrom('agreed_scores')
    .select(['criterion_id', 'score', 'rationale'])
    .where('candidate_id', '=', candidateId)
    .execute();
}
