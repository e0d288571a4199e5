import type { Campaign, DbHandle } from '../../db/types.js';
import type { Insertable } from 'kysely';
import type { CampaignsTable } from '../../db/types.js';

export function insertCampaign(db: DbHandle, campaign: Insertable<CampaignsTable>): Promise<Campaign> {
  return db.insertInto('campaigns').values(campaign).returningAll().executeTakeFirstOrThrow();
}

export function findCampaign(db: DbHandle, id: string): Promise<Campaign | undefined> {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updateCampaign(
  db: DbHandle,
  id: string,
  changes: Partial<Insertable<CampaignsTable>>,
): Promise<Campaign> {
  return db
    .updateTable('campaigns')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function addOwner(
  db: DbHandle,
  campaignId: string,
  userId: string,
  addedBy: string | null,
): Promise<void> {
  await db
    .insertInto('campaign_owners')
    .values({ campaign_id: campaignId, user_id: userId, added_by: addedBy })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function isOwner(db: DbHandle, campaignId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('campaign_owners')
    .select('user_id')
    .where('campaign_id', '=', campaignId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return !!row;
}

export function listOwners(db: DbHandle, campaignId: string) {
  return db
    .selectFrom('campaign_owners')
    .innerJoin('users', 'users.id', 'campaign_owners.user_id')
    .select(['users.id', 'users.name', 'users.email', 'users.subject', 'campaign_owners.added_at'])
    .where('campaign_owners.campaign_id', '=', campaignId)
    .orderBy('campaign_owners.added_at')
    .execute();
}

/** The campaigns a person owns, newest first, with how many scoresheet versions each has published. */
export function listOwnedCampaigns(db: DbHandle, userId: string) {
  return db
    .selectFrom('campaigns')
    .innerJoin('campaign_owners', 'campaign_owners.campaign_id', 'campaigns.id')
    .leftJoin('scoresheet_versions', 'scoresheet_versions.campaign_id', 'campaigns.id')
    .select((eb) => [
      'campaigns.id',
      'campaigns.title',
      'campaigns.vacancy_reference',
      'campaigns.grade',
      'campaigns.closed_at',
      'campaigns.created_at',
      eb.fn.count<number>('scoresheet_versions.id').as('published_versions'),
    ])
    .where('campaign_owners.user_id', '=', userId)
    .groupBy('campaigns.id')
    .orderBy('campaigns.created_at', 'desc')
    .execute();
}

/** When the campaign was closed, if this person owns it; undefined if they do not own it. */
export async function ownedCampaignClosedAt(db: DbHandle, campaignId: string, userId: string) {
  const row = await db
    .selectFrom('campaigns')
    .innerJoin('campaign_owners', 'campaign_owners.campaign_id', 'campaigns.id')
    .select('campaigns.closed_at')
    .where('campaigns.id', '=', campaignId)
    .where('campaign_owners.user_id', '=', userId)
    .executeTakeFirst();
  return row?.closed_at;
}

/** How far the campaign has got: candidates (not withdrawn), panels, finalised moderations. */
export async function campaignCounts(db: DbHandle, campaignId: string) {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('candidates')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('campaign_id', '=', campaignId)
        .where('withdrawn_at', 'is', null)
        .as('candidates'),
      eb
        .selectFrom('panels')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('campaign_id', '=', campaignId)
        .as('panels'),
      eb
        .selectFrom('moderations')
        .innerJoin('candidates', 'candidates.id', 'moderations.candidate_id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('candidates.campaign_id', '=', campaignId)
        .where('moderations.state', '=', 'finalised')
        .as('finalised'),
    ])
    .executeTakeFirstOrThrow();
  return {
    candidates: Number(row.candidates ?? 0),
    panels: Number(row.panels ?? 0),
    finalised: Number(row.finalised ?? 0),
  };
}
