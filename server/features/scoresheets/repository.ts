import type { Insertable } from 'kysely';
import type { Criterion, DbHandle, NewCriterion, ScoresheetVersionsTable } from '../../db/types.js';

/** A campaign's draft criteria and its published scoresheet versions. */

export function listCriteria(db: DbHandle, campaignId: string): Promise<Criterion[]> {
  return db
    .selectFrom('scoresheet_criteria')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('position')
    .execute();
}

export async function insertCriteria(db: DbHandle, criteria: NewCriterion[]): Promise<Criterion[]> {
  if (criteria.length === 0) return [];
  return db.insertInto('scoresheet_criteria').values(criteria).returningAll().execute();
}

export function updateCriterion(
  db: DbHandle,
  id: string,
  changes: Partial<NewCriterion>,
): Promise<Criterion> {
  return db
    .updateTable('scoresheet_criteria')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteCriterion(db: DbHandle, campaignId: string, id: string): Promise<void> {
  await db
    .deleteFrom('scoresheet_criteria')
    .where('campaign_id', '=', campaignId)
    .where('id', '=', id)
    .execute();
}

export async function insertVersion(db: DbHandle, version: Insertable<ScoresheetVersionsTable>) {
  await db.insertInto('scoresheet_versions').values(version).execute();
}

/** Every published version, newest first. */
export function listVersions(db: DbHandle, campaignId: string) {
  return db
    .selectFrom('scoresheet_versions')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('version', 'desc')
    .execute();
}

export async function countPublishedVersions(db: DbHandle, campaignId: string): Promise<number> {
  const row = await db
    .selectFrom('scoresheet_versions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** The campaign's newest published scoresheet version, if any. */
export function latestPublishedVersion(db: DbHandle, campaignId: string) {
  return db
    .selectFrom('scoresheet_versions')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}
