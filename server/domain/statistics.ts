import { SPREAD_FLAG } from './moderation.js';

/**
 * Fairness figures for a panel: leniency/severity of each member, how often members disagreed, the
 * spread of agreed scores, and the intraclass correlation between members per criterion.
 *
 * Every function here is pure and never returns NaN or Infinity: where a figure cannot be worked out
 * (no data, no variance, too few raters or candidates) it is `null`, with a reason where that helps.
 */

/** A member is flagged when their mean differs from the rest of the panel's by this much or more. */
export const LENIENCY_FLAG = 0.75;
/** Members "disagreed" on a criterion for a candidate when their scores are this far apart or more. */
export const DISAGREEMENT_GAP = SPREAD_FLAG;
/** The intraclass correlation is shown only with this many candidates fully rated by the same raters. */
export const ICC_MIN_CANDIDATES = 5;
/** …and at least this many raters. */
export const ICC_MIN_RATERS = 2;
/**
 * Reading an ICC, after Koo & Li (2016), "A guideline of selecting and reporting intraclass
 * correlation coefficients for reliability research", J Chiropr Med 15(2):155–163: below 0.5 poor,
 * 0.5 to 0.75 moderate, 0.75 to 0.9 good, above 0.9 excellent.
 */
export const ICC_BANDS: ReadonlyArray<{ from: number; label: IccBand }> = [
  { from: 0.9, label: 'excellent' },
  { from: 0.75, label: 'good' },
  { from: 0.5, label: 'moderate' },
  { from: -Infinity, label: 'poor' },
];
export type IccBand = 'poor' | 'moderate' | 'good' | 'excellent';

/** Floating-point noise allowed when comparing a computed figure with a threshold. */
const EPSILON = 1e-9;

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return Number.isFinite(m) ? m : null;
}

/** One candidate × criterion: the scores given by the members who scored it. */
export type RatingCell = ReadonlyArray<{ rater: string; score: number }>;

export type Leniency = {
  rater: string;
  /** Scores of theirs that could be compared (cells where at least one other member also scored). */
  count: number;
  /** Their mean over those cells. */
  mean: number | null;
  /** The mean, over the same cells, of the other members' mean score in each cell. */
  othersMean: number | null;
  /** mean − othersMean: positive is more lenient than the rest of the panel, negative more severe. */
  difference: number | null;
  flag: 'lenient' | 'severe' | null;
};

/**
 * Leniency or severity of each rater against the rest of the panel on the same candidates and
 * criteria. For each cell a rater scored, their score is compared with the mean of the *other*
 * raters' scores in that cell (leaving them out, so their own scores do not pull the comparison
 * towards them); cells nobody else scored are left out. The difference is flagged at
 * |difference| ≥ LENIENCY_FLAG.
 */
export function leniency(cells: readonly RatingCell[], raters?: readonly string[]): Leniency[] {
  const order = raters ?? [...new Set(cells.flatMap((c) => c.map((r) => r.rater)))];
  return order.map((rater) => {
    const own: number[] = [];
    const others: number[] = [];
    for (const cell of cells) {
      const mine = cell.find((r) => r.rater === rater);
      if (!mine || !Number.isFinite(mine.score)) continue;
      const rest = cell.filter((r) => r.rater !== rater && Number.isFinite(r.score)).map((r) => r.score);
      const restMean = mean(rest);
      if (restMean === null) continue;
      own.push(mine.score);
      others.push(restMean);
    }
    const m = mean(own);
    const o = mean(others);
    const difference = m === null || o === null ? null : m - o;
    return {
      rater,
      count: own.length,
      mean: m,
      othersMean: o,
      difference,
      flag: leniencyFlag(difference),
    };
  });
}

export function leniencyFlag(difference: number | null): 'lenient' | 'severe' | null {
  if (difference === null || Math.abs(difference) < LENIENCY_FLAG - EPSILON) return null;
  return difference > 0 ? 'lenient' : 'severe';
}

export type Disagreement = {
  /** Cells scored by two or more members. */
  compared: number;
  /** Of those, cells where the highest and lowest scores are DISAGREEMENT_GAP or more apart. */
  disagreed: number;
  /** disagreed / compared, or null when nothing could be compared. */
  share: number | null;
};

