import { sql, type Kysely } from 'kysely';

/**
 * One row per creation form sent: the hidden request id each form page renders, who sent it, what
 * kind of thing it made and which. The primary key is what makes a double submit, a retry or two
 * racing posts create one thing: the second insert of the same request id conflicts and finds the
 * first one's row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('form_submissions')
    .addColumn('request_id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // Where the first answer led: what was made, or what it was made in (an import's campaign, an
    // interview's panel). Null only inside the transaction that makes it.
    .addColumn('created_id', 'uuid')
    .addColumn('created_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('form_submissions_count_not_negative', sql`created_count >= 0`)
    .execute();
  await db.schema
    .createIndex('form_submissions_created_at')
    .on('form_submissions')
    .column('created_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('form_submissions').execute();
}
