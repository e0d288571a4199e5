import type { Kysely } from 'kysely';
import type { Campaign, Database, OfferStatus } from '../../db/types.js';
import { meritByVersion, reserveExpiry, type MeritEntry } from '../../domain/merit.js';
import { evaluate, givenResult, storedResult, type Outcome } from '../../domain/moderation.js';
import type { PublishedCriterion, PublishedScoresheet } from '../../domain/published-scoresheet.js';
import { refuse, type Problem, type Result } from '../../domain/problems.js';
import { HttpError } from '../../errors.js';
import { appendAudit } from '../audit/repository.js';
import * as repo from './repository.js';

type Db = Kysely<Database>;

export type ComparisonRow = {
  id: string;
  reference: string;
  name: string | null;
  panelId: string | null;
  panelName: string | null;
  status: 'withdrawn' | 'not-moderated' | 'in-moderation' | 'finalised';
  /** The scoresheet version the candidate is moderated against (the latest, before moderation starts). */
  versionId: string | null;
  version: number | null;
  scores: Record<string, number | null>;
  criteriaPassed: Record<string, boolean | null>;
  weightedTotal: number | null;
  passed: boolean | null;
  outcome: Outcome | null;
  finalisedAt: Date | null;
  tieBreakPosition: number | null;
  tieBreakReason: string | null;
  /** The chair's note for breaking a tie, written at moderation. */
  chairTieBreakNote: string | null;
  offerStatus: OfferStatus | null;
};

/** The candidates scored against one scoresheet version, with that version's criteria and merit list. */
export type VersionGroup = {
  versionId: string | null;
  version: number | null;
  contentHash: string | null;
  sheet: PublishedScoresheet | null;
  criteria: PublishedCriterion[];
  leadId: string | null;
  rows: ComparisonRow[];
  merit: MeritEntry[];
};

/**
 * Candidates × criteria with agreed scores, totals, pass/fail and outcome, plus the merit order, in one
 * group per scoresheet version. A finalised result is read as stored at finalisation; one still in
 * moderation is worked out from its own version. Nothing is ever worked out with another version's
 * weights, pass marks or rule, and candidates of different versions are never ranked together.
 */
export async function compareCandidates(db: Db, campaign: Campaign) {
  return compareFrom(await loadComparisonInputs(db, campaign.id));
}

/** Everything a comparison is worked out from: four queries whatever the size of the campaign. */
export async function loadComparisonInputs(db: Db, campaignId: string) {
  const [versions, candidates, scores, panels] = await Promise.all([
    repo.versionsOf(db, campaignId),
    repo.candidateRows(db, campaignId),
    repo.agreedScoresForCampaign(db, campaignId),
    repo.panelsOf(db, campaignId),
  ]);
  return { versions, candidates, scores, panels };
}

export type ComparisonInputs = Awaited<ReturnType<typeof loadComparisonInputs>>;

