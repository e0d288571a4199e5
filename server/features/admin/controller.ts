import type { Response } from 'express';
import type { SignedInRequest } from '../../middleware/auth.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { problemErrors, parseForm, renderInvalid } from '../../middleware/validate.js';
import { parseSubmission } from '../submissions/schemas.js';
import { addUserSchema, rolesSchema, statusSchema, userSearchSchema } from './schemas.js';
import {
  USERS_PER_PAGE,
  addUser,
  describeRoles,
  getUser,
  searchUsers,
  setActive,
  setRoles,
} from './service.js';

export function adminController(db: Kysely<Database>) {
  const showUser = async (
    req: SignedInRequest,
    res: Response,
    status = 200,
    extra: Record<string, unknown> = {},
  ) => {
    const user = await getUser(db, String(req.params.id));
    res.status(status).render('pages/admin/user', {
      pageTitle: user.name,
      person: user,
      roles: describeRoles(user),
      isSelf: user.id === req.user?.id,
      ...extra,
    });
  };

  return {
    async listUsers(req: SignedInRequest, res: Response) {
      const { q, page = 1 } = userSearchSchema.parse(req.query);
      const { users, total } = await searchUsers(db, q || undefined, page);
      res.render('pages/admin/users', {
        pageTitle: 'People',
        users,
        total,
        search: q ?? '',
        page,
        pageCount: Math.max(1, Math.ceil(total / USERS_PER_PAGE)),
      });
    },

    newUser(_req: SignedInRequest, res: Response) {
      res.render('pages/admin/add-user', { pageTitle: 'Add a person', values: {} });
    },

    async createUser(req: SignedInRequest, res: Response) {
      const form = parseSubmission(addUserSchema, req.body);
      if (!form.ok)
        return renderInvalid(
          res,
          'pages/admin/add-user',
          { pageTitle: 'Add a person', values: form.values },
          form.errors,
        );
      const result = await addUser(db, req.user, form.data, form.requestId);
      if (!result.ok) {
        return renderInvalid(
          res,
          'pages/admin/add-user',
          { pageTitle: 'Add a person', values: req.body },
          problemErrors(result.problems),
        );
      }
      res.redirect(303, `/admin/users/${result.created.id}?added=1`);
    },

    async showUser(req: SignedInRequest, res: Response) {
      await showUser(req, res, 200, { added: req.query.added === '1', updated: req.query.updated });
    },

    async updateRoles(req: SignedInRequest, res: Response) {
      const form = parseForm(rolesSchema, req.body);
      if (!form.ok) return showUser(req, res, 400, { errors: form.errors });
      await setRoles(db, req.user, String(req.params.id), form.data.roles);
      res.redirect(303, `/admin/users/${String(req.params.id)}?updated=roles`);
    },

    async changeStatus(req: SignedInRequest, res: Response) {
      const active = req.path.endsWith('/reactivate');
      const form = parseForm(statusSchema, req.body);
      if (!form.ok) return showUser(req, res, 400, { errors: form.errors, values: form.values });
      await setActive(db, req.user, String(req.params.id), active, form.data.reason);
      res.redirect(
        303,
        `/admin/users/${String(req.params.id)}?updated=${active ? 'reactivated' : 'deactivated'}`,
      );
    },
  };
}
