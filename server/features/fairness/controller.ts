import { PANEL_ROLE_LABELS } from '../../domain/labels.js';
import type { Response } from 'express';
import type { SignedInRequest } from '../../middleware/auth.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import {
  DISAGREEMENT_GAP,
  formatSigned,
  ICC_MIN_CANDIDATES,
  ICC_MIN_RATERS,
  LENIENCY_FLAG,
  type IccBand,
  type IccReason,
} from '../../domain/statistics.js';
import { ownedCampaign } from '../campaigns/service.js';
import { campaignFairness, type CriterionAgreement, type PanelFairness } from './service.js';

const ROLES = PANEL_ROLE_LABELS;
const FLAGS = { lenient: 'More lenient', severe: 'More severe' } as const;
const BANDS: Record<IccBand, string> = {
  poor: 'Poor',
  moderate: 'Moderate',
  good: 'Good',
  excellent: 'Excellent',
};
const REASONS: Record<IccReason, string> = {
  'no-variance': 'Not measurable: every score was the same',
  undefined: 'Not measurable',
  incomplete: 'Not enough data',
  'too-few-targets': 'Not enough data',
  'too-few-raters': 'Not enough data',
};
const NOT_ENOUGH = 'Not enough data';

const two = (n: number | null) => (n === null ? '–' : n.toFixed(2));
const percent = (share: number) => `${Math.round(share * 100)}%`;

export function fairnessController(db: Kysely<Database>) {
  return {
    async show(req: SignedInRequest, res: Response) {
      const campaign = await ownedCampaign(db, req.user, String(req.params.id));
      const report = await campaignFairness(db, campaign.id, undefined, req.user.id);
      res.render('pages/fairness/index', {
        pageTitle: 'Fairness and calibration',
        campaign,
        published: report.published,
        panels: report.panels.map((p, i) => presentPanel(p, i)),
        constants: {
          leniencyFlag: LENIENCY_FLAG.toFixed(2),
          disagreementGap: DISAGREEMENT_GAP,
          iccMinCandidates: ICC_MIN_CANDIDATES,
          iccMinRaters: ICC_MIN_RATERS,
        },
      });
    },
  };
}

function presentPanel(panel: PanelFairness, index: number) {
  const d = panel.disagreement;
  const limit = Math.max(
    1,
    Math.ceil(Math.max(0, ...panel.members.map((m) => Math.abs(m.difference ?? 0))) * 2) / 2,
  );
  const memberLabel = (m: PanelFairness['members'][number]) => `${m.name} (${ROLES[m.role]})`;
  const differenceText = (m: PanelFairness['members'][number]) =>
    m.difference === null
      ? 'No scores to compare'
      : `${formatSigned(m.difference)}${m.flag ? `, ${FLAGS[m.flag].toLowerCase()} (flagged)` : ''}`;
  return {
    id: panel.id,
    name: panel.name,
    candidatesScored: panel.candidatesScored,
    flaggedCount: panel.flagged.length,
    disagreementText:
      d.share === null
        ? 'No candidate has been scored by two or more members yet'
        : `${d.disagreed} of ${d.compared} (${percent(d.share)})`,
    disagreement: d,
    leniency: {
      chart: {
        id: `leniency-${index + 1}`,
        title: `Leniency and severity on ${panel.name}`,
        description:
          `Difference between each member’s mean score and the rest of the panel’s mean on the same candidates and criteria, from ${formatSigned(-limit)} to ${formatSigned(limit)}; ` +
          `flagged at ${LENIENCY_FLAG.toFixed(2)} or more either way. ` +
          panel.members.map((m) => `${m.name}: ${differenceText(m)}.`).join(' '),
        limit,
        threshold: LENIENCY_FLAG,
        items: panel.members.map((m) => ({
          label: m.name,
          value: m.difference,
          valueText: m.difference === null ? 'No scores' : formatSigned(m.difference),
          flagged: m.flag !== null,
          flagText: m.flag ? FLAGS[m.flag] : '',
        })),
      },
      rows: panel.members.map((m) => [
        { text: memberLabel(m) },
        { text: String(m.count), format: 'numeric' },
        { text: two(m.mean), format: 'numeric' },
        { text: two(m.othersMean), format: 'numeric' },
        { text: m.difference === null ? '–' : formatSigned(m.difference), format: 'numeric' },
        { text: m.flag ? `Flagged: ${FLAGS[m.flag].toLowerCase()}` : m.difference === null ? '–' : 'No' },
      ]),
    },
    agreement: panel.agreement.map((a) => [
      { text: a.title },
      { text: String(a.n), format: 'numeric' },
      { text: String(a.k), format: 'numeric' },
      { text: iccText(a), format: 'numeric' },
      { text: a.band ? BANDS[a.band] : '–' },
    ]),
    distributions: panel.distributions.map((dist, j) => ({
      title: dist.title,
      total: dist.total,
      chart: {
        id: `agreed-${index + 1}-${j + 1}`,
        title: `Agreed scores for ${dist.title} on ${panel.name}`,
        description:
          dist.total === 0
            ? 'No finalised moderations yet.'
            : `Number of candidates given each agreed score, from ${dist.total} finalised ${dist.total === 1 ? 'moderation' : 'moderations'}: ` +
              dist.counts.map((c) => `${c.value} ${c.label}: ${c.count}`).join('; ') +
              '.',
        xLabel: 'Agreed score',
        yLabel: 'Candidates',
        items: dist.counts.map((c) => ({ label: String(c.value), value: c.count })),
      },
      rows: dist.counts.map((c) => [
        { text: `${c.value} ${c.label}` },
        { text: String(c.count), format: 'numeric' },
      ]),
    })),
  };
}

function iccText(a: CriterionAgreement): string {
  if (!a.enough || !a.icc) return NOT_ENOUGH;
  if (a.icc.value === null) return a.icc.reason ? REASONS[a.icc.reason] : NOT_ENOUGH;
  return a.icc.value.toFixed(2);
}
