import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { requireSignIn, signedIn } from '../../middleware/auth.js';
import { scoringController } from './controller.js';

/** Mounted at /interviews/:candidateId/scoresheet. Panel membership and conflicts are checked in the service. */
export function scoringRoutes({ db }: { db: Kysely<Database> }): Router {
  const router = Router({ mergeParams: true });
  const c = signedIn(scoringController(db));
  router.use(requireSignIn());
  router.get('/', c.show);
  router.post('/', c.save);
  router.post('/autosave', c.autosave);
  router.get('/check', c.check);
  router.post('/check', c.submit);
  return router;
}
