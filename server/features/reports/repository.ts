import type { DbHandle } from '../../db/types.js';

export function versionByNumber(db: DbHandle, campaignId: string, version: number) {
  return db
    .selectFrom('scoresheet_versions')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** Whether the person sits on any of the campaign's panels, in any role. */
export async function isOnAnyPanel(db: DbHandle, campaignId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('panel_members')
    .innerJoin('panels', 'panels.id', 'panel_members.panel_id')
    .select('panel_members.user_id')
    .where('panels.campaign_id', '=', campaignId)
    .where('panel_members.user_id', '=', userId)
    .executeTakeFirst();
  return !!row;
}

/** How many candidates each of the campaign's panels interviews. */
export async function candidatesPerPanel(db: DbHandle, campaignId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('interviews')
    .innerJoin('panels', 'panels.id', 'interviews.panel_id')
    .select((eb) => ['interviews.panel_id', eb.fn.countAll<string>().as('n')])
    .where('panels.campaign_id', '=', campaignId)
    .groupBy('interviews.panel_id')
    .execute();
  return new Map(rows.map((r) => [r.panel_id, Number(r.n)]));
}
