import { Router, type Request, type Response } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import { requireSignIn } from '../../middleware/auth.js';
import { parseForm, renderInvalid } from '../../middleware/validate.js';
import { ownedCampaign } from '../campaigns/service.js';
import { campaignCandidate } from '../candidates/service.js';
import { eraseCandidate } from './service.js';

const erasureSchema = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1, 'Enter the reason for erasing this candidate’s personal data')
      .max(500, 'Reason must be 500 characters or fewer'),
  })
  .strict();

/** Right to erasure, for campaign owners: mounted at /campaigns/:id/candidates/:candidateId/erase. */
export function erasureRoutes({ db }: { db: Kysely<Database> }): Router {
  const router = Router({ mergeParams: true });
  router.use(requireSignIn());

  const load = async (req: Request) => {
    const campaign = await ownedCampaign(db, req.user!, String(req.params.id));
    const candidate = await campaignCandidate(db, campaign, String(req.params.candidateId));
    return { campaign, candidate };
  };

  router.get('/', async (req: Request, res: Response) => {
    const { campaign, candidate } = await load(req);
    res.render('pages/retention/erase', {
      pageTitle: 'Erase personal data',
      campaign,
      candidate,
      values: {},
    });
  });

  router.post('/', async (req: Request, res: Response) => {
    const { campaign, candidate } = await load(req);
    const form = parseForm(erasureSchema, req.body);
    if (!form.ok)
      return renderInvalid(
        res,
        'pages/retention/erase',
        { pageTitle: 'Erase personal data', campaign, candidate, values: form.values },
        form.errors,
      );
    await eraseCandidate(db, req.user!, campaign.id, candidate.id, form.data.reason);
    res.redirect(
      303,
      `/campaigns/${campaign.id}/candidates?erased=${encodeURIComponent(candidate.reference)}`,
    );
  });
  return router;
}
