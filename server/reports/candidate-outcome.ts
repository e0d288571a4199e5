/**
 * The candidate outcome report: the moderated result of one interview, as the panel reached it. The
 * frozen criteria and descriptors scored against, each member's score and the agreed score with its
 * rationale, pass or fail in words, the outcome and the feedback, with the framework editions and the
 * OGL attribution, so that an appeal can see exactly how the decision was made.
 *
 * Members are "Member A, B, C…" (panel order) unless the owner chose to show names, so the report can be
 * shared with the candidate. Everything is built before a byte is written: see BuiltReport.
 */
import { OUTCOME_LABELS } from '../domain/labels.js';
import { londonDate, londonDateTime } from '../format.js';
import type { PublishedScoresheet } from '../domain/published-scoresheet.js';
import { OGL_ATTRIBUTION } from './blank-scoresheet.js';
import { createReport, type Report } from './pdf.js';

export type Outcome = 'appointable' | 'reserve' | 'not-appointable';

export const OUTCOME_TEXT = OUTCOME_LABELS;

export type OutcomeCriterion = {
  position: number;
  title: string;
  kind: string;
  requiredLevel: string | null;
  sfia: { code: string; level: number | null } | null;
  weight: number;
  passMark: number;
  lead: boolean;
  description: string | null;
  descriptors: string[];
  negativeIndicators: string[];
  missing: boolean;
  /** One per panel member who scored, in the order of CandidateOutcome.members. */
  memberScores: Array<number | null>;
  agreed: number;
  passed: boolean;
  rationale: string;
  strengths: string;
  development: string;
};

export type CandidateOutcome = {
  reference: string;
  /** The candidate's name, or their reference where the viewer may not see names or the name is erased. */
  candidate: string;
  /** When the candidate's personal data was erased under the retention policy or on request. */
  erasedAt: Date | null;
  campaign: PublishedScoresheet['campaign'];
  panel: { name: string; interview: Date | null };
  /** How each member who scored is shown: "Member A" … or "Name (Chair)". */
  members: string[];
  namesShown: boolean;
  /** Members who declared a conflict of interest and did not score this candidate. */
  conflictedMembers: number;
  scale: PublishedScoresheet['scale'];
  passRule: PublishedScoresheet['passRule'];
  overallPassMark: number | null;
  criteria: OutcomeCriterion[];
  weightedTotal: number;
  maximumTotal: number;
  passed: boolean;
  proposedOutcome: Outcome;
  outcome: Outcome;
  overrideReason: string | null;
  feedback: string;
  finalisedAt: Date | null;
  scoresheet: { version: number; contentHash: string };
  editions: PublishedScoresheet['editions'];
  generatedAt: Date;
};

/** A report laid out in memory: nothing has been written yet, so an error can still become an error page. */
export type BuiltReport = { title: string; write(out: NodeJS.WritableStream): Promise<void> };

