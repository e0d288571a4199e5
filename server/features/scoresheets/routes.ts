import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { FrameworkLibrary } from '../../framework/library.js';
import { requireSignIn, signedIn } from '../../middleware/auth.js';
import { formRequestIds } from '../../middleware/form-request-id.js';
import { scoresheetsController } from './controller.js';

/**
 * Mounted at /campaigns/:id/scoresheet. Anyone signed in reaches these routes; every handler checks
 * that the campaign is theirs (ownedCampaign), so other people get a 403.
 */
export function scoresheetRoutes({
  db,
  frameworks,
}: {
  db: Kysely<Database>;
  frameworks: FrameworkLibrary;
}): Router {
  const router = Router({ mergeParams: true });
  const c = signedIn(scoresheetsController(db, frameworks));
  router.use(requireSignIn(), formRequestIds());
  router.get('/', c.scoresheet);
  router.post('/', c.saveScoresheet);
  router.post('/publish', c.publish);
  router.get('/criteria/new', c.newCriterion);
  router.post('/criteria', c.addCriterion);
  router.post('/criteria/:criterionId/remove', c.removeCriterion);
  router.get('/versions/:version', c.version);
  return router;
}
