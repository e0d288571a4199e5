/** The campaign summary's merit list: appointable and reserve candidates in merit order, per version. */
import { londonDate } from '../format.js';
import {
  label,
  OFFER_TEXT,
  SMALL,
  writeVersionHeading,
  type SummaryList,
} from './campaign-summary-common.js';
import { OUTCOME_TEXT } from './candidate-outcome.js';
import type { Report } from './pdf.js';

export function writeMeritList(report: Report, lists: SummaryList[]): void {
  const several = lists.length > 1;
  report.heading(2, 'Merit list');
  const withMerit = lists.filter((l) => l.merit.length > 0);
  if (withMerit.length === 0)
    report.paragraph('No candidate has a finalised appointable or reserve result yet.');
  for (const list of withMerit) {
    if (several) writeVersionHeading(report, list);
    writeMeritTable(report, list);
  }
}

function writeMeritTable(report: Report, list: SummaryList): void {
  const lead = list.criteria.find((c) => c.lead);
  report.paragraph(
    `Appointable and reserve candidates in merit order: weighted total, then the lead criterion${lead ? ` (${lead.title})` : ''}, then any tie-break recorded. A reserve list lasts 12 months from each candidate’s result.`,
  );
  report.table({
    columns: [
      { header: 'Rank', width: 54, align: 'right' },
      { header: 'Candidate' },
      { header: 'Total', width: 40, align: 'right' },
      { header: 'Lead', width: 36, align: 'right' },
      { header: 'Outcome', width: 72 },
      { header: 'Reserve until', width: 78 },
      { header: 'Offer', width: 58 },
    ],
    rows: list.merit.map((m) => [
      m.tied ? `${m.rank} (tied)` : m.rank,
      label(m),
      m.weightedTotal,
      m.leadScore,
      OUTCOME_TEXT[m.outcome],
      m.outcome === 'reserve' && m.reserveUntil ? londonDate(m.reserveUntil) : '',
      m.offer ? OFFER_TEXT[m.offer] : 'No decision',
    ]),
    fontSize: SMALL,
  });
}
