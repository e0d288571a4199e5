import type { Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { SignedInRequest } from '../../middleware/auth.js';
import { parseForm, renderInvalid } from '../../middleware/validate.js';
import { ownedCampaign } from '../campaigns/service.js';
import { campaignCandidate } from '../candidates/service.js';
import { erasureSchema } from './schemas.js';
import { eraseCandidate } from './service.js';

/** An owner erasing one candidate's personal data on request. */
export function erasureController(db: Kysely<Database>) {
  const load = async (req: SignedInRequest) => {
    const campaign = await ownedCampaign(db, req.user, String(req.params.id));
    const candidate = await campaignCandidate(db, campaign, String(req.params.candidateId));
    return { campaign, candidate };
  };

  return {
    async show(req: SignedInRequest, res: Response) {
      const { campaign, candidate } = await load(req);
      res.render('pages/retention/erase', {
        pageTitle: 'Erase personal data',
        campaign,
        candidate,
        values: {},
      });
    },

    async erase(req: SignedInRequest, res: Response) {
      const { campaign, candidate } = await load(req);
      const form = parseForm(erasureSchema, req.body);
      if (!form.ok)
        return renderInvalid(
          res,
          'pages/retention/erase',
          { pageTitle: 'Erase personal data', campaign, candidate, values: form.values },
          form.errors,
        );
      await eraseCandidate(db, req.user, campaign.id, candidate.id, form.data.reason);
      res.redirect(
        303,
        `/campaigns/${campaign.id}/candidates?erased=${encodeURIComponent(candidate.reference)}`,
      );
    },
  };
}
