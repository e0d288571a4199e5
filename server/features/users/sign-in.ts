import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database, Role, User } from '../../db/types.js';
import { effectiveRoles, rolesFromClaims } from '../../domain/roles.js';
import { appendAudit } from '../audit/repository.js';
import { findUserByEmail, findUserBySubject, insertUser, updateUser } from './repository.js';

export type Identity = {
  subject: string;
  email: string;
  emailVerified: boolean;
  name: string;
  claims: Record<string, unknown>;
};

export type SignInResult =
  { ok: true; user: User } | { ok: false; reason: 'deactivated' | 'email-unverified' | 'email-taken' };

/**
 * Records a person signing in: matches them by subject, or by verified email to a person invited
 * before they ever signed in (binding the subject then), or creates them.
 */
export async function recordSignIn(
  db: Kysely<Database>,
  identity: Identity,
  mapping: Config['roleMapping'],
): Promise<SignInResult> {
  return db.transaction().execute(async (trx) => {
    const claimRoles = rolesFromClaims(identity.claims, mapping);
    const bootstrap = identity.emailVerified && mapping.adminEmails.includes(identity.email.toLowerCase());
    const now = new Date();

    let user = await findUserBySubject(trx, identity.subject);
    if (!user) {
      const byEmail = await findUserByEmail(trx, identity.email);
      if (byEmail && byEmail.subject) return { ok: false, reason: 'email-taken' } as const;
      if (byEmail && !identity.emailVerified) return { ok: false, reason: 'email-unverified' } as const;
      if (byEmail) {
        user = await updateUser(trx, byEmail.id, { subject: identity.subject });
        await appendAudit(trx, {
          actor_id: user.id,
          action: 'user.invitation-accepted',
          entity_type: 'user',
          entity_id: user.id,
          after: { subject: identity.subject },
        });
      } else {
        user = await insertUser(trx, {
          subject: identity.subject,
          email: identity.email,
          name: identity.name,
          roles: [],
        });
        await appendAudit(trx, {
          actor_id: user.id,
          action: 'user.created-at-sign-in',
          entity_type: 'user',
          entity_id: user.id,
          after: { email: user.email, name: user.name },
        });
      }
    }
    if (!user.active) return { ok: false, reason: 'deactivated' } as const;

    const roles: Role[] =
      bootstrap && !user.roles.includes('administrator') ? [...user.roles, 'administrator'] : user.roles;
    const before = effectiveRoles(user);
    const updated = await updateUser(trx, user.id, {
      email: identity.email,
      name: identity.name,
      roles,
      claim_roles: claimRoles,
      last_signed_in_at: now,
    });
    const after = effectiveRoles(updated);
    if (before.join() !== after.join()) {
      await appendAudit(trx, {
        actor_id: updated.id,
        action: 'user.roles-changed-at-sign-in',
        entity_type: 'user',
        entity_id: updated.id,
        before: { roles: before },
        after: { roles: after },
      });
    }
    return { ok: true, user: updated } as const;
  });
}
