/**
 * The campaign summary worked out from what was loaded, with no I/O: for a campaign of thousands of
 * candidates this takes seconds, so the PDF's worker thread does it (see render-worker.ts), and what
 * crosses to the worker is packed by column (server/reports/columns.ts).
 */
import type { Campaign, PanelRole } from '../../db/types.js';
import { mixedVersionsNotice } from '../../domain/merit.js';
import { panelRoleLabels } from '../../domain/panels.js';
import type { PublishedScoresheet } from '../../domain/published-scoresheet.js';
import type { CampaignSummary } from '../../reports/campaign-summary.js';
import { pack, unpack, type Packed } from '../../reports/columns.js';
import { compareFrom, reserveUntil, sortRows, type ComparisonInputs } from '../comparison/service.js';
import {
  fairnessFrom,
  packFairnessInputs,
  unpackFairnessInputs,
  type FairnessInputs,
  type PackedFairnessInputs,
} from '../fairness/figures.js';

export type SummaryInputs = {
  campaign: Campaign;
  comparison: ComparisonInputs;
  fairness: FairnessInputs;
  panels: Array<{ id: string; name: string }>;
  members: Array<{ panelId: string; name: string; role: PanelRole }>;
  owners: string[];
  /** Candidates per panel id. */
  perPanel: Map<string, number>;
  version: { version: number; contentHash: string; content: PublishedScoresheet } | null;
  /** Independence: the figures drawn from members' scores are as this person may see them. */
  viewerId: string;
  now: Date;
};

type Rows<T> = T extends ReadonlyArray<infer R> ? R : never;

/** The inputs with their big row sets packed by column, for posting to a worker thread. */
export type PackedSummaryInputs = Omit<SummaryInputs, 'comparison' | 'fairness'> & {
  comparison: Omit<ComparisonInputs, 'candidates' | 'scores'> & {
    candidates: Packed<Rows<ComparisonInputs['candidates']>>;
    scores: Packed<Rows<ComparisonInputs['scores']>>;
  };
  fairness: PackedFairnessInputs;
};

export async function packSummaryInputs(inputs: SummaryInputs): Promise<PackedSummaryInputs> {
  const { comparison: c } = inputs;
  return {
    ...inputs,
    comparison: { ...c, candidates: await pack(c.candidates), scores: await pack(c.scores) },
    fairness: await packFairnessInputs(inputs.fairness),
  };
}

export function unpackSummaryInputs(packed: PackedSummaryInputs): SummaryInputs {
  const { comparison: c } = packed;
  return {
    ...packed,
    comparison: { ...c, candidates: unpack(c.candidates), scores: unpack(c.scores) },
    fairness: unpackFairnessInputs(packed.fairness),
  };
}

export function summarise(inputs: SummaryInputs): CampaignSummary {
  const { campaign, panels, members, perPanel, version } = inputs;
  const comparison = compareFrom(inputs.comparison);
  const fairness = fairnessFrom(inputs.fairness, inputs.viewerId);
  const groups = comparison.groups.map((g) => ({ ...g, rows: sortRows(g.rows, g.merit, 'merit') }));
  const byId = new Map(comparison.rows.map((r) => [r.id, r]));
  const sheet = version?.content ?? null;
  return {
    campaign: {
      title: campaign.title,
      vacancyReference: campaign.vacancy_reference,
      grade: sheet?.campaign.grade ?? campaign.grade,
      anonymised: campaign.anonymised,
      closedAt: campaign.closed_at,
    },
    sheet,
    scoresheet: version ? { version: version.version, contentHash: version.contentHash } : null,
    owners: inputs.owners,
    counts: outcomeCounts(groups.flatMap((g) => g.rows)),
    lists: groups.map((g) => summaryList(g, byId)),
    mixedNotice: comparison.mixed ? mixedVersionsNotice(comparison.moderatedVersions) : null,
    panels: panels.map((p) => ({
      name: p.name,
      candidates: perPanel.get(p.id) ?? 0,
      members: members
        .filter((m) => m.panelId === p.id)
        .map((m) => ({ name: m.name, role: panelRoleLabels[m.role] })),
    })),
    calibration: fairness.panels.map((p) => ({
      panel: p.name,
      members: p.members.map((m) => ({
        name: m.name,
        role: panelRoleLabels[m.role],
        count: m.count,
        mean: m.mean,
        difference: m.difference,
        flag: m.flag,
      })),
      disagreement: p.disagreement,
      agreement: p.agreement.map((a) => ({
        title: a.title,
        n: a.n,
        k: a.k,
        icc: a.icc?.value ?? null,
        enough: a.enough,
      })),
    })),
    generatedAt: inputs.now,
  };
}

type Comparison = ReturnType<typeof compareFrom>;
type Group = Comparison['groups'][number];

function outcomeCounts(rows: Comparison['rows']): CampaignSummary['counts'] {
  const counts = { appointable: 0, reserve: 0, notAppointable: 0, notDecided: 0, withdrawn: 0 };
  for (const r of rows) {
    if (r.status === 'withdrawn') counts.withdrawn++;
    else if (r.outcome === 'appointable') counts.appointable++;
    else if (r.outcome === 'reserve') counts.reserve++;
    else if (r.outcome === 'not-appointable') counts.notAppointable++;
    else counts.notDecided++;
  }
  return { candidates: rows.length, ...counts };
}

function summaryList(
  g: Group,
  byId: ReadonlyMap<string, Comparison['rows'][number]>,
): CampaignSummary['lists'][number] {
  return {
    version: g.version,
    passRule: g.sheet?.passRule ?? null,
    overallPassMark: g.sheet?.overallPassMark ?? null,
    criteria: g.criteria.map((c) => ({
      id: c.id,
      title: c.title,
      weight: c.weight,
      passMark: c.passMark,
      lead: c.id === g.leadId,
    })),
    merit: g.merit.map((m) => {
      const row = byId.get(m.id)!;
      return {
        rank: m.rank,
        tied: m.unresolvedTie,
        reference: row.reference,
        name: row.name,
        weightedTotal: m.weightedTotal,
        leadScore: m.leadScore,
        outcome: m.outcome,
        reserveUntil: reserveUntil(row),
        offer: row.offerStatus,
      };
    }),
    rows: g.rows.map((r) => ({
      reference: r.reference,
      name: r.name,
      panel: r.panelName,
      status: r.status,
      scores: g.criteria.map((c) => r.scores[c.id] ?? null),
      weightedTotal: r.weightedTotal,
      passed: r.passed,
      outcome: r.outcome,
    })),
  };
}