/** How often members disagreed by DISAGREEMENT_GAP or more, over cells with at least two scores. */
export function disagreement(cells: readonly RatingCell[], gap = DISAGREEMENT_GAP): Disagreement {
  let compared = 0;
  let disagreed = 0;
  for (const cell of cells) {
    const scores = cell.map((r) => r.score).filter(Number.isFinite);
    if (scores.length < 2) continue;
    compared += 1;
    if (Math.max(...scores) - Math.min(...scores) >= gap - EPSILON) disagreed += 1;
  }
  return { compared, disagreed, share: compared === 0 ? null : disagreed / compared };
}

/** Counts per scale point, in the scale's order; scores that are not a point of the scale are counted apart. */
export function distribution(
  scores: readonly number[],
  points: readonly number[],
): { counts: Array<{ value: number; count: number }>; total: number; outside: number } {
  const counts = points.map((value) => ({ value, count: scores.filter((s) => s === value).length }));
  const inside = counts.reduce((a, c) => a + c.count, 0);
  return { counts, total: scores.length, outside: scores.length - inside };
}

/** Mean squares of a two-way ANOVA without replication (targets × raters), as in Shrout & Fleiss. */
export type MeanSquares = {
  /** n targets (rows), k raters (columns). */
  n: number;
  k: number;
  /** Between-targets mean square (BMS). */
  rows: number;
  /** Between-raters (judges) mean square (JMS). */
  columns: number;
  /** Residual mean square (EMS). */
  error: number;
  /** Within-target mean square (WMS), for the one-way model. */
  within: number;
};

/**
 * The mean squares of an n × k table of ratings (rows are targets, here candidates; columns are
 * raters). Needs n ≥ 2 and k ≥ 2 and a complete, finite table; returns null otherwise.
 */
export function meanSquares(matrix: ReadonlyArray<readonly number[]>): MeanSquares | null {
  const n = matrix.length;
  const k = matrix[0]?.length ?? 0;
  if (n < 2 || k < 2) return null;
  if (matrix.some((row) => row.length !== k || row.some((x) => !Number.isFinite(x)))) return null;
  const grand = matrix.flat().reduce((a, b) => a + b, 0) / (n * k);
  const rowMeans = matrix.map((row) => row.reduce((a, b) => a + b, 0) / k);
  const colMeans = Array.from({ length: k }, (_v, j) => matrix.reduce((a, row) => a + row[j]!, 0) / n);
  const ssTotal = matrix.flat().reduce((a, x) => a + (x - grand) ** 2, 0);
  const ssRows = k * rowMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  const ssColumns = n * colMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  // Rounding can leave tiny negative residuals when the fit is exact.
  const ssError = Math.max(0, ssTotal - ssRows - ssColumns);
  const ssWithin = Math.max(0, ssTotal - ssRows);
  return {
    n,
    k,
    rows: ssRows / (n - 1),
    columns: ssColumns / (k - 1),
    error: ssError / ((n - 1) * (k - 1)),
    within: ssWithin / (n * (k - 1)),
  };
}

export type IccReason = 'too-few-targets' | 'too-few-raters' | 'incomplete' | 'no-variance' | 'undefined';
export type Icc = { value: number | null; reason: IccReason | null; n: number; k: number };

/**
 * ICC(2,1): two-way random effects, absolute agreement, single rater (Shrout & Fleiss 1979, case 2;
 * McGraw & Wong 1996, ICC(A,1)):
 *
 *     ICC(2,1) = (BMS − EMS) / (BMS + (k − 1)·EMS + k·(JMS − EMS)/n)
 *
 * Degenerate cases return `value: null` with a reason, never NaN:
 * - `too-few-targets` / `too-few-raters`: n < 2 or k < 2 (no variance can be estimated);
 * - `incomplete`: a row is missing a rating or holds a non-finite number;
 * - `no-variance`: every rating is the same. The raters agreed completely, but with no differences
 *   between candidates there is nothing for reliability to measure, so no coefficient is given;
 * - `undefined`: the denominator is zero although ratings vary (only possible with n = k = 2).
 * The coefficient can be negative (agreement worse than chance); it is returned as computed.
 */
