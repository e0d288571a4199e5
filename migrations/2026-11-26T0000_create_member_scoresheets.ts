import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('campaigns')
    .addColumn('require_evidence', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();

  // Each panel member's own sheet for a candidate, attached to the scoresheet version it was opened on.
  await db.schema
    .createTable('member_sheets')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('candidate_id', 'uuid', (c) => c.notNull().references('candidates.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('scoresheet_version_id', 'uuid', (c) => c.notNull().references('scoresheet_versions.id'))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_request_id', 'text')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('member_sheets_candidate_user', ['candidate_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('member_scores')
    .addColumn('sheet_id', 'uuid', (c) => c.notNull().references('member_sheets.id').onDelete('cascade'))
    .addColumn('criterion_id', 'text', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('evidence', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('member_scores_pk', ['sheet_id', 'criterion_id'])
    .execute();

  // Every change to a member's sheet: who, when, what. Evidence text is personal data about the
  // candidate, so the history keeps its length and a hash, never the words.
  await db.schema
    .createTable('member_score_history')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('sheet_id', 'uuid', (c) => c.notNull().references('member_sheets.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('criterion_id', 'text', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('evidence_length', 'integer', (c) => c.notNull())
    .addColumn('evidence_sha256', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('member_score_history_sheet')
    .on('member_score_history')
    .columns(['sheet_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('member_score_history').execute();
  await db.schema.dropTable('member_scores').execute();
  await db.schema.dropTable('member_sheets').execute();
  await db.schema.alterTable('campaigns').dropColumn('require_evidence').execute();
}
