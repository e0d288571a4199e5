import { WITHHELD_MESSAGE } from '../../domain/independence.js';

export const WITHHELD = `Withheld. ${WITHHELD_MESSAGE}`;

/** Audit entries as people read them: a sentence for the action and a short before → after. */
const ACTIONS: Record<string, string> = {
  'campaign.created': 'Campaign created',
  'campaign.closed': 'Campaign closed',
  'campaign.reopened': 'Campaign reopened',
  'campaign.owner-added': 'Co-owner added',
  'scoresheet.draft-saved': 'Scoresheet draft saved',
  'scoresheet.criterion-added': 'Criterion added',
  'scoresheet.criterion-removed': 'Criterion removed',
  'scoresheet.published': 'Scoresheet published',
  'scoresheet.submitted': 'Member submitted their scoresheet',
  'moderation.agreed-score-recorded': 'Agreed score recorded',
  'moderation.outcome-overridden': 'Outcome changed from the proposal',
  'moderation.finalised': 'Moderation finalised',
  'moderation.reopened': 'Moderation reopened',
  'retention.personal-data-erased': 'Personal data erased (retention period ended)',
  'candidate.personal-data-erased': 'Personal data erased on request',
};

export function describeAction(action: string): string {
  return ACTIONS[action] ?? action.replace(/[.-]/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

export function describeChange(before: unknown, after: unknown): string {
  const show = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));
  const b = show(before);
  const a = show(after);
  if (b && a) return `${truncate(b)} → ${truncate(a)}`;
  return truncate(a || b);
}

function truncate(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
