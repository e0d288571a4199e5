import type { Request, Response } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import { csvRow } from '../../domain/merit.js';
import { isStorable, UNSTORABLE_MESSAGE } from '../../domain/text.js';
import { HttpError } from '../../middleware/auth.js';
import { formErrors, parseForm } from '../../middleware/validate.js';
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

const PAGE_SIZE = 50;
const OUTCOMES = {
  appointable: 'Appointable',
  reserve: 'Reserve',
  'not-appointable': 'Not appointable',
} as const;
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

const offerSchema = z
  .object({ status: z.enum(['offered', 'accepted', 'declined'], 'Select what happened') })
  .strict();

export function comparisonController(db: Kysely<Database>) {
  const load = async (req: Request) => {
    const campaign = await ownedCampaign(db, req.user!, String(req.params.id));
    const query = querySchema.parse(req.query);
    const data = await compareCandidates(db, campaign);
    const rows = sortRows(filterRows(data.rows, query), data.merit, (query.sort ?? 'merit') as SortKey);
    return { campaign, query, data, rows };
  };

  const renderMerit = async (
    req: Request,
    res: Response,
    status = 200,
    extra: Record<string, unknown> = {},
  ) => {
    const { campaign, data } = await load(req);
    const byId = new Map(data.rows.map((r) => [r.id, r]));
    const entries = data.merit.map((m) => ({
      ...m,
      row: byId.get(m.id)!,
      reserveUntil: reserveUntil(byId.get(m.id)!),
    }));
    const ties = groupTies(entries);
    res.status(status).render('pages/comparison/merit', {
      pageTitle: 'Merit list',
      campaign,
      entries,
      ties,
      outcomes: OUTCOMES,
      leadTitle: data.criteria.find((c) => c.id === data.leadId)?.title ?? 'Lead criterion',
      ...extra,
    });
  };

  return {
    async table(req: Request, res: Response) {
      const { campaign, query, data, rows } = await load(req);
      const page = Math.min(query.page ?? 1, Math.max(1, Math.ceil(rows.length / PAGE_SIZE)));
      res.render('pages/comparison/index', {
        pageTitle: 'Compare candidates',
        campaign,
        query,
        criteria: data.criteria,
        panels: data.panels,
        rows: rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
        total: rows.length,
        page,
        pageCount: Math.max(1, Math.ceil(rows.length / PAGE_SIZE)),
        rank: Object.fromEntries(data.merit.map((m) => [m.id, m.rank])),
        outcomes: OUTCOMES,
        statuses: STATUS,
      });
    },

    async csv(req: Request, res: Response) {
      const { campaign, data, rows } = await load(req);
      const rank = new Map(data.merit.map((m) => [m.id, m.rank]));
      const header = [
        'Merit rank',
        'Reference',
        'Name',
        'Panel',
        'Status',
        ...data.criteria.map((c) => c.title),
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
          ...data.criteria.map((c) => r.scores[c.id] ?? ''),
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

    async merit(req: Request, res: Response) {
      await renderMerit(req, res, 200, { banner: req.query.done });
    },

    async offer(req: Request, res: Response) {
      const campaign = await ownedCampaign(db, req.user!, String(req.params.id));
      const form = parseForm(offerSchema, req.body);
      if (!form.ok) return renderMerit(req, res, 400, { errors: form.errors });
      try {
        await recordOffer(db, req.user!, campaign, String(req.params.candidateId), form.data.status);
      } catch (err) {
        if (err instanceof HttpError && err.status === 409)
          return renderMerit(req, res, 409, {
            errors: formErrors([{ code: 'custom', path: ['merit'], message: err.message, input: undefined }]),
          });
        throw err;
      }
      res.redirect(303, `/campaigns/${campaign.id}/merit?done=offer`);
    },

    async tieBreak(req: Request, res: Response) {
      const campaign = await ownedCampaign(db, req.user!, String(req.params.id));
      const body = req.body as Record<string, unknown>;
      const positions = Object.entries(body)
        .filter(([k]) => k.startsWith('position-'))
        .map(([k, v]) => ({ candidateId: k.slice('position-'.length), position: Number(v) }));
      const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
      const problems: Array<{ path: string[]; message: string }> = [];
      if (!isStorable(reason)) problems.push({ path: ['reason'], message: UNSTORABLE_MESSAGE });
      else if (!reason) problems.push({ path: ['reason'], message: 'Enter the reason for this order' });
      if (reason.length > 1000)
        problems.push({ path: ['reason'], message: 'Reason must be 1,000 characters or fewer' });
      const numbers = positions.map((p) => p.position);
      if (
        positions.length < 2 ||
        numbers.some((n) => !Number.isInteger(n) || n < 1 || n > positions.length) ||
        new Set(numbers).size !== numbers.length
      ) {
        problems.push({
          path: ['positions'],
          message: `Give each tied candidate a different position from 1 to ${Math.max(positions.length, 2)}`,
        });
      }
      if (problems.length)
        return renderMerit(req, res, 400, {
          errors: formErrors(
            problems.map((p) => ({ code: 'custom', path: p.path, message: p.message, input: undefined })),
          ),
        });
      await recordTieBreak(db, req.user!, campaign, positions, reason);
      res.redirect(303, `/campaigns/${campaign.id}/merit?done=tie`);
    },
  };
}

function groupTies<T extends { id: string; unresolvedTie: boolean; rank: number }>(entries: T[]): T[][] {
  const groups = new Map<number, T[]>();
  for (const e of entries.filter((x) => x.unresolvedTie))
    groups.set(e.rank, [...(groups.get(e.rank) ?? []), e]);
  return [...groups.values()];
}
