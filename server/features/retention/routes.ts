import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { requireSignIn, signedIn } from '../../middleware/auth.js';
import { erasureController } from './controller.js';

/** Right to erasure, for campaign owners: mounted at /campaigns/:id/candidates/:candidateId/erase. */
export function erasureRoutes({ db }: { db: Kysely<Database> }): Router {
  const router = Router({ mergeParams: true });
  const c = signedIn(erasureController(db));
  router.use(requireSignIn());
  router.get('/', c.show);
  router.post('/', c.erase);
  return router;
}
