/** What the sections of the campaign summary share: labels, type sizes, the version heading. */
import type { CampaignSummary, OfferStatus, SummaryList, SummaryStatus } from './campaign-summary.js';
import { passRuleText } from './candidate-outcome.js';
import type { Report } from './pdf.js';

export type { CampaignSummary, SummaryList };

export const STATUS_TEXT: Record<SummaryStatus, string> = {
  withdrawn: 'Withdrawn',
  'not-moderated': 'Not moderated',
  'in-moderation': 'In moderation',
  finalised: 'Finalised',
};
export const OFFER_TEXT: Record<OfferStatus, string> = {
  offered: 'Offered',
  accepted: 'Accepted',
  declined: 'Declined',
};

export const SMALL = 8.5;
export const COMPARISON_SIZE = 8;

/** A candidate's reference, and their name unless it has been erased. */
export const label = (c: { reference: string; name: string | null }) =>
  c.name ? `${c.reference} ${c.name}` : c.reference;

/** "Scored against version N", with that version's own pass rule and lead criterion. */
export function writeVersionHeading(report: Report, list: SummaryList) {
  report.heading(
    3,
    list.version === null ? 'No scoresheet published yet' : `Scored against version ${list.version}`,
  );
  const lead = list.criteria.find((c) => c.lead);
  report.note(
    [
      list.version === null ? '' : `Scoresheet version ${list.version}.`,
      list.passRule ? `Pass rule: ${passRuleText(list.passRule, list.overallPassMark)}` : '',
      lead ? `Lead criterion: ${lead.title}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
  );
}
