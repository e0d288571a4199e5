import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The chair's moderated result for a candidate. Members' own scores stay in member_scores, untouched.
  await db.schema
    .createTable('moderations')
    .addColumn('candidate_id', 'uuid', (c) => c.primaryKey().references('candidates.id').onDelete('cascade'))
    .addColumn('scoresheet_version_id', 'uuid', (c) => c.notNull().references('scoresheet_versions.id'))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('outcome_override', 'text')
    .addColumn('override_reason', 'text')
    .addColumn('feedback', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tie_break_note', 'text')
    .addColumn('finalised_at', 'timestamptz')
    .addColumn('finalised_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('moderations_state_known', sql`state in ('open','finalised')`)
    .addCheckConstraint(
      'moderations_outcome_known',
      sql`outcome_override is null or outcome_override in ('appointable','reserve','not-appointable')`,
    )
    .execute();

  await db.schema
    .createTable('agreed_scores')
    .addColumn('candidate_id', 'uuid', (c) =>
      c.notNull().references('moderations.candidate_id').onDelete('cascade'),
    )
    .addColumn('criterion_id', 'text', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('rationale', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('strengths', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('development', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('agreed_scores_pk', ['candidate_id', 'criterion_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('agreed_scores').execute();
  await db.schema.dropTable('moderations').execute();
}
