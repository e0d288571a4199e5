/** Ladder order of role levels: from grades.tsv when it lists every level, else from the level names. */
import type { GradeRow } from './ddat-rows.js';
import type { GradeCode } from './schemas.js';

const RANKS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\b(trainee|apprentice)\b/, 0],
  [/\b(junior|associate|assistant)\b/, 1],
  [/\bsenior\b/, 3],
  [/\blead\b/, 4],
  [/\bprincipal\b/, 5],
  [/\b(head|chief|director)\b/, 6],
];

/** Seniority implied by a level name ("Trainee …" 0 … "Head of …" 6; a plain name is 2). */
export function nameRank(levelName: string): number {
  const name = levelName.toLowerCase();
  const matched = RANKS.filter(([pattern]) => pattern.test(name)).map(([, value]) => value);
  return matched.length === 0 ? 2 : Math.max(...matched);
}

export interface LadderStep {
  name: string;
  /** null: the level is not in grades.tsv (or no grades.tsv was given). */
  grades: GradeCode[] | null;
}

export interface Ladder {
  steps: LadderStep[];
  source: 'grades.tsv' | 'name-rule';
}

/**
 * Orders one role's levels (given in source order). Uses grades.tsv level_number when grades.tsv lists every
 * level of the role; otherwise a stable sort by nameRank (source order breaks ties).
 */
export function orderLevels(
  role: string,
  levels: readonly string[],
  gradeRows: readonly GradeRow[] | null,
): Ladder {
  const byName = new Map((gradeRows ?? []).filter((g) => g.role === role).map((g) => [g.level, g]));
  const all = levels.map((name) => ({ name, entry: byName.get(name) }));
  if (all.every((l) => l.entry !== undefined)) {
    const sorted = [...all].sort((a, b) => (a.entry?.levelNumber ?? 0) - (b.entry?.levelNumber ?? 0));
    return {
      steps: sorted.map((l) => ({ name: l.name, grades: l.entry?.grades ?? null })),
      source: 'grades.tsv',
    };
  }
  const ranked = levels.map((name, index) => ({ name, index, rank: nameRank(name) }));
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return {
    steps: ranked.map((l) => ({ name: l.name, grades: byName.get(l.name)?.grades ?? null })),
    source: 'name-rule',
  };
}
