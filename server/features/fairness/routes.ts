import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { requireSignIn, signedIn } from '../../middleware/auth.js';
import { fairnessController } from './controller.js';

/** Mounted at /campaigns/:id/fairness; owners only (checked in the controller via ownedCampaign). */
export function fairnessRoutes({ db }: { db: Kysely<Database> }): Router {
  const router = Router({ mergeParams: true });
  const c = signedIn(fairnessController(db));
  router.use(requireSignIn());
  router.get('/', c.show);
  return router;
}
