import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { FrameworkLibrary } from '../../framework/library.js';
import { requireRole, requireSignIn, signedIn } from '../../middleware/auth.js';
import { formRequestIds } from '../../middleware/form-request-id.js';
import { campaignsController } from './controller.js';

/** Anyone signed in reaches these routes; each campaign page checks ownership in the service. */
export function campaignRoutes({
  db,
  frameworks,
  retentionMonths,
}: {
  db: Kysely<Database>;
  frameworks: FrameworkLibrary;
  retentionMonths: number;
}): Router {
  const router = Router();
  const c = signedIn(campaignsController(db, frameworks, retentionMonths));
  const creators = requireRole('hiring_manager', 'administrator');
  router.use(requireSignIn(), formRequestIds());
  router.get('/', c.list);
  router.get('/new', creators, c.newCampaign);
  router.post('/', creators, c.create);
  router.get('/:id', c.show);
  router.post('/:id/close', c.close);
  router.post('/:id/reopen', c.close);
  router.get('/:id/audit', c.audit);
  router.get('/:id/owners', c.owners);
  router.post('/:id/owners', c.addOwner);
  return router;
}
