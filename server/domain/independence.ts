/** A person's seat on the panel that interviews a candidate, if they have one. */
export type PanelSeat = { candidateId: string; conflicted: boolean | null; submitted: boolean };

export const WITHHELD_MESSAGE = 'You will see the panel’s scores once you have submitted your own.';

/**
 * Independence, decided once: may this person see other members' scores for this candidate now?
 * Yes if they do not sit on the candidate's panel, if they declared a conflict (they never score
 * this candidate), or once their own sheet is submitted. Owning the campaign changes nothing.
 */
export function maySeeOthersScores(seat: PanelSeat | undefined): boolean {
  if (!seat) return true;
  if (seat.conflicted === true) return true;
  return seat.submitted;
}

/** The candidates whose panel's scores are withheld from this person. */
export function withheldCandidates(seats: readonly PanelSeat[]): Set<string> {
  return new Set(seats.filter((s) => !maySeeOthersScores(s)).map((s) => s.candidateId));
}

/** The candidate an audit entry is about, if any. */
export function auditCandidate(entry: {
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
}) {
  if (entry.entity_type === 'candidate') return entry.entity_id;
  for (const side of [entry.after, entry.before]) {
    const id = (side as { candidateId?: unknown } | null)?.candidateId;
    if (typeof id === 'string') return id;
  }
  return null;
}
