import type { DbHandle as Handle, NewAuditEntry } from '../../db/types.js';

export async function appendAudit(db: Handle, entry: NewAuditEntry): Promise<void> {
  await appendAuditEntries(db, [entry]);
}

/** Several entries of one use case in one statement, in the order given (their ids follow it). */
export async function appendAuditEntries(db: Handle, entries: readonly NewAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((entry) => ({
        ...entry,
        before: entry.before === undefined ? null : JSON.stringify(entry.before),
        after: entry.after === undefined ? null : JSON.stringify(entry.after),
      })),
    )
    .execute();
}

export async function auditFor(db: Handle, entityType: string, entityId: string) {
  return db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.occurred_at',
      'audit_log.action',
      'audit_log.entity_type',
      'audit_log.entity_id',
      'audit_log.before',
      'audit_log.after',
      'audit_log.reason',
      'users.name as actor_name',
    ])
    .where('audit_log.entity_type', '=', entityType)
    .where('audit_log.entity_id', '=', entityId)
    .orderBy('audit_log.id')
    .execute();
}

export async function auditForCampaign(db: Handle, campaignId: string, limit = 500) {
  return db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.occurred_at',
      'audit_log.action',
      'audit_log.entity_type',
      'audit_log.entity_id',
      'audit_log.before',
      'audit_log.after',
      'audit_log.reason',
      'users.name as actor_name',
    ])
    .where('audit_log.campaign_id', '=', campaignId)
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .execute();
}
