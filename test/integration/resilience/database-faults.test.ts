import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { openDatabase } from '../../../server/db/database.js';
import { migrateWhenReachable } from '../../../server/db/startup.js';
import { createLogger } from '../../../server/logger.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testConfig, testDatabase, uniqueSuffix } from '../../helpers/database.js';
import { publishedCampaignWithPanel } from '../../helpers/factories.js';
import { csrfTokenFrom } from '../../helpers/html.js';
import { autosaveJson, healthJson, refusalJson } from '../../helpers/json.js';
import { onRealPostgres, withScratchDatabase } from '../../helpers/postgres.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';
import { TcpProxy } from '../../helpers/tcp-proxy.js';

/**
 * The database goes away under the app: its backends are terminated mid-save and mid-transaction,
 * it is unreachable at start-up, it drops every connection, its pool runs dry. The process lives
 * on, every request either succeeds or answers 503, nothing acknowledged is lost, and service
 * resumes within a second. Real PostgreSQL only; outages come from a proxy or from
 * pg_terminate_backend on the app's own connections, never from stopping the shared server.
 */
const describeOnPostgres = onRealPostgres ? describe : describe.skip;
const RECOVERY_MS = 1000;

describeOnPostgres('resilience: the database fails under the app', function () {
  this.timeout(120_000);
  const silent = createLogger(testConfig());
  let admin: pg.Client;

  before(async () => {
    await testDatabase(); // migrated
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
  });
  after(() => admin.end());

  /** The app on its own pool, whose connections carry a name so that only they are terminated. */
  async function appOnOwnPool(env: Record<string, string> = {}) {
    const name = `faults_${uniqueSuffix()}`;
    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set('application_name', name);
    const config = testConfig({ DATABASE_URL: url.toString(), DATABASE_POOL_MAX: '4', ...env });
    const connectionErrors: Error[] = [];
    const database = await openDatabase(config.database, (err) => connectionErrors.push(err));
    const app = await startTestApp({ deps: { database } });
    const terminate = async (where = 'true') => {
      const { rowCount } = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and ${where}`,
        [name],
      );
      return rowCount ?? 0;
    };
    return { app, database, terminate, connectionErrors };
  }

  it('lives through its backends being terminated during autosaves, losing nothing acknowledged', async () => {
    const { app, database, terminate } = await appOnOwnPool();
    try {
      const subjects = ['dev-chair', 'dev-member-1', 'dev-member-2'];
      const setup = await publishedCampaignWithPanel(app, {
        members: subjects.map((subject, i) => ({
          subject,
          role: i === 0 ? ('chair' as const) : ('member' as const),
          declare: 'none' as const,
        })),
      });
      const candidateId = setup.candidates[0]!.id;
      const criteria = setup.criteria.map((c) => c.id);
      const savers = await Promise.all(subjects.map((s) => Saver.start(app, s, candidateId)));

      const until = Date.now() + 4000;
      let kills = 0;
      const killer = (async () => {
        while (Date.now() < until) {
          await pause(400);
          kills += await terminate();
          savers.forEach((s) => s.markOutage());
        }
      })();
      await Promise.all([
        killer,
        ...savers.map(async (saver, m) => {
          for (let i = 0; Date.now() < until; i += 1)
            await saver.save(criteria[i % criteria.length]!, `member ${m} save ${i}`);
        }),
      ]);

      assert.ok(kills >= 5, `terminated ${kills} backends`);
      for (const saver of savers) {
        assert.deepEqual(saver.unexpected, [], 'every answer was 200 or 503');
        assert.ok(Object.keys(saver.acknowledged).length > 0, 'saves went through between the faults');
        assert.ok(saver.longestOutageMs < RECOVERY_MS, `recovered in ${saver.longestOutageMs} ms`);
        assert.deepEqual(await storedEvidence(saver.subject, candidateId), saver.acknowledged);
      }
    } finally {
      await app.close();
      await database.close();
    }
  });

  it('answers 503 when its transaction is terminated half way, keeps the sheet whole, and saves on retry', async () => {
    const { app, database, terminate } = await appOnOwnPool();
    let locked = false;
    try {
      const setup = await publishedCampaignWithPanel(app, {
        members: [{ subject: 'dev-member-1', role: 'member', declare: 'none' }],
      });
      const candidateId = setup.candidates[0]!.id;
      const [first, second] = setup.criteria.map((c) => c.id) as [string, string];
      const saver = await Saver.start(app, 'dev-member-1', candidateId);
      await saver.save(first, 'Saved before the fault.');

      // The save's transaction has begun and waits on a lock when its backend is terminated.
      await admin.query('begin');
      locked = true;
      await admin.query('lock table member_scores in exclusive mode');
      const body = saver.body(second, 'Sent during the fault.');
      const during = saver.post(body).then((r) => r);
      await waitFor(async () => (await terminate(`wait_event_type = 'Lock'`)) > 0, 5000);
      const answer = await during;
      await admin.query('commit');
      locked = false;
      assert.equal(answer.status, 503, answer.text);
      assert.equal(answer.headers['retry-after'], '5');
      assert.equal(refusalJson(answer).error, 'unavailable');
      assert.deepEqual(await storedEvidence('dev-member-1', candidateId), {
        [first]: 'Saved before the fault.',
      });

      const retried = await saver.post(body);
      assert.equal(retried.status, 200, retried.text);
      assert.deepEqual(await storedEvidence('dev-member-1', candidateId), {
        [first]: 'Saved before the fault.',
        [second]: 'Sent during the fault.',
      });
    } finally {
      if (locked) await admin.query('rollback');
      await app.close();
      await database.close();
    }
  });

  it('answers 503 within the acquisition timeout when the pool is exhausted, and stays ready', async () => {
    const { app, database } = await appOnOwnPool({
      DATABASE_POOL_MAX: '1',
      DATABASE_ACQUIRE_TIMEOUT_MS: '300',
    });
    const member = await signIn(app, 'dev-member-1');
    const held = await database.pool.connect();
    try {
      const started = Date.now();
      const res = await member.get('/interviews');
      const waited = Date.now() - started;
      assert.equal(res.status, 503);
      assert.ok(waited < 2000, `answered after ${waited} ms`);
      // Readiness asks on a connection of its own: a busy instance is not a down one.
      await request(app.baseUrl).get('/health/ready').expect(200);
    } finally {
      held.release();
      await app.close();
      await database.close();
    }
  });

  it('starts without its database, migrates when it answers, and rides out an outage', async () => {
    await withScratchDatabase(async (url) => {
      const proxy = await TcpProxy.reserve({ host: '127.0.0.1', port: Number(new URL(url).port || 5432) });
      const config = testConfig({ DATABASE_URL: proxy.urlFor(url), DATABASE_ACQUIRE_TIMEOUT_MS: '500' });
      const database = await openDatabase(config.database);
      const startup = migrateWhenReachable(database, silent, { firstMs: 50, maxMs: 200 });
      const app = await startTestApp({ deps: { database, readiness: startup } });
      try {
        await request(app.baseUrl).get('/health').expect(200);
        const notReady = await request(app.baseUrl).get('/health/ready').expect(503);
        assert.deepEqual(healthJson(notReady).checks, { database: 'unreachable', migrations: 'pending' });
        const page = await request(app.baseUrl).get('/');
        assert.equal(page.status, 503);
        assert.match(page.text, /Sorry, the service is unavailable/);

        await proxy.up();
        await startup.migrated;
        await request(app.baseUrl).get('/health/ready').expect(200);
        const agent = await signIn(app, 'dev-member-1');
        await agent.get('/interviews').expect(200);

        await proxy.down();
        const away = await agent.get('/interviews');
        assert.equal(away.status, 503);
        assert.equal(away.headers['retry-after'], '5');
        await request(app.baseUrl).get('/health').expect(200);
        await request(app.baseUrl).get('/health/ready').expect(503);

        await proxy.up();
        const back = Date.now();
        await waitFor(async () => (await agent.get('/interviews')).status === 200, RECOVERY_MS);
        assert.ok(Date.now() - back < RECOVERY_MS);
      } finally {
        startup.stop();
        await startup.migrated.catch(() => {});
        await app.close();
        await database.close();
        await proxy.down();
      }
    });
  });
});

/** One member autosaving as the page's script does: a 503 is retried with the same request. */
class Saver {
  readonly acknowledged: Record<string, string> = {};
  readonly unexpected: string[] = [];
  longestOutageMs = 0;
  #revision = 0;
  #outageSince: number | undefined;

  private constructor(
    readonly subject: string,
    private readonly agent: Agent,
    private readonly candidateId: string,
    private readonly csrf: string,
  ) {}

  static async start(app: TestApp, subject: string, candidateId: string): Promise<Saver> {
    const agent = await signIn(app, subject);
    const page = await agent.get(`/interviews/${candidateId}/scoresheet`).expect(200);
    return new Saver(subject, agent, candidateId, csrfTokenFrom(page.text));
  }

  body(criterionId: string, evidence: string) {
    return { requestId: randomUUID(), entries: { [criterionId]: { score: 4, evidence } } };
  }

  post(body: ReturnType<Saver['body']>) {
    return this.agent
      .post(`/interviews/${this.candidateId}/scoresheet/autosave`)
      .set('x-csrf-token', this.csrf)
      .set('accept', 'application/json')
      .send({ ...body, baseRevision: this.#revision });
  }

  /** The database has just failed: time from now until the next save is acknowledged. */
  markOutage() {
    this.#outageSince ??= Date.now();
  }

  async save(criterionId: string, evidence: string) {
    const body = this.body(criterionId, evidence);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const res = await this.post(body);
      if (res.status === 200) {
        this.#revision = autosaveJson(res).revision;
        this.acknowledged[criterionId] = evidence;
        if (this.#outageSince !== undefined)
          this.longestOutageMs = Math.max(this.longestOutageMs, Date.now() - this.#outageSince);
        this.#outageSince = undefined;
        return;
      }
      if (res.status !== 503) {
        this.unexpected.push(`${res.status} ${res.text.slice(0, 200)}`);
        return;
      }
      await pause(50);
    }
    this.unexpected.push('never saved after 100 tries');
  }
}

async function storedEvidence(subject: string, candidateId: string): Promise<Record<string, string>> {
  const { db } = await testDatabase();
  const rows = await db
    .selectFrom('member_scores')
    .innerJoin('member_sheets', 'member_sheets.id', 'member_scores.sheet_id')
    .innerJoin('users', 'users.id', 'member_sheets.user_id')
    .select(['criterion_id', 'evidence'])
    .where('member_sheets.candidate_id', '=', candidateId)
    .where('users.subject', '=', subject)
    .where('evidence', '!=', '')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.criterion_id, r.evidence]));
}

async function waitFor(check: () => Promise<boolean>, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${withinMs} ms`);
    await pause(20);
  }
}

function pause(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
