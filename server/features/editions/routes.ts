import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { FrameworkLibrary } from '../../framework/library.js';
import { requireRole, requireSignIn, signedIn } from '../../middleware/auth.js';
import { editionsController } from './controller.js';

/** Capability Framework editions: administrators import, compare, publish and withdraw them. */
export function editionRoutes({
  db,
  frameworks,
}: {
  db: Kysely<Database>;
  frameworks: FrameworkLibrary;
}): Router {
  const router = Router();
  const controller = signedIn(editionsController(db, frameworks));
  router.use(requireSignIn(), requireRole('administrator'));
  router.get('/', controller.list);
  router.post('/', controller.importEdition);
  router.get('/:editionId', controller.show);
  router.get('/:editionId/changes.csv', controller.downloadCsv);
  router.post('/:editionId/renames', controller.confirmRename);
  router.post('/:editionId/publish', controller.publish);
  router.post('/:editionId/withdraw', controller.withdraw);
  return router;
}
