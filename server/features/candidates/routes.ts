import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { requireSignIn, signedIn } from '../../middleware/auth.js';
import { formRequestIds } from '../../middleware/form-request-id.js';
import { candidatesController } from './controller.js';

/**
 * Mounted at /campaigns/:id/candidates. Anyone signed in reaches these routes; every handler checks
 * that they own the campaign (404 for no such campaign, 403 for someone else's).
 */
export function candidateRoutes({ db }: { db: Kysely<Database> }): Router {
  const router = Router({ mergeParams: true });
  const c = signedIn(candidatesController(db));
  router.use(requireSignIn(), formRequestIds());
  router.get('/', c.list);
  router.get('/new', c.newCandidate);
  router.post('/new', c.add);
  router.get('/import', c.importPage);
  router.post('/import', c.import);
  router.get('/:candidateId/edit', c.edit);
  router.post('/:candidateId/edit', c.update);
  router.post('/:candidateId/withdraw', c.withdraw);
  router.post('/:candidateId/reinstate', c.reinstate);
  return router;
}
