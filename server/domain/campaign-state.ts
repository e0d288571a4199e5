export type CampaignState = 'setting-up' | 'open' | 'closed';

export function campaignState(
  campaign: { closed_at: Date | null },
  publishedVersions: number,
): CampaignState {
  if (campaign.closed_at) return 'closed';
  return publishedVersions > 0 ? 'open' : 'setting-up';
}

export const campaignStateLabels: Record<CampaignState, string> = {
  'setting-up': 'Setting up',
  open: 'Open',
  closed: 'Closed',
};
