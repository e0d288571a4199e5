import type { PublishedScoresheet } from './published-scoresheet.js';

export type Entry = { score: number | null; evidence: string };
export type Entries = Record<string, Entry>;

export const EVIDENCE_MAX = 10_000;

export function isScaleValue(sheet: Pick<PublishedScoresheet, 'scale'>, value: number): boolean {
  return sheet.scale.points.some((p) => p.value === value);
}

/** Which criteria still need a score, in scoresheet order. */
type Criteria = { criteria: ReadonlyArray<{ id: string; title: string }> };

export function progress(sheet: Criteria, entries: Entries) {
  const unscored = sheet.criteria.filter((c) => entries[c.id]?.score == null);
  return {
    total: sheet.criteria.length,
    scored: sheet.criteria.length - unscored.length,
    unscored: unscored.map((c) => ({ id: c.id, title: c.title })),
  };
}

/** Everything that stops a member submitting: a score for every criterion, and evidence if the campaign asks for it. */
export function submitProblems(sheet: Criteria, entries: Entries, requireEvidence: boolean) {
  const problems: Array<{ field: string; text: string }> = [];
  for (const c of sheet.criteria) {
    const entry = entries[c.id];
    if (entry?.score == null)
      problems.push({ field: `score-${c.id}`, text: `Select a score for ${c.title}` });
    if (requireEvidence && !entry?.evidence.trim())
      problems.push({ field: `evidence-${c.id}`, text: `Enter evidence notes for ${c.title}` });
  }
  return problems;
}

export type SaveDecision = 'apply' | 'duplicate' | 'conflict' | 'locked';

/**
 * Whether a save may be applied. A retried request (same id) is answered as already done; a save
 * based on an older revision is refused so nothing is silently overwritten.
 */
export function decideSave(
  sheet: { revision: number; lastRequestId: string | null; submitted: boolean },
  request: { baseRevision: number; requestId: string },
): SaveDecision {
  if (request.requestId === sheet.lastRequestId) return 'duplicate';
  if (sheet.submitted) return 'locked';
  if (request.baseRevision !== sheet.revision) return 'conflict';
  return 'apply';
}

/** The criteria whose score or evidence differ: only those are written and recorded in the history. */
export function changedEntries(current: Entries, incoming: Entries): Entries {
  const changed: Entries = {};
  for (const [id, entry] of Object.entries(incoming)) {
    const before = current[id];
    if (!before || before.score !== entry.score || before.evidence !== entry.evidence) changed[id] = entry;
  }
  return changed;
}
