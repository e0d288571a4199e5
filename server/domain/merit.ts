import { isolateBidi } from './text.js';
import type { Outcome } from './moderation.js';

export type MeritInput = {
  id: string;
  reference: string;
  weightedTotal: number;
  leadScore: number;
  outcome: Outcome;
  /** A position the owner recorded to settle a tie that total and lead criterion could not. */
  tieBreakPosition: number | null;
};

export type MeritEntry = MeritInput & { rank: number; tiedWith: string[]; unresolvedTie: boolean };

/**
 * Merit order of the candidates who may be appointed (appointable or reserve): weighted total, then
 * the lead criterion, then the owner's recorded tie-break. Candidates still tied share a rank and the
 * tie is flagged, so nobody is ordered by accident (such as alphabetically).
 */
export function meritOrder(candidates: readonly MeritInput[]): MeritEntry[] {
  const eligible = candidates.filter((c) => c.outcome !== 'not-appointable');
  const sorted = [...eligible].sort(
    (a, b) =>
      b.weightedTotal - a.weightedTotal ||
      b.leadScore - a.leadScore ||
      (a.tieBreakPosition ?? Infinity) - (b.tieBreakPosition ?? Infinity) ||
      a.reference.localeCompare(b.reference),
  );
  const sameMerit = (a: MeritInput, b: MeritInput) =>
    a.weightedTotal === b.weightedTotal && a.leadScore === b.leadScore;
  return sorted.map((c, i) => {
    const group = sorted.filter((o) => sameMerit(o, c));
    const positions = group.map((g) => g.tieBreakPosition);
    const settled =
      group.length === 1 || (positions.every((p) => p !== null) && new Set(positions).size === group.length);
    const firstOfGroup = sorted.findIndex((o) => sameMerit(o, c));
    return {
      ...c,
      rank: settled ? i + 1 : firstOfGroup + 1,
      tiedWith: group.filter((g) => g.id !== c.id).map((g) => g.reference),
      unresolvedTie: !settled,
    };
  });
}

export type VersionedMeritInput = MeritInput & { version: number };
export type VersionMeritList = { version: number; entries: MeritEntry[] };

/**
 * One merit list per scoresheet version, oldest version first. Totals given against different
 * versions (different weights, pass marks or rule) are never ranked against each other: each list is
 * ordered on its own, ranks start at 1 in each, and a tie is only ever a tie within one list.
 */
export function meritByVersion(candidates: readonly VersionedMeritInput[]): VersionMeritList[] {
  const versions = [...new Set(candidates.map((c) => c.version))].sort((a, b) => a - b);
  return versions.map((version) => ({
    version,
    entries: meritOrder(
      candidates.filter((c) => c.version === version).map(({ version: _v, ...input }) => input),
    ),
  }));
}

/** What the comparison, merit list and campaign summary say when a campaign holds mixed versions. */
export function mixedVersionsNotice(versions: readonly number[]): string {
  const named =
    versions.length < 2
      ? `version ${versions.join('')}`
      : `versions ${versions.slice(0, -1).join(', ')} and ${versions.at(-1)}`;
  return (
    `This campaign holds candidates scored against different scoresheet versions (${named}). ` +
    'Each version has its own list, with its own weights, pass marks and pass rule: totals from different ' +
    'versions are never ranked against each other. To put candidates in one list, they must be scored and ' +
    'moderated again against the same version. The service cannot move a result to another version: ' +
    'reopening a moderation keeps the version it was given against.'
  );
}

/** A reserve list lasts this many months from the candidate's finalised result. */
export function reserveExpiry(finalisedAt: Date, months = 12): Date {
  const expiry = new Date(finalisedAt);
  const day = expiry.getUTCDate();
  expiry.setUTCDate(1);
  expiry.setUTCMonth(expiry.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(expiry.getUTCFullYear(), expiry.getUTCMonth() + 1, 0)).getUTCDate();
  expiry.setUTCDate(Math.min(day, lastDay));
  return expiry;
}

/**
 * Spreadsheet formula injection: a cell starting with = + - @ (or a tab/CR) is made plain text.
 * Text holding a text-direction character is isolated (FSI … PDI) so it cannot reorder the cells
 * or text after it; the formula guard's apostrophe stays the cell's first character.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  const formula = typeof value === 'string' && /^[=+\-@\t\r]/.test(text);
  text = isolateBidi(text);
  if (formula) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: ReadonlyArray<string | number | null | undefined>): string {
  return values.map(csvCell).join(',');
}
