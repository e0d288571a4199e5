import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { requireSignIn, signedIn } from '../../middleware/auth.js';
import { moderationController } from './controller.js';

/** Mounted at /moderation. Who may moderate (the chair) or view (owners) is decided in the service. */
export function moderationRoutes({ db }: { db: Kysely<Database> }): Router {
  const router = Router();
  const c = signedIn(moderationController(db));
  router.use(requireSignIn());
  router.get('/:candidateId', c.show);
  router.post('/:candidateId', c.save);
  router.post('/:candidateId/reopen', c.reopen);
  router.get('/:candidateId/audit', c.audit);
  return router;
}
