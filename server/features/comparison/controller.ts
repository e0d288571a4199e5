import { OUTCOME_LABELS } from '../../domain/labels.js';
import type { Response } from 'express';
import type { SignedInRequest } from '../../middleware/auth.js';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import { csvRow, mixedVersionsNotice } from '../../domain/merit.js';
import { criteriaAcrossVersions } from '../../domain/published-scoresheet.js';
import { problemErrors, parseForm } from '../../middleware/validate.js';
import { ownedCampaign } from '../campaigns/service.js';
import {
  compareCandidates,
  filterRows,
  recordOffer,
  recordTieBreak,
  reserveUntil,
  sortRows,
  type SortKey,
} from './service.js';
import { offerSchema, tieBreakSchema } from './schemas.js';

const PAGE_SIZE = 50;
const OUTCOMES = OUTCOME_LABELS;
const STATUS = {
  withdrawn: 'Withdrawn',
  'not-moderated': 'Not moderated yet',
  'in-moderation': 'In moderation',
  finalised: 'Finalised',
} as const;

const querySchema = z.object({
  sort: z
    .string()
    .regex(/^(merit|total|reference|criterion:[0-9a-f-]{36})$/)
    .optional()
    .catch(undefined),
  panel: z
    .string()
    .regex(/^[0-9a-f-]{36}$/)
    .optional()
    .catch(undefined),
  outcome: z.enum(['appointable', 'reserve', 'not-appointable', 'not-decided']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1000).optional().catch(undefined),
});

