import { sql, type Kysely } from 'kysely';

// A long report (a campaign summary of thousands of candidates) is prepared off the request path
// and kept here for a short while, for the person who asked for it to download.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('prepared_reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('campaign_id', 'uuid', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('requested_by', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('preparing'))
    .addColumn('file_name', 'text')
    .addColumn('content', 'bytea')
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addCheckConstraint('prepared_reports_kind_known', sql`kind in ('campaign-summary')`)
    .addCheckConstraint('prepared_reports_status_known', sql`status in ('preparing', 'ready', 'failed')`)
    .addCheckConstraint('prepared_reports_ready_has_content', sql`(status = 'ready') = (content is not null)`)
    .execute();
  await db.schema
    .createIndex('prepared_reports_by_request')
    .on('prepared_reports')
    .columns(['campaign_id', 'requested_by', 'kind', 'requested_at'])
    .execute();
  // One preparation at a time per person and report: a second request joins the first.
  await sql`
    create unique index prepared_reports_one_preparing on prepared_reports (campaign_id, requested_by, kind)
    where status = 'preparing'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('prepared_reports').execute();
}
