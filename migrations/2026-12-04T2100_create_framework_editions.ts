import { sql, type Kysely } from 'kysely';

// Capability Framework editions imported in the browser. An edition's content never changes once
// imported (the database refuses it); only its status moves: imported → published → withdrawn
// (or imported → withdrawn). The shipped edition in framework-data/ is not stored here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('framework_editions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('edition_id', 'text', (c) => c.notNull())
    .addColumn('framework', 'text', (c) => c.notNull().defaultTo('ddat-pcf'))
    .addColumn('release_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('imported'))
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('sources', 'jsonb', (c) => c.notNull())
    .addColumn('imported_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('renames', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('published_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('published_at', 'timestamptz')
    .addColumn('withdrawn_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('withdrawn_at', 'timestamptz')
    .addCheckConstraint(
      'framework_editions_release_date_iso',
      sql`release_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`,
    )
    .addCheckConstraint('framework_editions_framework_known', sql`framework in ('ddat-pcf')`)
    .addCheckConstraint(
      'framework_editions_status_known',
      sql`status in ('imported', 'published', 'withdrawn')`,
    )
    .addCheckConstraint(
      'framework_editions_published_when',
      sql`(status = 'published') <= (published_at is not null)`,
    )
    .execute();
  // One live edition per release; a withdrawn one may be imported again.
  await sql`
    create unique index framework_editions_one_live on framework_editions (edition_id)
    where status <> 'withdrawn'`.execute(db);
  await sql`
    create function framework_editions_content_is_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'framework editions are never deleted';
      end if;
      if new.edition_id <> old.edition_id or new.content <> old.content
         or new.content_hash <> old.content_hash or new.sources <> old.sources
         or new.release_date <> old.release_date or new.imported_by <> old.imported_by
         or new.imported_at <> old.imported_at then
        raise exception 'a framework edition''s content never changes';
      end if;
      if old.status = 'withdrawn' then
        raise exception 'a withdrawn framework edition stays withdrawn';
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger framework_editions_immutable before update or delete on framework_editions
    for each row execute function framework_editions_content_is_immutable()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('framework_editions').execute();
  await sql`drop function framework_editions_content_is_immutable()`.execute(db);
}