export function comparisonController(db: Kysely<Database>) {
  /** Filtered and sorted within each version's group; the groups stay in version order. */
  const load = async (req: SignedInRequest) => {
    const campaign = await ownedCampaign(db, req.user, String(req.params.id));
    const query = querySchema.parse(req.query);
    const data = await compareCandidates(db, campaign);
    const groups = data.groups.map((g) => ({
      ...g,
      rows: sortRows(filterRows(g.rows, query), g.merit, (query.sort ?? 'merit') as SortKey),
    }));
    const rows = groups.flatMap((g) => g.rows);
    return { campaign, query, data, groups, rows };
  };
  const versionHeading = (version: number | null) =>
    version === null ? 'No scoresheet published yet' : `Scored against version ${version}`;

  const renderMerit = async (
    req: SignedInRequest,
    res: Response,
    status = 200,
    extra: Record<string, unknown> = {},
  ) => {
    const { campaign, data } = await load(req);
    const byId = new Map(data.rows.map((r) => [r.id, r]));
    const lists = data.groups
      .filter((g) => g.merit.length > 0)
      .map((g) => {
        const entries = g.merit.map((m) => ({
          ...m,
          row: byId.get(m.id)!,
          reserveUntil: reserveUntil(byId.get(m.id)!),
        }));
        return {
          version: g.version,
          heading: versionHeading(g.version),
          entries,
          ties: groupTies(entries),
          leadTitle: g.criteria.find((c) => c.id === g.leadId)?.title ?? 'Lead criterion',
        };
      });
    res.status(status).render('pages/comparison/merit', {
      pageTitle: 'Merit list',
      campaign,
      lists,
      notice: data.mixed ? mixedVersionsNotice(data.moderatedVersions) : null,
      outcomes: OUTCOMES,
      ...extra,
    });
  };

  return {
    async table(req: SignedInRequest, res: Response) {
      const { campaign, query, data, groups, rows } = await load(req);
      const page = Math.min(query.page ?? 1, Math.max(1, Math.ceil(rows.length / PAGE_SIZE)));
      const onPage = new Set(rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((r) => r.id));
      res.render('pages/comparison/index', {
        pageTitle: 'Compare candidates',
        campaign,
        query,
        // Sorting by a criterion offers every criterion of any version; each table shows its own.
        criteria: criteriaAcrossVersions(groups),
        groups: tablesOf(
          groups.map((g) => ({
            heading: versionHeading(g.version),
            criteria: g.criteria,
            rows: g.rows.filter((r) => onPage.has(r.id)),
          })),
          {
            heading: versionHeading(data.latest?.version ?? null),
            criteria: data.latest?.sheet.criteria ?? [],
            rows: [],
          },
        ),
        notice: data.mixed ? mixedVersionsNotice(data.moderatedVersions) : null,
        panels: data.panels,
        total: rows.length,
        page,
        pageCount: Math.max(1, Math.ceil(rows.length / PAGE_SIZE)),
        rank: Object.fromEntries(data.merit.map((m) => [m.id, m.rank])),
        outcomes: OUTCOMES,
        statuses: STATUS,
      });
    },

    async csv(req: SignedInRequest, res: Response) {
      const { campaign, data, groups, rows } = await load(req);
      // A merit rank counts within the candidate's own version's list, named in the next column.
      const rank = new Map(data.merit.map((m) => [m.id, m.rank]));
      const criteria = criteriaAcrossVersions(groups);
      const header = [
        'Merit rank',
        'Reference',
        'Name',
        'Panel',
        'Status',
        'Scoresheet version',
        ...criteria.map((c) => c.title),
        'Weighted total',
        'Pass',
        'Outcome',
      ];
      const lines = rows.map((r) =>
        csvRow([
          rank.get(r.id) ?? '',
          r.reference,
          r.name ?? '',
          r.panelName ?? '',
          STATUS[r.status],
          r.version ?? '',
          ...criteria.map((c) => r.scores[c.id] ?? ''),
          r.weightedTotal ?? '',
          r.passed === null ? '' : r.passed ? 'Pass' : 'Fail',
          r.outcome ? OUTCOMES[r.outcome] : '',
        ]),
      );
      const filename = `${campaign.vacancy_reference.replace(/[^A-Za-z0-9-]/g, '_')}-comparison.csv`;
      res
        .type('text/csv; charset=utf-8')
        .attachment(filename)
        .send(`\uFEFF${[csvRow(header), ...lines].join('\r\n')}\r\n`);
    },

    async merit(req: SignedInRequest, res: Response) {
      await renderMerit(req, res, 200, { banner: req.query.done });
    },

    async offer(req: SignedInRequest, res: Response) {
      const campaign = await ownedCampaign(db, req.user, String(req.params.id));
      const candidateId = String(req.params.candidateId);
      // One offer form per candidate: errors link to that candidate's choices.
      const fieldIds = { status: `status-${candidateId}` };
      const form = parseForm(offerSchema, req.body, fieldIds);
      if (!form.ok) return renderMerit(req, res, 400, { errors: form.errors, offerFor: candidateId });
      const result = await recordOffer(db, req.user, campaign, candidateId, form.data.status);
      if (!result.ok)
        return renderMerit(req, res, 409, {
          errors: problemErrors(result.problems, fieldIds),
          offerFor: candidateId,
        });
      res.redirect(303, `/campaigns/${campaign.id}/merit?done=offer`);
    },

    async tieBreak(req: SignedInRequest, res: Response) {
      const campaign = await ownedCampaign(db, req.user, String(req.params.id));
      const form = parseForm(tieBreakSchema, req.body);
      if (!form.ok) return renderMerit(req, res, 400, { errors: form.errors });
      const { positions, reason } = form.data;
      await recordTieBreak(db, req.user, campaign, positions, reason);
      res.redirect(303, `/campaigns/${campaign.id}/merit?done=tie`);
    },
  };
}

/** The tables with rows on this page; one empty table when there are none. */
function tablesOf<T extends { rows: unknown[] }>(tables: T[], empty: T): T[] {
  const shown = tables.filter((t) => t.rows.length > 0);
  return shown.length > 0 ? shown : [empty];
}

function groupTies<T extends { id: string; unresolvedTie: boolean; rank: number }>(entries: T[]): T[][] {
  const groups = new Map<number, T[]>();
  for (const e of entries.filter((x) => x.unresolvedTie))
    groups.set(e.rank, [...(groups.get(e.rank) ?? []), e]);
  return [...groups.values()];
}
