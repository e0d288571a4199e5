import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../../server/db/database.js';
import { migrateToLatest, migrationsAreCurrent } from '../../../server/db/migrator.js';
import { snapshotKey, unpackSnapshot } from '../../../server/db/pglite-snapshot.js';

// Always on PGlite, in folders of its own: this is how `npm start` makes a new embedded database.
describe('PGlite data folders made from a prepared snapshot', function () {
  this.timeout(120_000);
  let scratch: string;
  const opened: DatabaseHandle[] = [];
  const open = async (dataDir: string, snapshotDir?: string) => {
    const handle = await openDatabase({ dataDir: path.join(scratch, dataDir), poolMax: 1, snapshotDir });
    opened.push(handle);
    return handle;
  };
  const close = async (handle: DatabaseHandle) => {
    opened.splice(opened.indexOf(handle), 1);
    await handle.close();
  };

  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'panel-snapshot-test-'));
  });
  after(async () => {
    for (const handle of opened) await handle.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('caches the first new folder once migrated, and unpacks later new folders from it', async () => {
    const snapshots = path.join(scratch, 'snapshots');
    // An older snapshot of the same kind is replaced; the compiled build's is left alone.
    await mkdir(snapshots, { recursive: true });
    await writeFile(path.join(snapshots, 'src-older.tar'), 'old');
    await writeFile(path.join(snapshots, 'dist-other.tar'), 'other');
    const first = await open('first', snapshots);
    assert.equal(first.origin, 'initdb');
    assert.ok(first.saveSnapshot, 'a folder made by initdb offers to cache itself');
    assert.ok((await migrateToLatest(first.db)).length > 0);
    const bytes = await first.saveSnapshot();
    assert.ok(bytes > 1_000_000);
    assert.deepEqual((await readdir(snapshots)).sort(), ['dist-other.tar', `src-${await snapshotKey()}.tar`]);
    await close(first);

    const second = await open('second', snapshots);
    assert.equal(second.origin, 'snapshot');
    assert.equal(second.saveSnapshot, undefined);
    assert.ok(await migrationsAreCurrent(second.db), 'the snapshot holds every migration');
    assert.deepEqual(await migrateToLatest(second.db), []);
    const { rows } = await sql<{ n: number }>`select count(*) as n from users`.execute(second.db);
    assert.deepEqual(rows, [{ n: 0 }], 'and no data');
    await second.db
      .insertInto('audit_log')
      .values({
        actor_id: null,
        action: 'test.snapshot',
        entity_type: 'test',
        entity_id: 'x',
        before: null,
        after: null,
        campaign_id: null,
        reason: null,
      })
      .execute();
    await close(second);

    const reopened = await open('second', snapshots);
    assert.equal(reopened.origin, 'reopened');
    const audit = await sql<{ action: string }>`select action from audit_log`.execute(reopened.db);
    assert.deepEqual(audit.rows, [{ action: 'test.snapshot' }], 'what was written before is still there');
    await close(reopened);
  });

  it('falls back to initdb when the cached snapshot is damaged, and forgets it', async () => {
    const snapshots = path.join(scratch, 'damaged');
    await mkdir(snapshots, { recursive: true });
    const file = path.join(snapshots, `src-${await snapshotKey()}.tar`);
    await writeFile(file, Buffer.alloc(4096, 7));
    const handle = await open('after-damage', snapshots);
    assert.equal(handle.origin, 'initdb');
    assert.deepEqual(await readdir(snapshots), []);
    assert.ok((await migrateToLatest(handle.db)).length > 0);
    await close(handle);
  });

  it('never unpacks outside the data folder', () => {
    const header = Buffer.alloc(512);
    header.write('../escaped', 0);
    header.write('0000644\0', 100);
    header.write('00000000000\0', 124);
    header.write('0', 156);
    assert.throws(
      () => unpackSnapshot(Buffer.concat([header, Buffer.alloc(1024)]), path.join(scratch, 'x')),
      /outside the data folder/,
    );
  });
});
