import type { Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { FrameworkLibrary } from '../../framework/library.js';
import { fieldError, formErrors, parseForm, renderInvalid } from '../../middleware/validate.js';
import {
  campaignSchema,
  closeSchema,
  coOwnerSchema,
  customCriterionSchema,
  reopenSchema,
  scoresheetSchema,
} from './schemas.js';
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
  const campaignOf = (req: Request) => service.ownedCampaign(db, req.user!, String(req.params.id));

  const renderBuilder = async (
    req: Request,
    res: Response,
    status: number,
    extra: Record<string, unknown> = {},
  ) => {
    const campaign = await campaignOf(req);
    const [criteria, overview, versions] = await Promise.all([
      service.scoresheetDraft(db, lib, campaign),
      service.campaignOverview(db, lib, campaign),
      service.publishedVersions(db, campaign.id),
    ]);
    res.status(status).render('pages/campaigns/scoresheet', {
      pageTitle: 'Scoresheet',
      campaign,
      overview,
      criteria,
      versions,
      scale: lib.scale(campaign.scale),
      range: service.scaleRange(lib, campaign.scale),
      published: req.query.published,
      ...extra,
    });
  };

  return {
    async list(req: Request, res: Response) {
      const campaigns = await service.listCampaigns(db, req.user!);
      res.render('pages/campaigns/index', { pageTitle: 'Campaigns', campaigns });
    },

    newCampaign(_req: Request, res: Response) {
      res.render(
        'pages/campaigns/new',
        formData({ behaviourFramework: 'success-profiles', scale: 'civil-service-1-7', anonymised: 'no' }),
      );
    },

    async create(req: Request, res: Response) {
      const form = parseSubmission(campaignSchema, req.body);
      if (!form.ok) return renderInvalid(res, 'pages/campaigns/new', formData(form.values), form.errors);
      const result = await service.createCampaign(db, lib, req.user!, form.data, form.requestId);
      if (!result.ok)
        return renderInvalid(
          res,
          'pages/campaigns/new',
          formData(req.body),
          fieldError(result.problem.field, result.problem.text),
        );
      res.redirect(303, `/campaigns/${result.created.id}`);
    },

    async show(req: Request, res: Response) {
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

    async close(req: Request, res: Response) {
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
        req.user!,
        campaign,
        closing,
        'reason' in form.data ? form.data.reason : null,
      );
      res.redirect(303, `/campaigns/${campaign.id}`);
    },

    async scoresheet(req: Request, res: Response) {
      await renderBuilder(req, res, 200);
    },

    async saveScoresheet(req: Request, res: Response) {
      const campaign = await campaignOf(req);
      const criteria = await service.scoresheetDraft(db, lib, campaign);
      const ids = criteria.map((c) => c.id);
      const form = parseForm(scoresheetSchema(ids, service.scaleRange(lib, campaign.scale)), req.body);
      if (!form.ok) return renderBuilder(req, res, 400, { errors: form.errors, values: form.values });
      const data = form.data as Record<string, unknown>;
      await service.saveScoresheet(db, req.user!, campaign, {
        passRule: data.passRule as service.ScoresheetForm['passRule'],
        requireEvidence: data.requireEvidence as boolean,
        overallPassMark: data.overallPassMark as number | null,
        leadCriterionId: data.leadCriterionId as string | null,
        rows: ids.map((id) => ({
          id,
          included: data[`included-${id}`] === 'yes',
          position: data[`position-${id}`] as number,
          weight: data[`weight-${id}`] as number,
          passMark: data[`passMark-${id}`] as number,
        })),
      });
      res.redirect(303, `/campaigns/${campaign.id}/scoresheet?saved=1`);
    },

    async publish(req: Request, res: Response) {
      const campaign = await campaignOf(req);
      const result = await service.publishScoresheet(db, lib, req.user!, campaign);
      if (!result.ok) {
        const errors = formErrors(
          result.problems.map((p) => ({
            code: 'custom',
            path: [p.field],
            message: p.text,
            input: undefined,
          })),
        );
        return renderBuilder(req, res, 400, { errors });
      }
      res.redirect(303, `/campaigns/${campaign.id}/scoresheet/versions/${result.version}`);
    },

    async newCriterion(req: Request, res: Response) {
      const campaign = await campaignOf(req);
      res.render('pages/campaigns/criterion-new', {
        pageTitle: 'Add a criterion',
        campaign,
        values: { kind: req.query.kind },
      });
    },

    async addCriterion(req: Request, res: Response) {
      const campaign = await campaignOf(req);
      const form = parseSubmission(customCriterionSchema, req.body);
      if (!form.ok)
        return renderInvalid(
          res,
          'pages/campaigns/criterion-new',
          { pageTitle: 'Add a criterion', campaign, values: form.values },
          form.errors,
        );
      await service.addCustomCriterion(db, lib, req.user!, campaign, form.data, form.requestId);
      res.redirect(303, `/campaigns/${campaign.id}/scoresheet`);
    },

    async removeCriterion(req: Request, res: Response) {
      const campaign = await campaignOf(req);
      await service.removeCustomCriterion(db, req.user!, campaign, String(req.params.criterionId));
      res.redirect(303, `/campaigns/${campaign.id}/scoresheet`);
    },

    async version(req: Request, res: Response) {
      const campaign = await campaignOf(req);
      const versions = await service.publishedVersions(db, campaign.id);
      const version = versions.find((v) => String(v.version) === req.params.version);
      if (!version) return res.status(404).render('errors/404', { pageTitle: 'Page not found' });
      res.render('pages/campaigns/scoresheet-version', {
        pageTitle: `Scoresheet version ${version.version}`,
        campaign,
        version,
        content: version.content,
        latest: versions[0]?.version === version.version,
      });
    },

    async audit(req: Request, res: Response) {
      const campaign = await campaignOf(req);
      const entries = await campaignAudit(db, req.user!.id, campaign.id);
      res.render('pages/audit/list', {
        pageTitle: `Audit trail for ${campaign.title}`,
        caption: campaign.title,
        entries,
        present,
        backHref: `/campaigns/${campaign.id}`,
      });
    },

    async owners(req: Request, res: Response) {
      const campaign = await campaignOf(req);
      const overview = await service.campaignOverview(db, lib, campaign);
      res.render('pages/campaigns/owners', { pageTitle: 'Owners', campaign, overview, values: {} });
    },

    async addOwner(req: Request, res: Response) {
      const campaign = await campaignOf(req);
      const form = parseSubmission(coOwnerSchema, req.body);
      const rerender = async (errors: ReturnType<typeof fieldError>) =>
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
      const result = await service.addCoOwner(db, req.user!, campaign, form.data.email, form.requestId);
      if (!result.ok) return rerender(fieldError(result.problem.field, result.problem.text));
      res.redirect(303, `/campaigns/${campaign.id}/owners`);
    },
  };
}
