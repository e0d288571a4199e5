import { sql, type ExpressionBuilder, type RawBuilder, type Selectable } from 'kysely';
import type { Database, DbHandle, PanelRole, PanelsTable } from '../../db/types.js';

export type Panel = Selectable<PanelsTable>;

export function listPanels(db: DbHandle, campaignId: string): Promise<Panel[]> {
  return db
    .selectFrom('panels')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('created_at')
    .orderBy('name')
    .execute();
}

export function findPanel(db: DbHandle, campaignId: string, panelId: string): Promise<Panel | undefined> {
  return db
    .selectFrom('panels')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('id', '=', panelId)
    .executeTakeFirst();
}

/** Names are unique per campaign whatever their case ("Panel A" and "panel a" are the same panel). */
export async function panelNameTaken(db: DbHandle, campaignId: string, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('panels')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
  return !!row;
}

export function insertPanel(db: DbHandle, campaignId: string, name: string): Promise<Panel> {
  return db
    .insertInto('panels')
    .values({ campaign_id: campaignId, name })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function renamePanel(db: DbHandle, panelId: string, name: string): Promise<void> {
  await db.updateTable('panels').set({ name }).where('id', '=', panelId).execute();
}

export async function countInterviews(db: DbHandle, panelId: string): Promise<number> {
  const row = await db
    .selectFrom('interviews')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('panel_id', '=', panelId)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Members go with the panel; interviews must have been moved or cancelled first. */
export async function deletePanel(db: DbHandle, panelId: string): Promise<void> {
  await db.deleteFrom('panels').where('id', '=', panelId).execute();
}

export type PanelMember = {
  panelId: string;
  userId: string;
  role: PanelRole;
  name: string;
  email: string;
  signedIn: boolean;
};

/** The members of these panels, chair first, then members, then independent members. */
export async function listMembers(db: DbHandle, panelIds: readonly string[]): Promise<PanelMember[]> {
  if (panelIds.length === 0) return [];
  const rows = await db
    .selectFrom('panel_members')
    .innerJoin('users', 'users.id', 'panel_members.user_id')
    .select([
      'panel_members.panel_id',
      'panel_members.user_id',
      'panel_members.role',
      'users.name',
      'users.email',
      'users.subject',
    ])
    .where('panel_members.panel_id', 'in', [...panelIds])
    .orderBy(sql`case panel_members.role when 'chair' then 0 when 'member' then 1 else 2 end`)
    .orderBy('panel_members.added_at')
    .execute();
  return rows.map((r) => ({
    panelId: r.panel_id,
    userId: r.user_id,
    role: r.role,
    name: r.name,
    email: r.email,
    signedIn: r.subject !== null,
  }));
}

export async function findMemberRole(
  db: DbHandle,
  panelId: string,
  userId: string,
): Promise<PanelRole | undefined> {
  const row = await db
    .selectFrom('panel_members')
    .select('role')
    .where('panel_id', '=', panelId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
}

export function findChair(db: DbHandle, panelId: string) {
  return db
    .selectFrom('panel_members')
    .innerJoin('users', 'users.id', 'panel_members.user_id')
    .select(['users.id', 'users.name'])
    .where('panel_members.panel_id', '=', panelId)
    .where('panel_members.role', '=', 'chair')
    .executeTakeFirst();
}

export async function insertMember(
  db: DbHandle,
  member: { panelId: string; userId: string; role: PanelRole },
): Promise<void> {
  await db
    .insertInto('panel_members')
    .values({ panel_id: member.panelId, user_id: member.userId, role: member.role })
    .execute();
}

export async function deleteMember(db: DbHandle, panelId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('panel_members')
    .where('panel_id', '=', panelId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export type CampaignCandidate = {
  id: string;
  reference: string;
  name: string | null;
  withdrawn: boolean;
  interview: { panelId: string; scheduledAt: Date } | null;
};

/** A campaign's candidates (erased ones left out) with their interview, if any, by reference. */
export function listCandidates(db: DbHandle, campaignId: string): Promise<CampaignCandidate[]> {
  return candidatesOf(db, campaignId);
}

export async function findCandidate(
  db: DbHandle,
  campaignId: string,
  candidateId: string,
): Promise<CampaignCandidate | undefined> {
  const [candidate] = await candidatesOf(db, campaignId, candidateId);
  return candidate;
}

async function candidatesOf(
  db: DbHandle,
  campaignId: string,
  candidateId?: string,
): Promise<CampaignCandidate[]> {
  let query = db
    .selectFrom('candidates')
    .leftJoin('interviews', 'interviews.candidate_id', 'candidates.id')
    .select([
      'candidates.id',
      'candidates.reference',
      'candidates.name',
      'candidates.withdrawn_at',
      'interviews.panel_id',
      'interviews.scheduled_at',
    ])
    .where('candidates.campaign_id', '=', campaignId)
    .where('candidates.erased_at', 'is', null);
  if (candidateId) query = query.where('candidates.id', '=', candidateId);
  const rows = await query.orderBy('candidates.reference').execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    name: r.name,
    withdrawn: r.withdrawn_at !== null,
    interview: r.panel_id && r.scheduled_at ? { panelId: r.panel_id, scheduledAt: r.scheduled_at } : null,
  }));
}

export async function findInterview(db: DbHandle, candidateId: string) {
  return db.selectFrom('interviews').selectAll().where('candidate_id', '=', candidateId).executeTakeFirst();
}

/** A new interview; the candidate's key refuses a second one. */
export async function insertInterview(
  db: DbHandle,
  interview: { candidateId: string; panelId: string; scheduledAt: Date },
): Promise<void> {
  await db
    .insertInto('interviews')
    .values({
      candidate_id: interview.candidateId,
      panel_id: interview.panelId,
      scheduled_at: interview.scheduledAt,
    })
    .execute();
}

export async function saveInterview(
  db: DbHandle,
  interview: { candidateId: string; panelId: string; scheduledAt: Date },
): Promise<void> {
  await db
    .insertInto('interviews')
    .values({
      candidate_id: interview.candidateId,
      panel_id: interview.panelId,
      scheduled_at: interview.scheduledAt,
    })
    .onConflict((oc) =>
      oc.column('candidate_id').doUpdateSet({
        panel_id: interview.panelId,
        scheduled_at: interview.scheduledAt,
      }),
    )
    .execute();
}

export async function deleteInterview(db: DbHandle, candidateId: string): Promise<void> {
  await db.deleteFrom('interviews').where('candidate_id', '=', candidateId).execute();
}

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
