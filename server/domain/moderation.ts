import type { PassRule } from '../db/types.js';

export type Outcome = 'appointable' | 'reserve' | 'not-appointable';
export const SPREAD_FLAG = 2;

export type Spread = {
  mean: number;
  min: number;
  max: number;
  range: number;
  flagged: boolean;
  outliers: number[];
};

/**
 * Mean and range of the members' scores for one criterion. The spread is flagged at 2 or more, and a
 * member is an outlier when their score is 2 or more away from every other member's score.
 */
export function spreadOf(scores: readonly number[]): Spread | null {
  if (scores.length === 0) return null;
  const min = Math.min(...scores);
  const max = Math.max(...scores);
  const mean = round2(scores.reduce((a, b) => a + b, 0) / scores.length);
  const outliers =
    scores.length < 3
      ? []
      : scores
          .map((s, i) => ({ s, i }))
          .filter(({ s, i }) => scores.every((o, j) => j === i || Math.abs(o - s) >= SPREAD_FLAG))
          .map(({ i }) => i);
  return { mean, min, max, range: max - min, flagged: max - min >= SPREAD_FLAG, outliers };
}

/** A rationale is needed where the panel disagreed, or the agreed score is outside what members gave. */
export function rationaleRequired(agreed: number, spread: Spread | null): boolean {
  if (!spread) return true;
  return spread.flagged || agreed < spread.min || agreed > spread.max;
}

export type CriterionRule = { id: string; weight: number; passMark: number };
export type OverallRule = { passRule: PassRule; overallPassMark: number | null };

export type Result = {
  criteria: Array<{ id: string; score: number; passed: boolean }>;
  weightedTotal: number;
  totalPassed: boolean | null;
  passed: boolean;
};

/** Pass/fail per criterion and overall, from the campaign's rules. Every criterion needs a score. */
export function evaluate(
  criteria: readonly CriterionRule[],
  rules: OverallRule,
  scores: Readonly<Record<string, number>>,
): Result {
  const results = criteria.map((c) => {
    const score = scores[c.id];
    if (score === undefined) throw new Error(`No score for criterion ${c.id}`);
    return { id: c.id, score, passed: score >= c.passMark };
  });
  const weightedTotal = round2(criteria.reduce((sum, c, i) => sum + c.weight * results[i]!.score, 0));
  const everyPassed = results.every((r) => r.passed);
  const totalPassed =
    rules.passRule === 'every-criterion' ? null : weightedTotal >= (rules.overallPassMark ?? Infinity);
  const passed =
    rules.passRule === 'every-criterion'
      ? everyPassed
      : rules.passRule === 'total'
        ? totalPassed === true
        : everyPassed && totalPassed === true;
  return { criteria: results, weightedTotal, totalPassed, passed };
}

/** The app's proposal; the chair may override it with a reason (e.g. reserve when posts run out). */
export function proposeOutcome(result: Pick<Result, 'passed'>): Outcome {
  return result.passed ? 'appointable' : 'not-appointable';
}

/** The result as given: what a finalisation stores, and what every report then reads. */
export type GivenResult = {
  weightedTotal: number;
  passed: boolean;
  proposedOutcome: Outcome;
  outcome: Outcome;
};

/**
 * The result a finalisation stores, worked out from the moderation's own scoresheet version (its
 * weights, pass marks and pass rule) and the agreed scores, with the chair's override if any.
 */
export function givenResult(
  criteria: readonly CriterionRule[],
  rules: OverallRule,
  scores: Readonly<Record<string, number>>,
  override: Outcome | null,
): GivenResult {
  const result = evaluate(criteria, rules, scores);
  const proposedOutcome = proposeOutcome(result);
  return {
    weightedTotal: result.weightedTotal,
    passed: result.passed,
    proposedOutcome,
    outcome: override ?? proposedOutcome,
  };
}

/**
 * A finalised result read back: what was stored at finalisation. A moderation finalised before results
 * were stored (and not filled in by the migration) is worked out from its own version instead — never
 * from a later one.
 */
export function storedResult(
  stored: { weightedTotal: number | null; passed: boolean | null; outcome: Outcome | null },
  fromOwnVersion: () => GivenResult | null,
): GivenResult | null {
  if (stored.weightedTotal === null || stored.passed === null || stored.outcome === null)
    return fromOwnVersion();
  return {
    weightedTotal: stored.weightedTotal,
    passed: stored.passed,
    proposedOutcome: proposeOutcome({ passed: stored.passed }),
    outcome: stored.outcome,
  };
}

export type ModerationState = 'awaiting-scores' | 'open' | 'finalised';

export function moderationState(
  members: ReadonlyArray<{ conflicted: boolean | null; submitted: boolean }>,
  finalised: boolean,
): ModerationState {
  if (finalised) return 'finalised';
  const needed = members.filter((m) => m.conflicted !== true);
  return needed.length > 0 && needed.every((m) => m.submitted) ? 'open' : 'awaiting-scores';
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
