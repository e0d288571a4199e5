import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { workOutFairness } from '../../reports/render-pool.js';
import { fairnessFrom, packFairnessInputs, type CampaignFairness, type MemberLeniency } from './figures.js';
import * as repo from './repository.js';

export type * from './figures.js';

type Db = Kysely<Database>;

/**
 * Everything the fairness figures are drawn from: seven queries whatever the size of the campaign
 * (six without the agreed-score distributions).
 */
export async function loadFairnessInputs(
  db: Db,
  campaignId: string,
  panelId?: string,
  options: { distributions: boolean } = { distributions: true },
) {
  const [versions, panels, members, interviews, conflicts, scores, agreed] = await Promise.all([
    repo.publishedContents(db, campaignId),
    repo.panels(db, campaignId, panelId),
    repo.panelMembers(db, campaignId, panelId),
    repo.interviews(db, campaignId, panelId),
    repo.conflicts(db, campaignId, panelId),
    repo.submittedScores(db, campaignId, panelId),
    // The agreed scores feed only the distributions, which the campaign summary does not show.
    options.distributions ? repo.finalisedAgreedScores(db, campaignId, panelId) : [],
  ]);
  return { versions, panels, members, interviews, conflicts, scores, agreed };
}

/**
 * The campaign's fairness figures, per panel: leniency/severity of each member against the rest of
 * the panel, how often members disagreed, ICC(2,1) per criterion, and the agreed-score distribution
 * per criterion. Only submitted sheets and finalised moderations count; members' scores count only
 * for candidates on their own panel they are not conflicted with.
 */
export async function campaignFairness(
  db: Db,
  campaignId: string,
  panelId: string | undefined,
  viewerId: string,
  options: { offThreadFrom?: number; distributions?: boolean } = {},
): Promise<CampaignFairness> {
  const inputs = await loadFairnessInputs(db, campaignId, panelId, {
    distributions: options.distributions ?? true,
  });
  if (inputs.scores.length < (options.offThreadFrom ?? OFF_THREAD_FROM_SHEETS))
    return fairnessFrom(inputs, viewerId);
  return workOutFairness(await packFairnessInputs(inputs), viewerId);
}

/**
 * From this many submitted sheets (about 700 candidates with three members) the figures take long
 * enough (0.1 s and more) to hold up other requests, so a worker thread works them out.
 */
export const OFF_THREAD_FROM_SHEETS = 2_000;

export type CalibrationFlag = {
  name: string;
  difference: number;
  flag: 'lenient' | 'severe';
  count: number;
  text: string;
};

/**
 * The chair's short list for the moderation page: members of this panel whose scores, across the
 * campaign, are on average LENIENCY_FLAG or more above or below the rest of the panel's.
 */
export async function panelCalibration(
  db: Db,
  campaignId: string,
  panelId: string,
  viewerId: string,
): Promise<CalibrationFlag[]> {
  // Only the members' leniency is shown: the agreed-score distributions are not loaded.
  const report = await campaignFairness(db, campaignId, panelId, viewerId, { distributions: false });
  const panel = report.panels[0];
  if (!panel) return [];
  return panel.flagged.map((m) => ({
    name: m.name,
    difference: m.difference!,
    flag: m.flag!,
    count: m.count,
    text: calibrationText(m),
  }));
}

export function calibrationText(m: Pick<MemberLeniency, 'name' | 'difference' | 'count'>): string {
  const d = m.difference ?? 0;
  return `${m.name} scores on average ${Math.abs(d).toFixed(1)} ${d < 0 ? 'below' : 'above'} the rest of the panel (over ${m.count} ${m.count === 1 ? 'score' : 'scores'})`;
}
