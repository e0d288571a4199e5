import { sql, type Kysely } from 'kysely';

/**
 * The sign-in rate limit's counts, shared by every instance of the app: one row per key (a person, a
 * session or an address) and fixed window, counted by an atomic upsert. Rows are deleted once their
 * window has ended, so the table only ever holds the current and the last window's keys; it needs no
 * index beyond its primary key (the clean-up's scan of a few thousand rows once a minute is cheap).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('rate_limit_hits_pkey', ['key', 'window_start'])
    .addCheckConstraint('rate_limit_hits_not_negative', sql`hits >= 0`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_hits').execute();
}
