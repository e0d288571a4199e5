import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { requireRole, requireSignIn, signedIn } from '../../middleware/auth.js';
import { formRequestIds } from '../../middleware/form-request-id.js';
import { adminController } from './controller.js';

export function adminRoutes({ db }: { db: Kysely<Database> }): Router {
  const router = Router();
  const controller = signedIn(adminController(db));
  router.use(requireSignIn(), requireRole('administrator'), formRequestIds());
  router.get('/users', controller.listUsers);
  router.get('/users/new', controller.newUser);
  router.post('/users', controller.createUser);
  router.get('/users/:id', controller.showUser);
  router.post('/users/:id/roles', controller.updateRoles);
  router.post('/users/:id/deactivate', controller.changeStatus);
  router.post('/users/:id/reactivate', controller.changeStatus);
  return router;
}
