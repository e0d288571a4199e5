import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { requireSignIn, signedIn } from '../../middleware/auth.js';
import { reportsController } from './controller.js';

/**
 * Mounted at /reports: PDF downloads. Who may download each is decided in the service: outcome reports
 * for campaign owners and the chair of the candidate's panel, once finalised; the campaign summary for
 * owners (prepared off the request path for a large campaign, then downloaded by whoever asked); a blank scoresheet for owners and the campaign's panel members.
 */
export function reportRoutes({ db }: { db: Kysely<Database> }): Router {
  const router = Router();
  const c = signedIn(reportsController(db));
  router.use(requireSignIn());
  router.get('/candidates/:candidateId/outcome.pdf', c.outcome);
  router.get('/campaigns/:campaignId/summary.pdf', c.summary);
  router.get('/campaigns/:campaignId/summary', c.preparing);
  router.post('/campaigns/:campaignId/summary', c.prepareAgain);
  router.get('/prepared/:reportId.pdf', c.prepared);
  router.get('/campaigns/:campaignId/scoresheets/:version.pdf', c.scoresheet);
  return router;
}
