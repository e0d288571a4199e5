/**
 * The campaign summary report, for the campaign's owners: campaign facts, counts by outcome, the merit
 * list, the comparison table (candidates × criteria, its header repeated on every page), agreed scores by
 * criterion, panel composition, and the sources. Built for a thousand candidates: one table row per
 * candidate, short cells that rarely wrap, criteria shown by code (C1, C2 …) with a key.
 */
import type { PublishedScoresheet } from '../domain/published-scoresheet.js';
import { londonDate, londonDateTime } from '../format.js';
import {
  OUTCOME_TEXT,
  passRuleText,
  writeSources,
  type BuiltReport,
  type Outcome,
} from './candidate-outcome.js';
import { createReport, type TableColumn } from './pdf.js';

export type SummaryList = {
  /** Null only before any scoresheet is published. */
  version: number | null;
  passRule: PublishedScoresheet['passRule'] | null;
  overallPassMark: number | null;
  criteria: Array<{ id: string; title: string; weight: number; passMark: number; lead: boolean }>;
  merit: Array<{
    rank: number;
    tied: boolean;
    reference: string;
    /** Null once erased. */
    name: string | null;
    weightedTotal: number;
    leadScore: number;
    outcome: Outcome;
    reserveUntil: Date | null;
    offer: OfferStatus | null;
  }>;
  /** Every candidate of this version, in merit order then by reference; scores in the order of `criteria`. */
  rows: Array<{
    reference: string;
    name: string | null;
    panel: string | null;
    status: SummaryStatus;
    scores: Array<number | null>;
    weightedTotal: number | null;
    passed: boolean | null;
    outcome: Outcome | null;
  }>;
};

export type SummaryStatus = 'withdrawn' | 'not-moderated' | 'in-moderation' | 'finalised';
export type OfferStatus = 'offered' | 'accepted' | 'declined';

export type CampaignSummary = {
  campaign: {
    title: string;
    vacancyReference: string;
    grade: string;
    anonymised: boolean;
    closedAt: Date | null;
  };
  /** The latest published scoresheet, or null when none has been published. */
  sheet: PublishedScoresheet | null;
  scoresheet: { version: number; contentHash: string } | null;
  owners: string[];
  counts: {
    candidates: number;
    appointable: number;
    reserve: number;
    notAppointable: number;
    notDecided: number;
    withdrawn: number;
  };
  /**
   * One list per scoresheet version the candidates are scored against, oldest first, each with its own
   * criteria, rules, merit list and comparison rows. Lists are never ranked against each other.
   */
  lists: SummaryList[];
  /** Said plainly when candidates were moderated against different versions; otherwise null. */
  mixedNotice: string | null;
  panels: Array<{
    name: string;
    candidates: number;
    members: Array<{ name: string; role: string }>;
  }>;
  /** Panel calibration: members' leniency or severity, disagreement, ICC(2,1) per criterion. */
  calibration: Array<{
    panel: string;
    members: Array<{
      name: string;
      role: string;
      count: number;
      mean: number | null;
      difference: number | null;
      flag: 'lenient' | 'severe' | null;
    }>;
    disagreement: { compared: number; disagreed: number; share: number | null };
    agreement: Array<{ title: string; n: number; k: number; icc: number | null; enough: boolean }>;
  }>;
  generatedAt: Date;
};

const STATUS_TEXT: Record<SummaryStatus, string> = {
  withdrawn: 'Withdrawn',
  'not-moderated': 'Not moderated',
  'in-moderation': 'In moderation',
  finalised: 'Finalised',
};
const OFFER_TEXT: Record<OfferStatus, string> = {
  offered: 'Offered',
  accepted: 'Accepted',
  declined: 'Declined',
};

/** Criteria columns in one comparison table; more criteria continue in a second table. */
export const CRITERIA_PER_TABLE = 12;
/** Up to this many criteria, the comparison table's headers are the criteria titles. */
const TITLES_UP_TO = 4;
const SMALL = 8.5;
const COMPARISON_SIZE = 8;

export function summaryTitle(campaignTitle: string): string {
  return `Campaign summary: ${campaignTitle}`;
}

const label = (c: { reference: string; name: string | null }) =>
  c.name ? `${c.reference} ${c.name}` : c.reference;

