import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('vacancy_reference', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('ddat_edition', 'text', (c) => c.notNull())
    .addColumn('role_slug', 'text', (c) => c.notNull())
    .addColumn('role_level_slug', 'text', (c) => c.notNull())
    .addColumn('behaviour_framework', 'text', (c) => c.notNull())
    .addColumn('scale', 'text', (c) => c.notNull())
    .addColumn('anonymised', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('pass_rule', 'text', (c) => c.notNull().defaultTo('every-criterion'))
    .addColumn('overall_pass_mark', 'numeric')
    .addColumn('lead_criterion_id', 'uuid')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'campaigns_grade_known',
      sql`grade in ('AA','AO','EO','HEO','SEO','G7','G6','SCS1','SCS2')`,
    )
    .addCheckConstraint(
      'campaigns_behaviour_framework_known',
      sql`behaviour_framework in ('success-profiles','cscf-2012')`,
    )
    .addCheckConstraint(
      'campaigns_pass_rule_known',
      sql`pass_rule in ('every-criterion','total','every-criterion-and-total')`,
    )
    .execute();

  await db.schema
    .createTable('campaign_owners')
    .addColumn('campaign_id', 'uuid', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('added_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('campaign_owners_pk', ['campaign_id', 'user_id'])
    .execute();
  await db.schema.createIndex('campaign_owners_user').on('campaign_owners').column('user_id').execute();

  // The scoresheet being edited; publishing freezes a copy into scoresheet_versions.
  await db.schema
    .createTable('scoresheet_criteria')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('campaign_id', 'uuid', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('required_level', 'text')
    .addColumn('descriptor', 'text')
    .addColumn('sfia_code', 'text')
    .addColumn('sfia_level', 'integer')
    .addColumn('included', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('weight', 'numeric', (c) => c.notNull().defaultTo(1))
    .addColumn('pass_mark', 'integer', (c) => c.notNull())
    .addCheckConstraint(
      'scoresheet_criteria_kind_known',
      sql`kind in ('skill','behaviour','technical','experience','strengths','sfia')`,
    )
    .addCheckConstraint('scoresheet_criteria_weight_positive', sql`weight > 0`)
    .execute();
  await db.schema
    .createIndex('scoresheet_criteria_campaign')
    .on('scoresheet_criteria')
    .columns(['campaign_id', 'position'])
    .execute();

  await db.schema
    .createTable('scoresheet_versions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('campaign_id', 'uuid', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('published_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('scoresheet_versions_campaign_version', ['campaign_id', 'version'])
    .execute();

  await db.schema
    .createTable('candidates')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('campaign_id', 'uuid', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('erased_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('candidates_campaign_reference', ['campaign_id', 'reference'])
    .execute();
  await db.schema
    .createIndex('candidates_campaign_email')
    .on('candidates')
    .expression(sql`campaign_id, lower(email)`)
    .unique()
    .where(sql.ref('email'), 'is not', null)
    .execute();

  await db.schema
    .createTable('panels')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('campaign_id', 'uuid', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('panels_campaign_name', ['campaign_id', 'name'])
    .execute();

  await db.schema
    .createTable('panel_members')
    .addColumn('panel_id', 'uuid', (c) => c.notNull().references('panels.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('panel_members_pk', ['panel_id', 'user_id'])
    .addCheckConstraint('panel_members_role_known', sql`role in ('chair','member','independent')`)
    .execute();
  await db.schema.createIndex('panel_members_user').on('panel_members').column('user_id').execute();
  await db.schema
    .createIndex('panel_members_one_chair')
    .on('panel_members')
    .column('panel_id')
    .unique()
    .where(sql.ref('role'), '=', 'chair')
    .execute();

  await db.schema
    .createTable('interviews')
    .addColumn('candidate_id', 'uuid', (c) => c.primaryKey().references('candidates.id').onDelete('cascade'))
    .addColumn('panel_id', 'uuid', (c) => c.notNull().references('panels.id').onDelete('cascade'))
    .addColumn('scheduled_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('interviews_panel')
    .on('interviews')
    .columns(['panel_id', 'scheduled_at'])
    .execute();

  await db.schema
    .createTable('conflict_declarations')
    .addColumn('candidate_id', 'uuid', (c) => c.notNull().references('candidates.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('conflicted', 'boolean', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('declared_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('conflict_declarations_pk', ['candidate_id', 'user_id'])
    .addCheckConstraint('conflict_declarations_described', sql`not conflicted or description is not null`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'conflict_declarations',
    'interviews',
    'panel_members',
    'panels',
    'candidates',
    'scoresheet_versions',
    'scoresheet_criteria',
    'campaign_owners',
    'campaigns',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
