import { sql, type Selectable } from 'kysely';
import type { DbHandle, PanelRole, PanelsTable } from '../../db/types.js';

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
