import { sql, type Kysely } from 'kysely';

// Members' score history is part of the audit trail: like audit_log, the database refuses to change it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create trigger member_score_history_no_update_or_delete before update or delete on member_score_history
    for each row execute function audit_log_is_append_only()`.execute(db);
  await sql`
    create trigger member_score_history_no_truncate before truncate on member_score_history
    for each statement execute function audit_log_is_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger member_score_history_no_truncate on member_score_history`.execute(db);
  await sql`drop trigger member_score_history_no_update_or_delete on member_score_history`.execute(db);
}