export function icc21(matrix: ReadonlyArray<readonly number[]>): Icc {
  return iccOf(matrix, (ms) => [
    ms.rows - ms.error,
    ms.rows + (ms.k - 1) * ms.error + (ms.k * (ms.columns - ms.error)) / ms.n,
  ]);
}

/** ICC(3,1): two-way mixed effects, consistency, single rater: (BMS − EMS) / (BMS + (k − 1)·EMS). */
export function icc31(matrix: ReadonlyArray<readonly number[]>): Icc {
  return iccOf(matrix, (ms) => [ms.rows - ms.error, ms.rows + (ms.k - 1) * ms.error]);
}

/** ICC(1,1): one-way random effects, single rater: (BMS − WMS) / (BMS + (k − 1)·WMS). */
export function icc11(matrix: ReadonlyArray<readonly number[]>): Icc {
  return iccOf(matrix, (ms) => [ms.rows - ms.within, ms.rows + (ms.k - 1) * ms.within]);
}

function iccOf(
  matrix: ReadonlyArray<readonly number[]>,
  parts: (ms: MeanSquares) => [numerator: number, denominator: number],
): Icc {
  const n = matrix.length;
  const k = matrix[0]?.length ?? 0;
  const fail = (reason: IccReason): Icc => ({ value: null, reason, n, k });
  if (matrix.some((row) => row.length !== k || row.some((x) => !Number.isFinite(x))))
    return fail('incomplete');
  if (n < 2) return fail('too-few-targets');
  if (k < 2) return fail('too-few-raters');
  const first = matrix[0]![0]!;
  if (matrix.every((row) => row.every((x) => x === first))) return fail('no-variance');
  const ms = meanSquares(matrix);
  if (!ms) return fail('incomplete');
  const [numerator, denominator] = parts(ms);
  if (!(Math.abs(denominator) > EPSILON)) return fail('undefined');
  const value = numerator / denominator;
  return Number.isFinite(value) ? { value, reason: null, n, k } : fail('undefined');
}

export function iccBand(value: number): IccBand {
  return ICC_BANDS.find((b) => value >= b.from)!.label;
}

/** One candidate for one criterion: who may rate them (not conflicted) and the scores given. */
export type RatingRow = {
  target: string;
  eligible: readonly string[];
  scores: ReadonlyMap<string, number>;
};

export type CompleteBlock = { raters: string[]; targets: string[]; matrix: number[][] };

/**
 * The ICC needs the same k raters on every candidate. Keeps the candidates rated by every rater
 * eligible for them (not conflicted), groups them by that set of raters, and returns the largest
 * group (ties: more raters first, then the first set met). Candidates missing any eligible rater's
 * score are left out. Raters are in the order first met in `raterOrder` (or sorted).
 */
export function largestCompleteBlock(
  rows: readonly RatingRow[],
  raterOrder: readonly string[] = [],
): CompleteBlock {
  const rank = (r: string) => {
    const i = raterOrder.indexOf(r);
    return i < 0 ? raterOrder.length : i;
  };
  const groups = new Map<string, { raters: string[]; rows: RatingRow[] }>();
  for (const row of rows) {
    const raters = [...new Set(row.eligible)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    if (raters.length === 0) continue;
    if (!raters.every((r) => Number.isFinite(row.scores.get(r)))) continue;
    const key = raters.join('\u0000');
    const group = groups.get(key) ?? { raters, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  let best: { raters: string[]; rows: RatingRow[] } | undefined;
  for (const g of groups.values()) {
    if (
      !best ||
      g.rows.length > best.rows.length ||
      (g.rows.length === best.rows.length && g.raters.length > best.raters.length)
    )
      best = g;
  }
  if (!best) return { raters: [], targets: [], matrix: [] };
  const { raters } = best;
  return {
    raters,
    targets: best.rows.map((r) => r.target),
    matrix: best.rows.map((r) => raters.map((rater) => r.scores.get(rater)!)),
  };
}

/** A signed figure for display, e.g. "+1.2", "-1.0", "0.0" (never "-0.0"). */
export function formatSigned(value: number, digits = 1): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${value < 0 ? '-' : '+'}${text}`;
}
