import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openDatabase } from '../../../server/db/database.js';
import { createMigrator, migrateToLatest, migrationsAreCurrent } from '../../../server/db/migrator.js';
import { testDatabase, uniqueSuffix } from '../../helpers/database.js';
import { onRealPostgres, withScratchDatabase } from '../../helpers/postgres.js';

describe('database migrations', () => {
  it('are all applied, and applying them again changes nothing', async () => {
    const { db, engine } = await testDatabase();
    assert.ok(await migrationsAreCurrent(db), `migrations current on ${engine}`);
    assert.deepEqual(await migrateToLatest(db), []);
    const migrations = await createMigrator(db).getMigrations();
    assert.ok(migrations.length >= 2);
    assert.ok(migrations.every((m) => m.executedAt instanceof Date));
  });

  it('keep the audit log append-only in the database itself', async () => {
    const { db } = await testDatabase();
    const entityId = uniqueSuffix();
    await db
      .insertInto('audit_log')
      .values({
        actor_id: null,
        action: 'test.recorded',
        entity_type: 'test',
        entity_id: entityId,
        before: null,
        after: null,
        campaign_id: null,
        reason: null,
      })
      .execute();
    await assert.rejects(
      db
        .updateTable('audit_log')
        .set({ action: 'test.rewritten' })
        .where('entity_id', '=', entityId)
        .execute(),
      /append-only: UPDATE/,
    );
    await assert.rejects(
      db.deleteFrom('audit_log').where('entity_id', '=', entityId).execute(),
      /append-only: DELETE/,
    );
    await assert.rejects(sql`truncate audit_log`.execute(db), /append-only: TRUNCATE/);
    const rows = await db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', entityId)
      .execute();
    assert.deepEqual(rows, [{ action: 'test.recorded' }]);
  });

  it('keep members’ score history append-only too', async () => {
    const { db } = await testDatabase();
    await assert.rejects(sql`truncate member_score_history`.execute(db), /append-only: TRUNCATE/);
    const { rows } = await sql<{
      tgname: string;
    }>`select tgname from pg_trigger where tgrelid = 'member_score_history'::regclass and not tgisinternal order by tgname`.execute(
      db,
    );
    assert.deepEqual(
      rows.map((r) => r.tgname),
      ['member_score_history_no_truncate', 'member_score_history_no_update_or_delete'],
    );
  });

  if (onRealPostgres) {
    it('run once when two instances start together (PostgreSQL advisory lock)', async () => {
      await withScratchDatabase(async (url) => {
        const settings = { url, poolMax: 2, dataDir: 'unused' };
        const [a, b] = await Promise.all([openDatabase(settings), openDatabase(settings)]);
        try {
          const [appliedByA, appliedByB] = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
          const total = (await createMigrator(a.db).getMigrations()).length;
          assert.equal(appliedByA.length + appliedByB.length, total);
          assert.ok(appliedByA.length === 0 || appliedByB.length === 0);
          assert.ok(await migrationsAreCurrent(b.db));
        } finally {
          await Promise.all([a.close(), b.close()]);
        }
      });
    });

    it('can all be rolled back and applied again', async () => {
      await withScratchDatabase(async (url) => {
        const handle = await openDatabase({ url, poolMax: 1, dataDir: 'unused' });
        try {
          await migrateToLatest(handle.db);
          const migrator = createMigrator(handle.db);
          const total = (await migrator.getMigrations()).length;
          for (let i = 0; i < total; i += 1) {
            const { error } = await migrator.migrateDown();
            assert.equal(error, undefined);
          }
          assert.equal(await migrationsAreCurrent(handle.db), false);
          assert.equal((await migrateToLatest(handle.db)).length, total);
        } finally {
          await handle.close();
        }
      });
    });
  }
});
