import type { Kysely } from 'kysely';
import type { Database, Role, User } from '../../db/types.js';
import { effectiveRoles } from '../../domain/roles.js';
import { refuse } from '../../domain/problems.js';
import { forbidden, notFound } from '../../errors.js';
import { appendAudit } from '../audit/repository.js';
import {
  endSessionsOf,
  findUserByEmail,
  findUserById,
  insertUser,
  listUsers,
  updateUser,
} from '../users/repository.js';
import { isUuid } from '../../domain/ids.js';
import { isUniqueViolation, once } from '../submissions/service.js';

export const USERS_PER_PAGE = 25;

export function searchUsers(db: Kysely<Database>, search: string | undefined, page: number) {
  return listUsers(db, { search, limit: USERS_PER_PAGE, offset: (page - 1) * USERS_PER_PAGE });
}

export async function getUser(db: Kysely<Database>, id: string): Promise<User> {
  const user = isUuid(id) ? await findUserById(db, id) : undefined;
  if (!user) throw notFound();
  return user;
}

/**
 * Adds a person before they first sign in; they are matched by verified email then. Once per request
 * id; two tabs adding the same email are refused by the one-person-per-email rule (the users' email
 * index decides if they race), with the form's field error.
 */
export async function addUser(
  db: Kysely<Database>,
  actor: Express.User,
  fields: { name: string; email: string; roles: Role[] },
  requestId: string,
) {
  const taken = refuse({ field: 'email', text: 'Someone with this email address already exists' });
  try {
    return await db.transaction().execute((trx) =>
      once(
        trx,
        actor,
        { requestId, kind: 'person' },
        async () => {
          if (await findUserByEmail(trx, fields.email)) return taken;
          const user = await insertUser(trx, {
            subject: null,
            email: fields.email,
            name: fields.name,
            roles: fields.roles,
          });
          await appendAudit(trx, {
            actor_id: actor.id,
            action: 'user.added',
            entity_type: 'user',
            entity_id: user.id,
            after: { email: user.email, name: user.name, roles: user.roles },
          });
          return { ok: true, user } as const;
        },
        (done) => ({ id: done.user.id, count: 1 }),
      ),
    );
  } catch (e) {
    if (isUniqueViolation(e)) return taken;
    throw e;
  }
}

export async function setRoles(
  db: Kysely<Database>,
  actor: Express.User,
  id: string,
  roles: Role[],
): Promise<User> {
  const user = await getUser(db, id);
  if (user.id === actor.id && user.roles.includes('administrator') && !roles.includes('administrator')) {
    throw forbidden('You cannot remove your own administrator role. Ask another administrator.');
  }
  return db.transaction().execute(async (trx) => {
    const updated = await updateUser(trx, id, { roles });
    await appendAudit(trx, {
      actor_id: actor.id,
      action: 'user.roles-changed',
      entity_type: 'user',
      entity_id: id,
      before: { roles: user.roles },
      after: { roles: updated.roles },
    });
    return updated;
  });
}

export async function setActive(
  db: Kysely<Database>,
  actor: Express.User,
  id: string,
  active: boolean,
  reason: string,
): Promise<User> {
  const user = await getUser(db, id);
  if (user.id === actor.id) throw forbidden('You cannot deactivate yourself.');
  return db.transaction().execute(async (trx) => {
    const updated = await updateUser(trx, id, { active });
    if (!active) await endSessionsOf(trx, id);
    await appendAudit(trx, {
      actor_id: actor.id,
      action: active ? 'user.reactivated' : 'user.deactivated',
      entity_type: 'user',
      entity_id: id,
      before: { active: user.active },
      after: { active },
      reason,
    });
    return updated;
  });
}

export function describeRoles(user: User): { granted: Role[]; fromProvider: Role[]; effective: Role[] } {
  return { granted: user.roles, fromProvider: user.claim_roles, effective: effectiveRoles(user) };
}
