import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { requireSignIn, signedIn } from '../../middleware/auth.js';
import { formRequestIds } from '../../middleware/form-request-id.js';
import { panelsController } from './controller.js';

/**
 * Mounted at /campaigns/:id/panels. Anyone signed in reaches these routes; every handler checks that
 * the campaign is theirs (ownedCampaign), so other people get a 403.
 */
export function panelRoutes({ db }: { db: Kysely<Database> }): Router {
  const router = Router({ mergeParams: true });
  const c = signedIn(panelsController(db));
  router.use(requireSignIn(), formRequestIds());
  router.get('/', c.list);
  router.post('/', c.create);
  router.get('/interviews/new', c.newInterview);
  router.post('/interviews', c.schedule);
  router.get('/interviews/:candidateId', c.editInterview);
  router.post('/interviews/:candidateId', c.reschedule);
  router.post('/interviews/:candidateId/remove', c.unschedule);
  router.get('/:panelId', c.show);
  router.post('/:panelId/rename', c.rename);
  router.post('/:panelId/delete', c.remove);
  router.post('/:panelId/members', c.addMember);
  router.post('/:panelId/members/:userId/remove', c.removeMember);
  return router;
}
