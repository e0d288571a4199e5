import type { PassRule } from '../db/types.js';

export type ScaleRange = { min: number; max: number };

export type DraftCriterion = {
  id: string;
  title: string;
  included: boolean;
  weight: number;
  passMark: number;
};

export type ScoresheetRules = {
  passRule: PassRule;
  overallPassMark: number | null;
  leadCriterionId: string | null;
};

import type { Problem } from './problems.js';

export type { Problem };

export const usesTotal = (rule: PassRule) => rule !== 'every-criterion';

/** The highest weighted total a candidate can reach: every criterion at the top of the scale. */
export function maximumWeightedTotal(criteria: readonly DraftCriterion[], scale: ScaleRange): number {
  return round2(criteria.filter((c) => c.included).reduce((sum, c) => sum + c.weight * scale.max, 0));
}

/** Everything that stops a scoresheet being published, each tied to the field to fix. */
export function publishProblems(
  criteria: readonly DraftCriterion[],
  rules: ScoresheetRules,
  scale: ScaleRange,
): Problem[] {
  const included = criteria.filter((c) => c.included);
  const problems: Problem[] = [];
  if (included.length === 0)
    problems.push({ field: 'criteria', text: 'Include at least one criterion in the scoresheet' });
  for (const c of included) {
    if (!(c.weight > 0))
      problems.push({ field: `weight-${c.id}`, text: `Weight for ${c.title} must be more than 0` });
    if (c.passMark < scale.min || c.passMark > scale.max) {
      problems.push({
        field: `passMark-${c.id}`,
        text: `Pass mark for ${c.title} must be between ${scale.min} and ${scale.max}`,
      });
    }
  }
  if (!rules.leadCriterionId) {
    problems.push({ field: 'leadCriterionId', text: 'Choose the lead criterion used to break ties' });
  } else if (!included.some((c) => c.id === rules.leadCriterionId)) {
    problems.push({
      field: 'leadCriterionId',
      text: 'The lead criterion must be one of the included criteria',
    });
  }
  if (usesTotal(rules.passRule)) {
    const max = maximumWeightedTotal(criteria, scale);
    if (rules.overallPassMark === null) {
      problems.push({ field: 'overallPassMark', text: 'Enter the weighted total needed to pass' });
    } else if (rules.overallPassMark <= 0 || rules.overallPassMark > max) {
      problems.push({
        field: 'overallPassMark',
        text: `Weighted total needed to pass must be more than 0 and no more than ${max}`,
      });
    }
  }
  return problems;
}

/** Positions 1..n in the order given, ties kept in their current order. */
export function renumber<T extends { position: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.position - b.position).map((item, i) => ({ ...item, position: i + 1 }));
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