/** The comparison worked out from what was loaded: no I/O, so a worker thread can do it for a big report. */
export function compareFrom({ versions, candidates, scores, panels }: ComparisonInputs) {
  const versionById = new Map(versions.map((v) => [v.id, v]));
  const latest = versions.at(-1) ?? null;
  const byCandidate = new Map(
    scores.map((s) => [s.candidate_id, JSON.parse(s.scores) as Record<string, number | null>]),
  );
  const rows: ComparisonRow[] = candidates.map((c) => {
    const version = (c.versionId ? versionById.get(c.versionId) : latest) ?? null;
    const sheet = version?.content ?? null;
    const criteria = sheet?.criteria ?? [];
    const agreed = byCandidate.get(c.id) ?? {};
    const inModeration = c.versionId !== null;
    const complete =
      inModeration &&
      sheet !== null &&
      criteria.length > 0 &&
      criteria.every((k) => typeof agreed[k.id] === 'number');
    const numbers = agreed as Record<string, number>;
    const evaluated = complete ? evaluate(criteria, sheet, numbers) : null;
    const finalised = c.moderationState === 'finalised';
    const given = finalised
      ? storedResult({ weightedTotal: c.weighted_total, passed: c.passed, outcome: c.outcome }, () =>
          complete ? givenResult(criteria, sheet, numbers, c.outcome_override) : null,
        )
      : null;
    return {
      id: c.id,
      reference: c.reference,
      name: c.name,
      panelId: c.panelId,
      panelName: c.panelName,
      status: c.withdrawn_at
        ? 'withdrawn'
        : finalised
          ? 'finalised'
          : c.moderationState === 'open'
            ? 'in-moderation'
            : 'not-moderated',
      versionId: version?.id ?? null,
      version: version?.version ?? null,
      scores: Object.fromEntries(criteria.map((k) => [k.id, agreed[k.id] ?? null])),
      criteriaPassed: Object.fromEntries(
        criteria.map((k, i) => [k.id, evaluated ? evaluated.criteria[i]!.passed : null]),
      ),
      weightedTotal: given?.weightedTotal ?? evaluated?.weightedTotal ?? null,
      passed: given?.passed ?? evaluated?.passed ?? null,
      outcome: given?.outcome ?? null,
      finalisedAt: c.finalised_at,
      tieBreakPosition: c.tieBreakPosition,
      tieBreakReason: c.tieBreakReason,
      chairTieBreakNote: c.tie_break_note,
      offerStatus: c.offerStatus,
    };
  });

  const groupVersions = versions.filter((v) => rows.some((r) => r.versionId === v.id));
  const lists = meritByVersion(
    rows.flatMap((r) => {
      if (r.status !== 'finalised' || r.outcome === null || r.weightedTotal === null || r.version === null)
        return [];
      const sheet = versionById.get(r.versionId!)!.content;
      const leadId = sheet.leadCriterionId;
      return [
        {
          id: r.id,
          reference: r.reference,
          version: r.version,
          weightedTotal: r.weightedTotal,
          leadScore: (leadId && r.scores[leadId]) || 0,
          outcome: r.outcome,
          tieBreakPosition: r.tieBreakPosition,
        },
      ];
    }),
  );
  const groups: VersionGroup[] = groupVersions.map((v) => {
    const sheet = v.content;
    return {
      versionId: v.id,
      version: v.version,
      contentHash: v.content_hash,
      sheet,
      criteria: sheet.criteria,
      leadId: sheet.leadCriterionId,
      rows: rows.filter((r) => r.versionId === v.id),
      merit: lists.find((l) => l.version === v.version)?.entries ?? [],
    };
  });
  // Before anything is published there is no version: one group, with no criteria.
  if (groups.length === 0 && rows.length > 0)
    groups.push({
      versionId: null,
      version: null,
      contentHash: null,
      sheet: null,
      criteria: [],
      leadId: null,
      rows,
      merit: [],
    });
  const moderatedVersions = [
    ...new Set(candidates.flatMap((c) => (c.versionId ? [versionById.get(c.versionId)!.version] : []))),
  ].sort((a, b) => a - b);
  return {
    latest: latest
      ? {
          version: latest.version,
          contentHash: latest.content_hash,
          sheet: latest.content,
        }
      : null,
    groups,
    rows,
    /** Every list's entries, for looking a candidate up; ranks count within their own version's list. */
    merit: groups.flatMap((g) => g.merit),
    panels,
    /** True when candidates have been moderated against more than one scoresheet version. */
    mixed: moderatedVersions.length > 1,
    moderatedVersions,
  };
}

export type Comparison = ReturnType<typeof compareFrom>;

/** The merit list that holds this candidate: their own version's. */
export function listOf(comparison: Comparison, candidateId: string): MeritEntry[] | null {
  return comparison.groups.find((g) => g.merit.some((m) => m.id === candidateId))?.merit ?? null;
}

export type SortKey = 'merit' | 'total' | 'reference' | `criterion:${string}`;

export function sortRows(
  rows: ComparisonRow[],
  merit: readonly MeritEntry[],
  sort: SortKey,
): ComparisonRow[] {
  const rank = new Map(merit.map((m) => [m.id, m.rank]));
  const byNumber = (value: (r: ComparisonRow) => number | null) => (a: ComparisonRow, b: ComparisonRow) =>
    (value(b) ?? -Infinity) - (value(a) ?? -Infinity) || a.reference.localeCompare(b.reference);
  if (sort === 'reference') return [...rows].sort((a, b) => a.reference.localeCompare(b.reference));
  if (sort === 'total') return [...rows].sort(byNumber((r) => r.weightedTotal));
  if (sort.startsWith('criterion:')) {
    const id = sort.slice('criterion:'.length);
    return [...rows].sort(byNumber((r) => r.scores[id] ?? null));
  }
  return [...rows].sort(
    (a, b) =>
      (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity) ||
      (b.weightedTotal ?? -Infinity) - (a.weightedTotal ?? -Infinity) ||
      a.reference.localeCompare(b.reference),
  );
}