/** "Member A" … "Member Z", then "Member AA" …, in panel order. */
export function memberLetter(index: number): string {
  let n = index;
  let letters = '';
  do {
    letters = String.fromCharCode(65 + (n % 26)) + letters;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return `Member ${letters}`;
}

export function outcomeTitle(reference: string): string {
  return `Interview outcome: ${reference}`;
}

export function buildCandidateOutcome(data: CandidateOutcome): BuiltReport {
  const title = outcomeTitle(data.reference);
  const report = createReport({
    title,
    subject: `Moderated interview outcome for ${data.reference}, ${data.campaign.title} (${data.campaign.vacancyReference})`,
  });
  const scoreText = scoreLabeller(data.scale);
  writeFacts(report, data, title);
  writeResult(report, data);
  writeScores(report, data);
  report.heading(2, 'Criteria');
  for (const c of data.criteria) writeCriterion(report, data, c, scoreText);
  writeFeedback(report, data);
  writeSources(report, data.editions, data.scoresheet);
  return {
    title,
    write: (out) =>
      report.finish(out, {
        footer: `${title} · ${data.campaign.vacancyReference} · generated ${londonDateTime(data.generatedAt)}`,
      }),
  };
}

/** The title, the campaign, candidate, panel and dates, and a note when personal data was erased. */
function writeFacts(report: Report, data: CandidateOutcome, title: string): void {
  report.heading(1, title);
  report.keyValue([
    ['Campaign', data.campaign.title],
    ['Vacancy reference', data.campaign.vacancyReference],
    ['Role', `${data.campaign.role}: ${data.campaign.roleLevel}`],
    ['Grade', data.campaign.grade],
    [
      'Candidate',
      data.candidate === data.reference ? data.reference : `${data.candidate} (${data.reference})`,
    ],
    ['Panel', data.panel.name],
    ['Interview', data.panel.interview ? londonDateTime(data.panel.interview) : 'Not recorded'],
    ['Result finalised', data.finalisedAt ? londonDateTime(data.finalisedAt) : 'Not recorded'],
    ['Scoresheet version', String(data.scoresheet.version)],
  ]);
  if (data.erasedAt)
    report.note(
      `The candidate’s personal data (name, contact details, evidence notes, strengths, areas to develop and feedback) was erased on ${londonDate(data.erasedAt)}. Scores, rationale and the outcome are kept for statistics and appeals.`,
    );
}

/** The outcome (and any change from the one the scores proposed), the overall result and totals. */
function writeResult(report: Report, data: CandidateOutcome): void {
  report.heading(2, 'Result');
  report.keyValue([
    ['Outcome', OUTCOME_TEXT[data.outcome]],
    ...(data.outcome !== data.proposedOutcome
      ? ([
          ['Proposed from the scores', OUTCOME_TEXT[data.proposedOutcome]],
          ['Reason for the change', data.overrideReason ?? 'Not recorded'],
        ] as Array<[string, string]>)
      : []),
    [
      'Overall result',
      `${data.passed ? 'Pass' : 'Fail'}. ${passRuleText(data.passRule, data.overallPassMark)}`,
    ],
    [
      'Weighted total',
      `${data.weightedTotal} out of ${data.maximumTotal}${data.overallPassMark !== null && data.passRule !== 'every-criterion' ? ` (pass mark ${data.overallPassMark})` : ''}`,
    ],
    ['Criteria passed', `${data.criteria.filter((c) => c.passed).length} of ${data.criteria.length}`],
  ]);
}

/** Each member's score and the agreed score on each criterion, then the scale they are on. */
function writeScores(report: Report, data: CandidateOutcome): void {
  report.heading(2, 'Scores');
  report.paragraph(
    data.namesShown
      ? 'Each panel member scored on their own before the panel met; the chair then recorded the agreed score.'
      : 'Each panel member scored on their own before the panel met; the chair then recorded the agreed score. Panel members are shown as Member A, Member B and so on, in panel order.',
  );
  if (data.conflictedMembers > 0)
    report.note(
      `${data.conflictedMembers === 1 ? 'One panel member' : `${data.conflictedMembers} panel members`} declared a conflict of interest and did not score this candidate.`,
    );
  // "Member A" fits a 60pt column at 9pt; more than four members share what the criterion leaves.
  const memberWidth = Math.min(60, (report.width - 150 - 96) / Math.max(1, data.members.length));
  report.table({
    columns: [
      { header: 'Criterion' },
      ...data.members.map((m) => ({ header: m, width: memberWidth, align: 'center' as const })),
      { header: 'Agreed', width: 50, align: 'center' },
      { header: 'Result', width: 46, align: 'center' },
    ],
    rows: data.criteria.map((c) => [
      `${c.position}. ${c.title}`,
      ...c.memberScores.map((s) => (s === null ? 'None' : s)),
      c.agreed,
      c.passed ? 'Pass' : 'Fail',
    ]),
    rowHeaders: true,
    fontSize: 9,
  });
  writeScale(report, data.scale);
}

/** "Scores are on the … scale:" and a table of its points. */
function writeScale(report: Report, scale: CandidateOutcome['scale']): void {
  // Keep the sentence with the start of the table it introduces.
  report.ensureSpace(110);
  report.paragraph(`Scores are on the ${scale.name} scale:`, { gapAfter: 2 });
  report.table({
    columns: [
      { header: 'Score', width: 44, align: 'center' },
      { header: 'Label', width: 110 },
      { header: 'What it means' },
    ],
    rows: scale.points.map((p) => [p.value, p.label, p.descriptor]),
  });
}

function writeFeedback(report: Report, data: CandidateOutcome): void {
  report.heading(2, 'Feedback for the candidate');
  if (data.feedback.trim()) report.paragraph(data.feedback);
  else
    report.paragraph(
      data.erasedAt ? 'Erased with the candidate’s personal data.' : 'No feedback was recorded.',
    );
}

export function writeCandidateOutcome(data: CandidateOutcome, out: NodeJS.WritableStream): Promise<void> {
  return buildCandidateOutcome(data).write(out);
}

function writeCriterion(
  report: Report,
  data: CandidateOutcome,
  c: OutcomeCriterion,
  scoreText: (score: number) => string,
): void {
  report.section(() => {
    report.heading(3, `${c.position}. ${c.title}${sfiaText(c.sfia)}`);
    report.note(criterionFacts(c, data.campaign.behaviourFramework));
    if (c.description) report.paragraph(c.description);
    if (c.missing)
      report.paragraph(
        'The framework text for this criterion was not available when the scoresheet was published.',
      );
    if (c.descriptors.length) {
      report.heading(4, c.negativeIndicators.length ? 'Effective indicators' : 'Descriptors');
      report.bulletList(c.descriptors, { size: 10 });
    }
    if (c.negativeIndicators.length) {
      report.heading(4, 'Ineffective indicators');
      report.bulletList(c.negativeIndicators, { size: 10 });
    }
    report.keyValue(criterionResult(data, c, scoreText));
  });
}

/** "Behaviour. Level 4. Weight 2. Pass mark 4. Lead criterion (breaks ties)." */
function criterionFacts(c: OutcomeCriterion, behaviourFramework: string): string {
  return [
    kindText(c.kind, behaviourFramework),
    c.requiredLevel
      ? /^\d+$/.test(c.requiredLevel)
        ? `Level ${c.requiredLevel}`
        : `Level: ${c.requiredLevel}`
      : null,
    `Weight ${c.weight}`,
    `Pass mark ${c.passMark}`,
    c.lead ? 'Lead criterion (breaks ties)' : null,
  ]
    .filter(Boolean)
    .join('. ')
    .concat('.');
}

/** The scores, result and panel's notes on one criterion, as label–value rows. */
function criterionResult(
  data: CandidateOutcome,
  c: OutcomeCriterion,
  scoreText: (score: number) => string,
): Array<[string, string]> {
  const erased = data.erasedAt ? 'Erased with the candidate’s personal data.' : 'None recorded.';
  return [
    [
      'Panel members’ scores',
      c.memberScores
        .map((s, i) => `${data.members[i]}: ${s === null ? 'no score' : scoreText(s)}`)
        .join('; ') || 'None',
    ],
    ['Agreed score', scoreText(c.agreed)],
    [
      'Result',
      c.passed
        ? `Pass: ${c.agreed} is at or above the pass mark of ${c.passMark}`
        : `Fail: ${c.agreed} is below the pass mark of ${c.passMark}`,
    ],
    ['Rationale', c.rationale.trim() || 'None recorded.'],
    ['Strengths', c.strengths.trim() || erased],
    ['Areas to develop', c.development.trim() || erased],
  ];
}

// ---- shared with the campaign summary -----------------------------------------------------------------

export function passRuleText(rule: PublishedScoresheet['passRule'], overallPassMark: number | null): string {
  const total = overallPassMark ?? '(not set)';
  switch (rule) {
    case 'every-criterion':
      return 'The rule: every criterion at or above its pass mark.';
    case 'total':
      return `The rule: a weighted total of at least ${total}.`;
    case 'every-criterion-and-total':
      return `The rule: every criterion at or above its pass mark, and a weighted total of at least ${total}.`;
  }
}

/** The OGL attribution and each framework edition the scoresheet's text came from. */
export function writeSources(
  report: Report,
  editions: PublishedScoresheet['editions'],
  scoresheet: { version: number; contentHash: string } | null,
): void {
  // Keep the sources together where they fit on a page: they are read as one block.
  report.ensureSpace(Math.min(report.pageHeight, 150 + 60 * editions.length));
  report.heading(2, 'Sources and licence');
  if (scoresheet)
    report.paragraph(
      `Criteria and descriptors are quoted from version ${scoresheet.version} of the published scoresheet (content hash ${scoresheet.contentHash.slice(0, 16)}), frozen when it was published.`,
    );
  report.paragraph(OGL_ATTRIBUTION);
  report.bulletList(
    editions.map((e) =>
      [
        `${e.title} (edition ${e.id}${e.contentHash ? `, content hash ${e.contentHash.slice(0, 16)}` : ''}).`,
        e.attribution,
      ]
        .filter(Boolean)
        .join(' '),
    ),
  );
}

function scoreLabeller(scale: PublishedScoresheet['scale']): (score: number) => string {
  const labels = new Map(scale.points.map((p) => [p.value, p.label]));
  return (score) => {
    const label = labels.get(score);
    return label ? `${score} (${label})` : String(score);
  };
}

function sfiaText(sfia: OutcomeCriterion['sfia']): string {
  return sfia ? ` (SFIA ${sfia.code}${sfia.level !== null ? `, level ${sfia.level}` : ''})` : '';
}

const KINDS: Record<string, string> = {
  skill: 'Capability Framework skill',
  behaviour: 'Behaviour',
  technical: 'Technical',
  experience: 'Experience',
  strengths: 'Strengths',
  sfia: 'SFIA skill',
};

function kindText(kind: string, behaviourFramework: string): string {
  if (kind === 'behaviour' && behaviourFramework === 'cscf-2012') return 'Competency';
  return KINDS[kind] ?? kind;
}
