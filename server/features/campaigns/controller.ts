import type { Response } from 'express';
import type { SignedInRequest } from '../../middleware/auth.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { FrameworkLibrary } from '../../framework/library.js';
import { problemErrors, parseForm, renderInvalid, type FormErrors } from '../../middleware/validate.js';
import { campaignSchema, closeSchema, coOwnerSchema, reopenSchema } from './schemas.js';
import * as present from '../audit/present.js';
import { parseSubmission } from '../submissions/schemas.js';
import { campaignAudit } from '../independence/service.js';
import * as service from './service.js';

export function campaignsController(db: Kysely<Database>, lib: FrameworkLibrary, retentionMonths: number) {
  const roleLevelOptions = lib
    .families()
    .flatMap((f) =>
      f.roles.flatMap((r) =>
        r.levels.map((l) => ({ value: `${r.slug}/${l.slug}`, text: `${r.name}: ${l.name}` })),
      ),
    )
    .sort((a, b) => a.text.localeCompare(b.text));
  const formData = (values: Record<string, unknown>) => ({
    pageTitle: 'Create a campaign',
    values,
    roleLevelOptions,
    grades: lib.grades(),
    scales: lib.scales(),
  });
  const campaignOf = (req: SignedInRequest) => service.ownedCampaign(db, req.user, String(req.params.id));

  return {
    async list(req: SignedInRequest, res: Response) {
      const campaigns = await service.listCampaigns(db, req.user);
      res.render('pages/campaigns/index', { pageTitle: 'Campaigns', campaigns });
    },

    newCampaign(_req: SignedInRequest, res: Response) {
      res.render(
        'pages/campaigns/new',
        formData({ behaviourFramework: 'success-profiles', scale: 'civil-service-1-7', anonymised: 'no' }),
      );
    },

    async create(req: SignedInRequest, res: Response) {
      const form = parseSubmission(campaignSchema, req.body);
      if (!form.ok) return renderInvalid(res, 'pages/campaigns/new', formData(form.values), form.errors);
      const result = await service.createCampaign(db, lib, req.user, form.data, form.requestId);
      if (!result.ok)
        return renderInvalid(
          res,
          'pages/campaigns/new',
          formData(req.body as Record<string, unknown>),
          problemErrors(result.problems),
        );
      res.redirect(303, `/campaigns/${result.created.id}`);
    },

    async show(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const overview = await service.campaignOverview(db, lib, campaign);
      res.render('pages/campaigns/overview', {
        pageTitle: campaign.title,
        campaign,
        overview,
        retentionMonths,
        values: {},
      });
    },

    async close(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const closing = req.path.endsWith('/close');
      const form = closing ? parseForm(closeSchema, req.body) : parseForm(reopenSchema, req.body);
      if (!form.ok) {
        const overview = await service.campaignOverview(db, lib, campaign);
        return renderInvalid(
          res,
          'pages/campaigns/overview',
          { pageTitle: campaign.title, campaign, overview, retentionMonths, values: form.values },
          form.errors,
        );
      }
      await service.setClosed(
        db,
        req.user,
        campaign,
        closing,
        'reason' in form.data ? form.data.reason : null,
      );
      res.redirect(303, `/campaigns/${campaign.id}`);
    },

    async audit(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const entries = await campaignAudit(db, req.user.id, campaign.id);
      res.render('pages/audit/list', {
        pageTitle: `Audit trail for ${campaign.title}`,
        caption: campaign.title,
        entries,
        present,
        backHref: `/campaigns/${campaign.id}`,
      });
    },

    async owners(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const overview = await service.campaignOverview(db, lib, campaign);
      res.render('pages/campaigns/owners', { pageTitle: 'Owners', campaign, overview, values: {} });
    },

    async addOwner(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const form = parseSubmission(coOwnerSchema, req.body);
      const rerender = async (errors: FormErrors) =>
        renderInvalid(
          res,
          'pages/campaigns/owners',
          {
            pageTitle: 'Owners',
            campaign,
            overview: await service.campaignOverview(db, lib, campaign),
            values: req.body,
          },
          errors,
        );
      if (!form.ok) return rerender(form.errors);
      const result = await service.addCoOwner(db, req.user, campaign, form.data.email, form.requestId);
      if (!result.ok) return rerender(problemErrors(result.problems));
      res.redirect(303, `/campaigns/${campaign.id}/owners`);
    },
  };
}
