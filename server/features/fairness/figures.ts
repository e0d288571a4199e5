/**
 * The fairness figures worked out from what was loaded, with no I/O: the fairness page, the chair's
 * calibration flags and the campaign summary use them, in a worker thread for a large campaign.
 */
import type { PanelRole } from '../../db/types.js';
import { criteriaAcrossVersions } from '../../domain/published-scoresheet.js';
import {
  disagreement,
  distribution,
  icc21,
  iccBand,
  ICC_MIN_CANDIDATES,
  ICC_MIN_RATERS,
  largestCompleteBlock,
  leniency,
  type Disagreement,
  type Icc,
  type IccBand,
  type Leniency,
  type RatingCell,
  type RatingRow,
} from '../../domain/statistics.js';
import { pack, unpack, type Packed } from '../../reports/columns.js';
import type * as repo from './repository.js';

export type MemberLeniency = Leniency & { name: string; role: PanelRole };

export type CriterionAgreement = {
  criterionId: string;
  title: string;
  /** Candidates fully rated by the same raters (n) and how many raters (k). */
  n: number;
  k: number;
  /** False below ICC_MIN_CANDIDATES candidates or ICC_MIN_RATERS raters: show "not enough data". */
  enough: boolean;
  icc: Icc | null;
  band: IccBand | null;
};

export type CriterionDistribution = {
  criterionId: string;
  title: string;
  counts: Array<{ value: number; label: string; count: number }>;
  total: number;
};

export type PanelFairness = {
  id: string;
  name: string;
  members: MemberLeniency[];
  flagged: MemberLeniency[];
  /** Candidates with at least one submitted score. */
  candidatesScored: number;
  disagreement: Disagreement;
  agreement: CriterionAgreement[];
  distributions: CriterionDistribution[];
};

export type CampaignFairness = {
  published: boolean;
  criteria: Array<{ id: string; title: string }>;
  scale: Array<{ value: number; label: string }>;
  panels: PanelFairness[];
};

const ROLE_ORDER: Record<PanelRole, number> = { chair: 0, member: 1, independent: 2 };

type Loaded<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

/** What the figures are drawn from (loadFairnessInputs in service.ts loads it). */
export type FairnessInputs = {
  versions: Loaded<typeof repo.publishedContents>;
  panels: Loaded<typeof repo.panels>;
  members: Loaded<typeof repo.panelMembers>;
  interviews: Loaded<typeof repo.interviews>;
  conflicts: Loaded<typeof repo.conflicts>;
  scores: Loaded<typeof repo.submittedScores>;
  agreed: Loaded<typeof repo.finalisedAgreedScores>;
};

type Rows<T> = T extends ReadonlyArray<infer R> ? R : never;
type Big = 'interviews' | 'conflicts' | 'scores' | 'agreed';

/** The inputs with their big row sets packed by column, for posting to a worker thread. */
export type PackedFairnessInputs = Omit<FairnessInputs, Big> & {
  [K in Big]: Packed<Rows<FairnessInputs[K]>>;
};

export async function packFairnessInputs(inputs: FairnessInputs): Promise<PackedFairnessInputs> {
  return {
    ...inputs,
    interviews: await pack(inputs.interviews),
    conflicts: await pack(inputs.conflicts),
    scores: await pack(inputs.scores),
    agreed: await pack(inputs.agreed),
  };
}

export function unpackFairnessInputs(packed: PackedFairnessInputs): FairnessInputs {
  return {
    ...packed,
    interviews: unpack(packed.interviews),
    conflicts: unpack(packed.conflicts),
    scores: unpack(packed.scores),
    agreed: unpack(packed.agreed),
  };
}

/** The figures worked out from what was loaded: no I/O, so a worker thread can do it for a big report. */
export function fairnessFrom(inputs: FairnessInputs, viewerId: string): CampaignFairness {
  const { versions, panels, members, interviews, conflicts, scores, agreed } = inputs;
  const sheets = versions.map((v) => v.content);
  const sheet = sheets.at(-1) ?? null;
  // Every criterion scored against any version, as its oldest version has it: publishing a new version
  // (which may drop, reorder or rename criteria) never changes the figures drawn from earlier scores.
  const criteria = criteriaAcrossVersions(sheets);
  // The scale is chosen when the campaign is created and is the same in every version.
  const scale = (sheet?.scale.points ?? []).map((p) => ({ value: p.value, label: p.label }));

  const conflicted = groupBy(
    conflicts,
    (c) => c.candidateId,
    (c) => c.userId,
  );
  const isConflicted = (candidateId: string, userId: string) =>
    conflicted.get(candidateId)?.includes(userId) ?? false;
  const hidden = unsubmittedByViewer(viewerId, members, interviews, isConflicted, scores);
  const scored = scoresByCandidate(scores.filter((s) => !hidden.has(s.candidateId)));
  const agreedByPanel = groupBy(
    agreed,
    (a) => a.panelId,
    (a) => a,
  );

  return {
    published: sheet !== null,
    criteria,
    scale,
    panels: panels.map((panel) =>
      panelFairness(panel, {
        team: members
          .filter((m) => m.panelId === panel.id)
          .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name)),
        candidateIds: interviews.filter((i) => i.panelId === panel.id).map((i) => i.candidateId),
        isConflicted,
        scored,
        agreed: agreedByPanel.get(panel.id) ?? [],
        criteria,
        scale,
      }),
    ),
  };
}