export function filterRows(
  rows: ComparisonRow[],
  filters: { panel?: string; outcome?: string },
): ComparisonRow[] {
  return rows.filter(
    (r) =>
      (!filters.panel || r.panelId === filters.panel) &&
      (!filters.outcome ||
        (filters.outcome === 'not-decided' ? r.outcome === null : r.outcome === filters.outcome)),
  );
}

export function reserveUntil(row: Pick<ComparisonRow, 'finalisedAt'>): Date | null {
  return row.finalisedAt ? reserveExpiry(row.finalisedAt) : null;
}

/**
 * Offers follow merit order: a candidate is offered only once everyone ranked above has a decision.
 * Checked inside the transaction, on the campaign's locked row, so two owners recording at once are
 * taken one after the other and the second sees the first's decision.
 */
export async function recordOffer(
  db: Db,
  actor: Express.User,
  campaign: Campaign,
  candidateId: string,
  status: OfferStatus,
): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    await repo.lockCampaign(trx, campaign.id);
    const comparison = compareFrom(await loadComparisonInputs(trx, campaign.id));
    const { rows } = comparison;
    // Offers follow the order of the candidate's own version's list; lists are not ranked against each other.
    const merit = listOf(comparison, candidateId) ?? [];
    const position = merit.findIndex((m) => m.id === candidateId);
    if (position < 0) return refuse(outOfOrder('Only candidates on the merit list can be offered a post'));
    const entry = merit[position]!;
    if (entry.unresolvedTie) return refuse(outOfOrder('Record how the tie is broken before making offers'));
    const row = rows.find((r) => r.id === candidateId)!;
    if (status === 'offered') {
      const skipped = merit.slice(0, position).filter((m) => !rows.find((r) => r.id === m.id)?.offerStatus);
      if (skipped.length)
        return refuse(
          outOfOrder(`Offer in merit order: ${skipped.map((s) => s.reference).join(', ')} first`),
        );
    } else if (row.offerStatus !== 'offered') {
      return refuse(outOfOrder('Record the offer before its answer'));
    }
    await repo.saveOffer(trx, candidateId, status, actor.id);
    await appendAudit(trx, {
      actor_id: actor.id,
      action: `offer.${status}`,
      entity_type: 'candidate',
      entity_id: candidateId,
      campaign_id: campaign.id,
      before: { status: row.offerStatus },
      after: { status },
    });
    return { ok: true } as const;
  });
}

/** An offer out of merit order is shown against the candidate's offer choices. */
const outOfOrder = (text: string): Problem => ({ field: 'status', text });

/**
 * Settles a tie the rules could not: positions for each tied candidate, with one reason. Checked and
 * saved on the campaign's locked row, like an offer, so the order cannot change under an offer.
 */
export async function recordTieBreak(
  db: Db,
  actor: Express.User,
  campaign: Campaign,
  positions: Array<{ candidateId: string; position: number }>,
  reason: string,
) {
  await db.transaction().execute(async (trx) => {
    await repo.lockCampaign(trx, campaign.id);
    const comparison = compareFrom(await loadComparisonInputs(trx, campaign.id));
    // A tie is only ever within one version's list.
    const merit = listOf(comparison, positions[0]?.candidateId ?? '') ?? [];
    const ids = new Set(positions.map((p) => p.candidateId));
    const group = merit.filter((m) => ids.has(m.id));
    if (
      group.length !== ids.size ||
      group.some((g) => g.tiedWith.some((t) => !merit.find((m) => m.reference === t && ids.has(m.id))))
    ) {
      throw new HttpError(409, 'Choose positions for every candidate in the tie');
    }
    await repo.saveTieBreaks(trx, positions, reason, actor.id);
    await appendAudit(trx, {
      actor_id: actor.id,
      action: 'merit.tie-broken',
      entity_type: 'campaign',
      entity_id: campaign.id,
      campaign_id: campaign.id,
      after: positions,
      reason,
    });
  });
}
