/** The first sections of the campaign summary: the campaign's facts and its candidates by outcome. */
import { londonDate } from '../format.js';
import type { CampaignSummary } from './campaign-summary-common.js';
import { OUTCOME_TEXT, passRuleText } from './candidate-outcome.js';
import type { Report } from './pdf.js';

const SEE_EACH_LIST = 'Set by each scoresheet version: see each list';

/** The title, then the campaign's facts as label–value rows. */
export function writeFacts(report: Report, data: CampaignSummary, title: string): void {
  const { campaign, sheet, lists } = data;
  const only = lists.length === 1 ? lists[0]! : null;
  const lead = only?.criteria.find((c) => c.lead);
  // With more than one version, each list is headed with its version and states its own rules.
  const several = lists.length > 1;
  report.heading(1, title);
  report.keyValue([
    ['Vacancy reference', campaign.vacancyReference],
    ['Role', sheet ? `${sheet.campaign.role}: ${sheet.campaign.roleLevel}` : 'No scoresheet published yet'],
    ['Grade', campaign.grade],
    ['Scoring scale', sheet?.scale.name ?? 'Not published'],
    [
      'Pass rule',
      several
        ? SEE_EACH_LIST
        : only?.passRule
          ? passRuleText(only.passRule, only.overallPassMark)
          : 'Not published',
    ],
    ['Lead criterion', several ? SEE_EACH_LIST : lead ? lead.title : 'None'],
    ['Scoresheet version', versionsText(lists, data.scoresheet)],
    [
      'Candidates’ names',
      campaign.anonymised ? 'Hidden from panels (anonymised campaign)' : 'Shown to panels',
    ],
    ['Status', campaign.closedAt ? `Closed on ${londonDate(campaign.closedAt)}` : 'Open'],
    ['Owners', data.owners.join(', ') || 'None'],
  ]);
}

function versionsText(lists: CampaignSummary['lists'], latest: CampaignSummary['scoresheet']): string {
  const versions = lists.flatMap((l) => (l.version === null ? [] : [l.version]));
  if (versions.length === 0) return latest ? String(latest.version) : 'Not published';
  if (versions.length === 1) return String(versions[0]);
  return `${versions.slice(0, -1).join(', ')} and ${versions.at(-1)}, listed separately`;
}

/** How many candidates have each outcome, and how many are not decided yet or withdrawn. */
export function writeCounts(report: Report, counts: CampaignSummary['counts']): void {
  report.heading(2, 'Candidates by outcome');
  report.table({
    columns: [{ header: 'Outcome' }, { header: 'Candidates', width: 90, align: 'right' }],
    rows: [
      [OUTCOME_TEXT.appointable, counts.appointable],
      [OUTCOME_TEXT.reserve, counts.reserve],
      [OUTCOME_TEXT['not-appointable'], counts.notAppointable],
      ['Not decided yet', counts.notDecided],
      ['Withdrawn', counts.withdrawn],
      ['All candidates', counts.candidates],
    ],
    rowHeaders: true,
  });
  report.note(
    'An outcome is decided when the panel chair finalises the candidate’s moderation. “Not decided yet” counts candidates still being scored or moderated.',
  );
}
