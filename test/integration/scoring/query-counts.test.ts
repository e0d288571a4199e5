import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { publishedCampaignWithPanel } from '../../helpers/factories.js';
import { csrfTokenFrom } from '../../helpers/html.js';
import { signIn } from '../../helpers/sign-in.js';

/**
 * What an autosave sends to the database once the sheet is open: the session with its signed-in
 * person (read through the pool, its expiry touched at most once a minute), the scoring context with
 * the member's sheet, then in one transaction the sheet locked with its entries, and the changed
 * entries, their history and the new revision written as one statement.
 */
const EXPECTED = { queries: 3, sessionQueries: 1, transactions: 1 };

describe('scoring: database round trips per autosave', () => {
  let app: TestApp;
  const counts = { queries: 0, sessionQueries: 0, transactions: 0 };

  before(async () => {
    const handle = await testDatabase();
    const db: Kysely<Database> = handle.db.withPlugin({
      transformQuery: (args) => {
        counts.queries += 1;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
    const transaction = db.transaction.bind(db);
    db.transaction = () => {
      counts.transactions += 1;
      return transaction();
    };
    const pool = new Proxy(handle.pool, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (key !== 'query' || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          counts.sessionQueries += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    app = await startTestApp({ deps: { database: { ...handle, db, pool } } });
  });
  after(() => app.close());

  it('reads and writes in a fixed number of round trips, however many criteria change', async () => {
    const setup = await publishedCampaignWithPanel(app, {
      members: [{ subject: 'dev-member-1', role: 'member', declare: 'none' }],
      candidates: 1,
    });
    const member = await signIn(app, 'dev-member-1');
    const candidateId = setup.candidates[0]!.id;
    const page = await member.get(`/interviews/${candidateId}/scoresheet`).expect(200);
    const csrf = csrfTokenFrom(page.text);
    let revision = 0;
    const autosave = async (changed: number) => {
      const entries = Object.fromEntries(
        setup.criteria
          .slice(0, changed)
          .map((c, i) => [c.id, { score: (i % 7) + 1, evidence: `Note ${revision}` }]),
      );
      Object.assign(counts, { queries: 0, sessionQueries: 0, transactions: 0 });
      const res = await member
        .post(`/interviews/${candidateId}/scoresheet/autosave`)
        .set('x-csrf-token', csrf)
        .set('accept', 'application/json')
        .send({ baseRevision: revision, requestId: randomUUID(), entries })
        .expect(200);
      revision = (res.body as { revision: number }).revision;
      return { ...counts };
    };
    await autosave(1); // the first save may touch the session's expiry
    assert.deepEqual(await autosave(1), EXPECTED);
    assert.deepEqual(await autosave(setup.criteria.length), EXPECTED);
    // The one statement wrote every changed entry and its history row at the new revision.
    const { db } = await testDatabase();
    const sheet = await db
      .selectFrom('member_sheets')
      .select(['id', 'revision'])
      .where('candidate_id', '=', candidateId)
      .executeTakeFirstOrThrow();
    assert.equal(sheet.revision, revision);
    const history = await db
      .selectFrom('member_score_history')
      .select('criterion_id')
      .where('sheet_id', '=', sheet.id)
      .where('revision', '=', revision)
      .execute();
    assert.equal(history.length, setup.criteria.length);
    const stored = await db
      .selectFrom('member_scores')
      .select('evidence')
      .where('sheet_id', '=', sheet.id)
      .execute();
    assert.deepEqual(
      stored.map((r) => r.evidence),
      setup.criteria.map(() => `Note 2`),
    );
  });
});
