import type { Response } from 'express';
import type { SignedInRequest } from '../../middleware/auth.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { problemErrors, parseForm, renderInvalid, type FormErrors } from '../../middleware/validate.js';
import { ownedCampaign } from '../campaigns/service.js';
import { parseSubmission } from '../submissions/schemas.js';
import type { Candidate } from './repository.js';
import {
  editCandidateSchema,
  importSchema,
  listBannerSchema,
  newCandidateSchema,
  reinstateSchema,
  withdrawSchema,
} from './schemas.js';
import * as service from './service.js';

export function candidatesController(db: Kysely<Database>) {
  const campaignOf = (req: SignedInRequest) => ownedCampaign(db, req.user, String(req.params.id));
  const listUrl = (campaignId: string, banner: string) => `/campaigns/${campaignId}/candidates?${banner}`;
  const valuesOf = (c: Candidate) => ({ name: c.name ?? '', email: c.email ?? '', reference: c.reference });

  const renderEdit = (
    res: Response,
    data: { campaign: unknown; candidate: Candidate; values?: Record<string, unknown> },
    errors?: FormErrors,
  ) => {
    const page = { pageTitle: 'Change candidate details', values: valuesOf(data.candidate), ...data };
    if (errors) return renderInvalid(res, 'pages/candidates/edit', page, errors);
    res.render('pages/candidates/edit', page);
  };

  return {
    async list(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const listing = await service.listCandidates(db, campaign);
      const query = listBannerSchema.parse(req.query);
      const named = (id: string | undefined) => listing.candidates.find((c) => c.id === id);
      const banners: Array<[string, string]> = [
        ['added', 'added'],
        ['updated', 'updated'],
        ['withdrawn', 'withdrawn'],
        ['reinstated', 'reinstated'],
      ];
      let banner: string | undefined;
      if (query.imported)
        banner = `${query.imported} ${query.imported === 1 ? 'candidate' : 'candidates'} imported`;
      for (const [key, verb] of banners) {
        const candidate = named(query[key as keyof typeof query] as string | undefined);
        if (candidate) banner = `${candidate.name ?? candidate.reference} (${candidate.reference}) ${verb}`;
      }
      res.render('pages/candidates/index', { pageTitle: 'Candidates', campaign, ...listing, banner });
    },

    async newCandidate(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      res.render('pages/candidates/new', { pageTitle: 'Add a candidate', campaign, values: {} });
    },

    async add(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const page = {
        pageTitle: 'Add a candidate',
        campaign,
        values: (req.body ?? {}) as Record<string, unknown>,
      };
      const form = parseSubmission(newCandidateSchema, req.body);
      if (!form.ok)
        return renderInvalid(res, 'pages/candidates/new', { ...page, values: form.values }, form.errors);
      const result = await service.addCandidate(db, req.user, campaign, form.data, form.requestId);
      if (!result.ok) return renderInvalid(res, 'pages/candidates/new', page, problemErrors(result.problems));
      res.redirect(303, listUrl(campaign.id, `added=${result.created.id}`));
    },

    async edit(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const candidate = await service.changeableCandidate(db, campaign, String(req.params.candidateId));
      renderEdit(res, { campaign, candidate });
    },

    async update(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const candidate = await service.changeableCandidate(db, campaign, String(req.params.candidateId));
      const form = parseForm(editCandidateSchema, req.body);
      if (!form.ok) return renderEdit(res, { campaign, candidate, values: form.values }, form.errors);
      const result = await service.updateCandidate(db, req.user, campaign, candidate, form.data);
      if (!result.ok)
        return renderEdit(
          res,
          { campaign, candidate, values: req.body as Record<string, unknown> },
          problemErrors(result.problems),
        );
      res.redirect(303, listUrl(campaign.id, `updated=${candidate.id}`));
    },

    async withdraw(req: SignedInRequest, res: Response) {
      await changeStatus(req, res, true);
    },

    async reinstate(req: SignedInRequest, res: Response) {
      await changeStatus(req, res, false);
    },

    async importPage(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      res.render('pages/candidates/import', { pageTitle: 'Import candidates', campaign, values: {} });
    },

    async import(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const page = {
        pageTitle: 'Import candidates',
        campaign,
        values: (req.body ?? {}) as Record<string, unknown>,
      };
      const form = parseSubmission(importSchema, req.body);
      if (!form.ok)
        return renderInvalid(res, 'pages/candidates/import', { ...page, values: form.values }, form.errors);
      const result = await service.importCandidates(db, req.user, campaign, form.data.csv, form.requestId);
      if (!result.ok) {
        const count = result.errors.length;
        return renderInvalid(res, 'pages/candidates/import', page, {
          fields: {
            csv: {
              text: `Nothing has been imported. Fix the ${count === 1 ? 'problem' : `${count} problems`} listed and paste the CSV again`,
            },
          },
          summary: result.errors.map((e) => ({ text: e.text, href: '#csv' })),
        });
      }
      res.redirect(303, listUrl(campaign.id, `imported=${result.created.count}`));
    },
  };

  async function changeStatus(req: SignedInRequest, res: Response, withdrawn: boolean) {
    const campaign = await campaignOf(req);
    const candidate = await service.changeableCandidate(db, campaign, String(req.params.candidateId));
    const form = parseForm(withdrawn ? withdrawSchema : reinstateSchema, req.body);
    if (!form.ok)
      return renderEdit(
        res,
        { campaign, candidate, values: { ...valuesOf(candidate), reason: form.values.reason } },
        form.errors,
      );
    await service.setWithdrawn(db, req.user, campaign, candidate, withdrawn, form.data.reason);
    res.redirect(303, listUrl(campaign.id, `${withdrawn ? 'withdrawn' : 'reinstated'}=${candidate.id}`));
  }
}