export function buildCampaignSummary(data: CampaignSummary): BuiltReport {
  const { campaign, sheet, counts, lists } = data;
  const title = summaryTitle(campaign.title);
  const report = createReport({
    title,
    subject: `Merit list, comparison of candidates and panels for ${campaign.title} (${campaign.vacancyReference})`,
  });
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
        ? 'Set by each scoresheet version: see each list'
        : only?.passRule
          ? passRuleText(only.passRule, only.overallPassMark)
          : 'Not published',
    ],
    [
      'Lead criterion',
      several ? 'Set by each scoresheet version: see each list' : lead ? lead.title : 'None',
    ],
    ['Scoresheet version', versionsText(lists, data.scoresheet)],
    [
      'Candidates’ names',
      campaign.anonymised ? 'Hidden from panels (anonymised campaign)' : 'Shown to panels',
    ],
    ['Status', campaign.closedAt ? `Closed on ${londonDate(campaign.closedAt)}` : 'Open'],
    ['Owners', data.owners.join(', ') || 'None'],
  ]);

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

  if (data.mixedNotice) report.paragraph(data.mixedNotice);

  report.heading(2, 'Merit list');
  const withMerit = lists.filter((l) => l.merit.length > 0);
  if (withMerit.length === 0)
    report.paragraph('No candidate has a finalised appointable or reserve result yet.');
  for (const list of withMerit) {
    const lead = list.criteria.find((c) => c.lead);
    if (several) writeVersionHeading(report, list);
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

  report.heading(2, 'Comparison of candidates');
  if (lists.every((l) => l.criteria.length === 0))
    report.paragraph('No scoresheet has been published, so there is nothing to compare yet.');
  for (const list of lists) {
    const { criteria } = list;
    if (criteria.length === 0) continue;
    const code = (i: number) => `C${i + 1}`;
    const useCodes = criteria.length > TITLES_UP_TO;
    if (several) writeVersionHeading(report, list);
    const sub = several ? 4 : 3;
    report.paragraph(
      'Agreed scores for every candidate, with the weighted total, the overall result and the outcome. A blank score has not been agreed yet.',
    );
    report.heading(sub, 'Criteria');
    report.table({
      columns: [
        { header: 'Code', width: 40 },
        { header: 'Criterion' },
        { header: 'Weight', width: 50, align: 'right' },
        { header: 'Pass mark', width: 60, align: 'right' },
      ],
      rows: criteria.map((c, i) => [
        code(i),
        c.lead ? `${c.title} (lead criterion)` : c.title,
        c.weight,
        c.passMark,
      ]),
      rowHeaders: true,
      fontSize: SMALL,
    });
    const groups = chunk(
      criteria.map((c, i) => ({ ...c, index: i })),
      CRITERIA_PER_TABLE,
    );
    groups.forEach((group, g) => {
      const last = g === groups.length - 1;
      if (groups.length > 1)
        report.heading(
          sub,
          `Agreed scores, ${code(group[0]!.index)} to ${code(group[group.length - 1]!.index)}`,
        );
      // Codes are short, so each criterion column is only as wide as its code: C1 narrower than C10.
      const codeWidth = (text: string) => 9 + text.length * 0.72 * COMPARISON_SIZE;
      const ending: TableColumn[] = last
        ? [
            { header: 'Total', width: 32, align: 'right' },
            { header: 'Result', width: 38 },
            { header: 'Outcome', width: 74 },
          ]
        : [];
      const criteriaColumns: TableColumn[] = group.map((c) => ({
        header: useCodes ? code(c.index) : c.title,
        width: useCodes ? codeWidth(code(c.index)) : undefined,
        align: 'center',
      }));
      const candidateWidth = useCodes
        ? report.width - [...criteriaColumns, ...ending].reduce((sum, c) => sum + (c.width ?? 0), 0)
        : 150;
      // One line per candidate keeps a thousand of them to a few dozen pages: names only where they fit.
      const withNames = candidateWidth >= 140;
      if (g === 0 && !withNames)
        report.note('Candidates are shown by reference here; the merit list above gives their names.');
      const columns: TableColumn[] = [
        { header: 'Candidate', width: useCodes ? undefined : candidateWidth },
        ...criteriaColumns,
        ...ending,
      ];
      report.table({
        columns,
        rows: list.rows.map((r) => [
          withNames ? label(r) : r.reference,
          ...group.map((c) => r.scores[c.index]),
          ...(last
            ? [
                r.weightedTotal,
                r.passed === null ? '' : r.passed ? 'Pass' : 'Fail',
                r.outcome ? OUTCOME_TEXT[r.outcome] : STATUS_TEXT[r.status],
              ]
            : []),
        ]),
        rowHeaders: true,
        repeatHeader: true,
        fontSize: COMPARISON_SIZE,
      });
    });

    report.heading(sub, 'Agreed scores by criterion');
    report.paragraph(
      'For candidates with an agreed score on the criterion: how many, the average, the range and how many passed.',
    );
    report.table({
      columns: [
        { header: useCodes ? 'Code' : 'Criterion', width: useCodes ? 40 : undefined },
        ...(useCodes ? [{ header: 'Criterion' }] : []),
        { header: 'Scored', width: 48, align: 'right' },
        { header: 'Average', width: 52, align: 'right' },
        { header: 'Range', width: 46, align: 'center' },
        { header: 'Passed', width: 62, align: 'right' },
      ],
      rows: criteria.map((c, i) => {
        const scores = list.rows.flatMap((r) => (typeof r.scores[i] === 'number' ? [r.scores[i]] : []));
        const passed = scores.filter((s) => s >= c.passMark).length;
        const stats = scores.length
          ? [
              scores.length,
              (scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(1),
              `${Math.min(...scores)}–${Math.max(...scores)}`,
              `${passed} (${Math.round((100 * passed) / scores.length)}%)`,
            ]
          : [0, '', '', ''];
        return [...(useCodes ? [code(i), c.title] : [c.title]), ...stats];
      }),
      rowHeaders: true,
      fontSize: SMALL,
    });
  }

  report.heading(2, 'Panels');
  if (data.panels.length === 0) report.paragraph('No panels have been formed.');
  for (const panel of data.panels) {
    report.section(() => {
      report.heading(3, panel.name);
      report.note(
        `${panel.candidates} ${panel.candidates === 1 ? 'candidate' : 'candidates'} assigned to this panel.`,
      );
      if (panel.members.length === 0) report.paragraph('No members yet.');
      else
        report.table({
          columns: [{ header: 'Member' }, { header: 'Role', width: 150 }],
          rows: panel.members.map((m) => [m.name, m.role]),
          rowHeaders: true,
        });
    });
  }

  writeCalibration(report, data.calibration);
  writeSources(report, sheet?.editions ?? [], data.scoresheet);

  return {
    title,
    write: (out) =>
      report.finish(out, {
        footer: `${campaign.vacancyReference} · campaign summary · generated ${londonDateTime(data.generatedAt)}`,
      }),
  };
}

function versionsText(lists: CampaignSummary['lists'], latest: CampaignSummary['scoresheet']): string {
  const versions = lists.flatMap((l) => (l.version === null ? [] : [l.version]));
  if (versions.length === 0) return latest ? String(latest.version) : 'Not published';
  if (versions.length === 1) return String(versions[0]);
  return `${versions.slice(0, -1).join(', ')} and ${versions.at(-1)}, listed separately`;
}

/** "Scored against version N", with that version's own pass rule and lead criterion. */
function writeVersionHeading(report: ReturnType<typeof createReport>, list: SummaryList) {
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

const fixed = (n: number | null, places = 1) => (n === null ? '–' : n.toFixed(places));

function writeCalibration(
  report: ReturnType<typeof createReport>,
  calibration: CampaignSummary['calibration'],
) {
  report.heading(2, 'Panel calibration');
  report.note(
    'From submitted scoresheets only. A member is flagged when their scores differ from the rest of the panel by 0.75 or more on average; agreement is ICC(2,1), shown only with enough candidates.',
  );
  if (calibration.length === 0) report.paragraph('No scores have been submitted yet.');
  for (const panel of calibration) {
    report.section(() => {
      report.heading(3, panel.panel);
      const share = panel.disagreement.share;
      report.paragraph(
        share === null
          ? 'No criterion was scored by two or more members yet.'
          : `Members disagreed by 2 or more on ${Math.round(share * 100)}% of ${panel.disagreement.compared} scored criteria.`,
      );
      report.table({
        columns: [
          { header: 'Member' },
          { header: 'Role', width: 90 },
          { header: 'Scores', width: 50, align: 'right' },
          { header: 'Mean', width: 50, align: 'right' },
          { header: 'Against the rest', width: 80, align: 'right' },
          { header: 'Flag', width: 70 },
        ],
        rows: panel.members.map((m) => [
          m.name,
          m.role,
          String(m.count),
          fixed(m.mean, 2),
          m.difference === null ? '–' : `${m.difference > 0 ? '+' : ''}${m.difference.toFixed(2)}`,
          m.flag === 'lenient' ? 'Lenient' : m.flag === 'severe' ? 'Severe' : '',
        ]),
        rowHeaders: true,
      });
      report.table({
        columns: [
          { header: 'Criterion' },
          { header: 'Candidates', width: 65, align: 'right' },
          { header: 'Raters', width: 50, align: 'right' },
          { header: 'ICC(2,1)', width: 90, align: 'right' },
        ],
        rows: panel.agreement.map((a) => [
          a.title,
          String(a.n),
          String(a.k),
          a.enough ? fixed(a.icc, 2) : 'Not enough data',
        ]),
        rowHeaders: true,
      });
    });
  }
}

export function writeCampaignSummary(data: CampaignSummary, out: NodeJS.WritableStream): Promise<void> {
  return buildCampaignSummary(data).write(out);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
