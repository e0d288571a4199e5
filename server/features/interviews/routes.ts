import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { requireSignIn, signedIn } from '../../middleware/auth.js';
import { interviewsController } from './controller.js';

/**
 * Mounted at /interviews: a panel member's own interviews. The service checks that the person sits on
 * the panel the candidate is assigned to.
 */
export function interviewRoutes({ db }: { db: Kysely<Database> }): Router {
  const router = Router({ mergeParams: true });
  const c = signedIn(interviewsController(db));
  router.use(requireSignIn());
  router.get('/', c.list);
  router.get('/:candidateId/conflict', c.conflict);
  router.post('/:candidateId/conflict', c.declare);
  return router;
}
