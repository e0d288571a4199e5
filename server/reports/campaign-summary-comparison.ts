/**
 * The campaign summary's comparison of candidates, per scoresheet version: the key to the criteria, the
 * agreed scores of every candidate (candidates × criteria, its header repeated on every page; more than
 * CRITERIA_PER_TABLE criteria continue in another table), and the agreed scores by criterion.
 */
import {
  COMPARISON_SIZE,
  label,
  SMALL,
  STATUS_TEXT,
  writeVersionHeading,
  type SummaryList,
} from './campaign-summary-common.js';
import { OUTCOME_TEXT } from './candidate-outcome.js';
import type { Report, TableColumn } from './pdf.js';

/** Criteria columns in one comparison table; more criteria continue in a second table. */
export const CRITERIA_PER_TABLE = 12;
/** Up to this many criteria, the comparison table's headers are the criteria titles. */
const TITLES_UP_TO = 4;

type Criterion = SummaryList['criteria'][number];
type Row = SummaryList['rows'][number];
/** A criterion with its place in the list's criteria (and in each row's scores). */
type Indexed = Criterion & { index: number };
/** How a list's comparison is laid out: its heading level, and whether criteria are shown by code. */
type Shape = { sub: 3 | 4; useCodes: boolean };

const code = (i: number) => `C${i + 1}`;

export function writeComparison(report: Report, lists: SummaryList[]): void {
  const several = lists.length > 1;
  report.heading(2, 'Comparison of candidates');
  if (lists.every((l) => l.criteria.length === 0))
    report.paragraph('No scoresheet has been published, so there is nothing to compare yet.');
  for (const list of lists) {
    if (list.criteria.length === 0) continue;
    const shape: Shape = { sub: several ? 4 : 3, useCodes: list.criteria.length > TITLES_UP_TO };
    if (several) writeVersionHeading(report, list);
    report.paragraph(
      'Agreed scores for every candidate, with the weighted total, the overall result and the outcome. A blank score has not been agreed yet.',
    );
    writeCriteriaKey(report, list.criteria, shape);
    writeScoreTables(report, list, shape);
    writeScoresByCriterion(report, list, shape);
  }
}

/** Each criterion's code, title, weight and pass mark. */
function writeCriteriaKey(report: Report, criteria: Criterion[], { sub }: Shape): void {
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
}

/** The agreed scores, CRITERIA_PER_TABLE criteria to a table; the last table ends with the results. */
function writeScoreTables(report: Report, list: SummaryList, shape: Shape): void {
  const groups = chunk(
    list.criteria.map((c, i) => ({ ...c, index: i })),
    CRITERIA_PER_TABLE,
  );
  groups.forEach((group, g) => {
    const last = g === groups.length - 1;
    if (groups.length > 1)
      report.heading(
        shape.sub,
        `Agreed scores, ${code(group[0]!.index)} to ${code(group[group.length - 1]!.index)}`,
      );
    const { columns, withNames } = scoreColumns(report, group, last, shape.useCodes);
    if (g === 0 && !withNames)
      report.note('Candidates are shown by reference here; the merit list above gives their names.');
    report.table({
      columns,
      rows: list.rows.map((r) => scoreRow(r, group, last, withNames)),
      rowHeaders: true,
      repeatHeader: true,
      fontSize: COMPARISON_SIZE,
    });
  });
}

/** The columns of one score table, and whether the candidate column has room for names. */
function scoreColumns(
  report: Report,
  group: Indexed[],
  last: boolean,
  useCodes: boolean,
): { columns: TableColumn[]; withNames: boolean } {
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
  const columns: TableColumn[] = [
    { header: 'Candidate', width: useCodes ? undefined : candidateWidth },
    ...criteriaColumns,
    ...ending,
  ];
  return { columns, withNames };
}

function scoreRow(r: Row, group: Indexed[], last: boolean, withNames: boolean) {
  return [
    withNames ? label(r) : r.reference,
    ...group.map((c) => r.scores[c.index]),
    ...(last
      ? [
          r.weightedTotal,
          r.passed === null ? '' : r.passed ? 'Pass' : 'Fail',
          r.outcome ? OUTCOME_TEXT[r.outcome] : STATUS_TEXT[r.status],
        ]
      : []),
  ];
}

/** For each criterion: how many candidates have an agreed score, the average, the range, how many passed. */
function writeScoresByCriterion(report: Report, list: SummaryList, { sub, useCodes }: Shape): void {
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
    rows: list.criteria.map((c, i) => [
      ...(useCodes ? [code(i), c.title] : [c.title]),
      ...criterionStats(list.rows, c, i),
    ]),
    rowHeaders: true,
    fontSize: SMALL,
  });
}

function criterionStats(rows: Row[], c: Criterion, i: number): Array<string | number> {
  const scores = rows.flatMap((r) => (typeof r.scores[i] === 'number' ? [r.scores[i]] : []));
  const passed = scores.filter((s) => s >= c.passMark).length;
  return scores.length
    ? [
        scores.length,
        (scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(1),
        `${Math.min(...scores)}–${Math.max(...scores)}`,
        `${passed} (${Math.round((100 * passed) / scores.length)}%)`,
      ]
    : [0, '', '', ''];
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