type PanelInputs = {
  team: FairnessInputs['members'];
  candidateIds: string[];
  isConflicted: (candidateId: string, userId: string) => boolean;
  /** candidate → criterion → member → score */
  scored: Map<string, Map<string, Map<string, number>>>;
  agreed: FairnessInputs['agreed'];
  criteria: Array<{ id: string; title: string }>;
  scale: Array<{ value: number; label: string }>;
};

function panelFairness(panel: { id: string; name: string }, p: PanelInputs): PanelFairness {
  const raterIds = p.team.map((m) => m.userId);
  const candidates = p.candidateIds.map((id) => ({
    id,
    eligible: raterIds.filter((u) => !p.isConflicted(id, u)),
    scores: p.scored.get(id),
  }));
  const rowsFor = (criterionId: string): RatingRow[] =>
    candidates.map((c) => {
      const given = c.scores?.get(criterionId);
      return {
        target: c.id,
        eligible: c.eligible,
        scores: new Map(
          c.eligible.flatMap((u) => {
            const s = given?.get(u);
            return s === undefined ? [] : [[u, s] as const];
          }),
        ),
      };
    });
  const byCriterion = p.criteria.map((c) => ({ criterion: c, rows: rowsFor(c.id) }));
  const cells: RatingCell[] = byCriterion.flatMap(({ rows }) =>
    rows.map((r) => [...r.scores].map(([rater, score]) => ({ rater, score }))),
  );
  const lenient = leniency(cells, raterIds).map((l, i) => ({
    ...l,
    name: p.team[i]!.name,
    role: p.team[i]!.role,
  }));
  return {
    id: panel.id,
    name: panel.name,
    members: lenient,
    flagged: lenient.filter((l) => l.flag !== null),
    candidatesScored: candidates.filter((_c, i) => byCriterion.some(({ rows }) => rows[i]!.scores.size > 0))
      .length,
    disagreement: disagreement(cells),
    agreement: byCriterion.map(({ criterion, rows }) => agreementOf(criterion, rows, raterIds)),
    distributions: distributionsOf(p.agreed, p.criteria, p.scale),
  };
}

function agreementOf(
  criterion: { id: string; title: string },
  rows: RatingRow[],
  raterIds: string[],
): CriterionAgreement {
  const block = largestCompleteBlock(rows, raterIds);
  const n = block.targets.length;
  const k = block.raters.length;
  const enough = n >= ICC_MIN_CANDIDATES && k >= ICC_MIN_RATERS;
  const icc = enough ? icc21(block.matrix) : null;
  return {
    criterionId: criterion.id,
    title: criterion.title,
    n,
    k,
    enough,
    icc,
    band: icc?.value != null ? iccBand(icc.value) : null,
  };
}

function distributionsOf(
  agreed: FairnessInputs['agreed'],
  criteria: Array<{ id: string; title: string }>,
  scale: Array<{ value: number; label: string }>,
): CriterionDistribution[] {
  const byCriterion = groupBy(
    agreed,
    (a) => a.criterionId,
    (a) => a.score!,
  );
  return criteria.map((criterion) => {
    const d = distribution(
      byCriterion.get(criterion.id) ?? [],
      scale.map((p) => p.value),
    );
    return {
      criterionId: criterion.id,
      title: criterion.title,
      counts: d.counts.map((c, i) => ({ ...c, label: scale[i]!.label })),
      total: d.total,
    };
  });
}

function groupBy<T, V>(items: readonly T[], key: (item: T) => string, value: (item: T) => V) {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(value(item));
    else groups.set(k, [value(item)]);
  }
  return groups;
}

function scoresByCandidate(sheets: FairnessInputs['scores']) {
  const byCandidate = new Map<string, Map<string, Map<string, number>>>();
  for (const sheet of sheets) {
    let criteria = byCandidate.get(sheet.candidateId);
    if (!criteria) byCandidate.set(sheet.candidateId, (criteria = new Map<string, Map<string, number>>()));
    const scores = JSON.parse(sheet.scores) as Record<string, number>;
    for (const [criterionId, score] of Object.entries(scores)) {
      let given = criteria.get(criterionId);
      if (!given) criteria.set(criterionId, (given = new Map<string, number>()));
      given.set(sheet.userId, score);
    }
  }
  return byCandidate;
}

/**
 * Independence: a viewer who sits on a candidate's panel (without a conflict) sees nothing drawn from
 * other members' scores for that candidate until their own sheet is submitted.
 */
function unsubmittedByViewer(
  viewerId: string,
  members: ReadonlyArray<{ panelId: string; userId: string }>,
  interviews: ReadonlyArray<{ candidateId: string; panelId: string }>,
  isConflicted: (candidateId: string, userId: string) => boolean,
  scores: ReadonlyArray<{ candidateId: string; userId: string }>,
): Set<string> {
  const viewersPanels = new Set(members.filter((m) => m.userId === viewerId).map((m) => m.panelId));
  const submitted = new Set(scores.filter((s) => s.userId === viewerId).map((s) => s.candidateId));
  return new Set(
    interviews
      .filter(
        (i) =>
          viewersPanels.has(i.panelId) &&
          !isConflicted(i.candidateId, viewerId) &&
          !submitted.has(i.candidateId),
      )
      .map((i) => i.candidateId),
  );
}
