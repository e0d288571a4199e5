import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { requireSignIn, signedIn } from '../../middleware/auth.js';
import { comparisonController } from './controller.js';

/** Mounted at /campaigns/:id; owners only (checked in the service via ownedCampaign). */
export function comparisonRoutes({ db }: { db: Kysely<Database> }): Router {
  const router = Router({ mergeParams: true });
  const c = signedIn(comparisonController(db));
  router.use(['/comparison', '/comparison.csv', '/merit'], requireSignIn());
  router.get('/comparison', c.table);
  router.get('/comparison.csv', c.csv);
  router.get('/merit', c.merit);
  router.post('/merit/offers/:candidateId', c.offer);
  router.post('/merit/tie-break', c.tieBreak);
  return router;
}
