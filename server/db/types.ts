import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';

export type Role = 'administrator' | 'hiring_manager';
export const ROLES: readonly Role[] = ['administrator', 'hiring_manager'];

export interface UsersTable {
  id: Generated<string>;
  subject: string | null;
  email: string;
  name: string;
  /** Roles granted in this service by an administrator (or the ADMIN_EMAILS bootstrap). */
  roles: ColumnType<Role[], Role[] | undefined, Role[]>;
  /** Roles granted by the identity provider's claims at the last sign-in. */
  claim_roles: ColumnType<Role[], Role[] | undefined, Role[]>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  last_signed_in_at: Date | null;
}

export interface SessionsTable {
  sid: string;
  sess: unknown;
  expire: Date;
}

export interface AuditLogTable {
  id: Generated<number>;
  occurred_at: Generated<Date>;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  campaign_id: string | null;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  reason: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
}

export type DbHandle = Kysely<Database> | Transaction<Database>;

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;

export type NewAuditEntry = {
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  campaign_id?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};
