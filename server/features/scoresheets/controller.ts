import type { Response } from 'express';
import type { SignedInRequest } from '../../middleware/auth.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { FrameworkLibrary } from '../../framework/library.js';
import { problemErrors, parseForm, renderInvalid } from '../../middleware/validate.js';
import { campaignOverview, ownedCampaign } from '../campaigns/service.js';
import { parseSubmission } from '../submissions/schemas.js';
import { customCriterionSchema, scoresheetSchema } from './schemas.js';
import * as service from './service.js';

/** The scoresheet builder of a campaign the person owns, its criteria and its published versions. */
export function scoresheetsController(db: Kysely<Database>, lib: FrameworkLibrary) {
  const campaignOf = (req: SignedInRequest) => ownedCampaign(db, req.user, String(req.params.id));

  const renderBuilder = async (
    req: SignedInRequest,
    res: Response,
    status: number,
    extra: Record<string, unknown> = {},
  ) => {
    const campaign = await campaignOf(req);
    const [criteria, overview, versions] = await Promise.all([
      service.scoresheetDraft(db, lib, campaign),
      campaignOverview(db, lib, campaign),
      service.publishedVersions(db, campaign.id),
    ]);
    res.status(status).render('pages/scoresheets/builder', {
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
    async scoresheet(req: SignedInRequest, res: Response) {
      await renderBuilder(req, res, 200);
    },

    async saveScoresheet(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const criteria = await service.scoresheetDraft(db, lib, campaign);
      const ids = criteria.map((c) => c.id);
      const form = parseForm(scoresheetSchema(ids, service.scaleRange(lib, campaign.scale)), req.body);
      if (!form.ok) return renderBuilder(req, res, 400, { errors: form.errors, values: form.values });
      await service.saveScoresheet(db, req.user, campaign, form.data);
      res.redirect(303, `/campaigns/${campaign.id}/scoresheet?saved=1`);
    },

    async publish(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const result = await service.publishScoresheet(db, lib, req.user, campaign);
      if (!result.ok) {
        const errors = problemErrors(result.problems);
        return renderBuilder(req, res, 400, { errors });
      }
      res.redirect(303, `/campaigns/${campaign.id}/scoresheet/versions/${result.version}`);
    },

    async newCriterion(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      res.render('pages/scoresheets/criterion-new', {
        pageTitle: 'Add a criterion',
        campaign,
        values: { kind: req.query.kind },
      });
    },

    async addCriterion(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const form = parseSubmission(customCriterionSchema, req.body);
      if (!form.ok)
        return renderInvalid(
          res,
          'pages/scoresheets/criterion-new',
          { pageTitle: 'Add a criterion', campaign, values: form.values },
          form.errors,
        );
      await service.addCustomCriterion(db, lib, req.user, campaign, form.data, form.requestId);
      res.redirect(303, `/campaigns/${campaign.id}/scoresheet`);
    },

    async removeCriterion(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      await service.removeCustomCriterion(db, req.user, campaign, String(req.params.criterionId));
      res.redirect(303, `/campaigns/${campaign.id}/scoresheet`);
    },

    async version(req: SignedInRequest, res: Response) {
      const campaign = await campaignOf(req);
      const versions = await service.publishedVersions(db, campaign.id);
      const version = versions.find((v) => String(v.version) === req.params.version);
      if (!version) return res.status(404).render('errors/404', { pageTitle: 'Page not found' });
      res.render('pages/scoresheets/version', {
        pageTitle: `Scoresheet version ${version.version}`,
        campaign,
        version,
        content: version.content,
        latest: versions[0]?.version === version.version,
      });
    },
  };
}
