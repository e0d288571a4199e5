import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { isDatabaseUnavailable } from '../../../server/db/availability.js';
import { openDatabase } from '../../../server/db/database.js';
import { findHits } from '../../../server/features/rate-limit/repository.js';
import { DatabaseRateLimitStore } from '../../../server/features/rate-limit/store.js';
import { minutesUntil, tooManyAttemptsTitle } from '../../../server/middleware/rate-limit.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testConfig, testDatabase, testFrameworks, uniqueSuffix } from '../../helpers/database.js';
import { parse } from '../../helpers/html.js';
import { onRealPostgres } from '../../helpers/postgres.js';
import { browser, newPerson, signIn, type Agent } from '../../helpers/sign-in.js';
import { TcpProxy } from '../../helpers/tcp-proxy.js';

/**
 * The limits as shipped (the other tests run with limits too high to reach, because they all sign in
 * from 127.0.0.1 into one database). TRUST_PROXY lets each test come from an address of its own,
 * through X-Forwarded-For, so the counts of one test never reach another's.
 */
const SHIPPED = {
  SIGN_IN_RATE_LIMIT_WINDOW_SECONDS: '60',
  SIGN_IN_RATE_LIMIT_PER_PERSON: '20',
  SIGN_IN_RATE_LIMIT_PER_ADDRESS: '300',
  TRUST_PROXY: 'true',
};
const SERVICE = 'Score an interview panel';

function newAddress(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

/** A browser of its own, at an office address. */
function browserAt(app: TestApp, address: string): Agent {
  return browser(app).set('X-Forwarded-For', address);
}

/** Windows are fixed minutes: a test that counts to a limit starts well inside one. */
async function awayFromWindowEdge(windowMs = 60_000, marginMs = 8_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('sign-in rate limit', function () {
  // A test that counts to a limit may first wait for the next window (up to 8 s).
  this.timeout(60_000);

  it('ships with 20 a minute per person or session and 300 a minute per address', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    assert.deepEqual(config.signInRateLimit, { windowMs: 60_000, perPerson: 20, perAddress: 300 });
    assert.equal(tooManyAttemptsTitle(minutesUntil(new Date(Date.now() + 60_000))), SHIPPED_TITLE);
    assert.equal(minutesUntil(new Date(Date.now() + 1_000)), 1);
    assert.equal(minutesUntil(new Date(Date.now() + 61_000)), 2);
    assert.equal(tooManyAttemptsTitle(2), 'Too many attempts – try again in 2 minutes');
  });

  describe('with the shipped limits', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ env: SHIPPED });
    });
    after(() => app.close());

    it('never locks out an office: 100 people behind one address each sign in twice within a minute', async () => {
      const office = newAddress();
      const people = Array.from({ length: 100 }, () => newPerson(app));
      const failures: string[] = [];
      // Ten at a time, like a busy morning: 200 sign-ins and 800 requests to the limited pages.
      for (let i = 0; i < people.length; i += 10) {
        await Promise.all(
          people.slice(i, i + 10).map(async (person) => {
            for (const device of ['laptop', 'phone']) {
              try {
                const agent = await signIn(app, person.subject, browserAt(app, office));
                await agent.get('/').expect(200);
              } catch (err) {
                failures.push(`${person.subject} on ${device}: ${(err as Error).message.slice(0, 200)}`);
              }
            }
          }),
        );
      }
      assert.deepEqual(failures, []);
    });

    it('refuses one session that keeps trying, with the GOV.UK page, a title that says when and Retry-After', async () => {
      await awayFromWindowEdge();
      const office = newAddress();
      const hammering = browserAt(app, office);
      // The first request starts a session (it counts against the address); the next 20 count
      // against the session.
      for (let i = 0; i < 21; i += 1) await hammering.get('/auth/sign-in').expect(302);
      const refused = await hammering.get('/auth/sign-in').expect(429);

      const $ = parse(refused.text);
      assert.equal($('title').text(), `Too many attempts – try again in 1 minute – ${SERVICE}`);
      assert.equal($('h1').text().trim(), 'Too many attempts to sign in');
      assert.match($('main').text(), /Try again in 1 minute\./);
      assert.match($('main').text(), /does not stop colleagues/);
      assert.equal($('.govuk-header, .govuk-service-navigation, header').length > 0, true);
      assert.equal($('.govuk-footer').length, 1);
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${refused.headers['retry-after']}`);
      assert.match(String(refused.headers['ratelimit-policy']), /"20-in-1min"; q=20; w=60/);
      assert.match(String(refused.headers['ratelimit']), /"20-in-1min"; r=0; t=\d+/);
      // Its callback is refused too: the count is the session's, whichever sign-in page it asks for.
      await hammering.get('/auth/callback').expect(429);

      // A colleague at the same address signs in as usual.
      const colleague = await signIn(app, newPerson(app).subject, browserAt(app, office));
      await colleague.get('/').expect(200);
    });

    it('counts a signed-in person by who they are, across sessions', async () => {
      await awayFromWindowEdge();
      const person = newPerson(app);
      const office = newAddress();
      // Signing in counts 3 requests against the new session (the development sign-in page twice
      // and the callback); once signed in, requests count against the person, on any device.
      const laptop = await signIn(app, person.subject, browserAt(app, office));
      const phone = await signIn(app, person.subject, browserAt(app, office));
      for (let i = 0; i < 10; i += 1) await laptop.get('/auth/sign-in').expect(302);
      for (let i = 0; i < 10; i += 1) await phone.get('/auth/sign-in').expect(302);
      await laptop.get('/auth/sign-in').expect(429);
      await phone.get('/auth/sign-in').expect(429);
    });
  });

  it('limits an address only for requests without a session: someone already signing in goes on', async () => {
    await awayFromWindowEdge();
    const app = await startTestApp({ env: { ...SHIPPED, SIGN_IN_RATE_LIMIT_PER_ADDRESS: '5' } });
    try {
      const office = newAddress();
      const signingIn = browserAt(app, office);
      await signingIn.get('/auth/sign-in').expect(302);
      for (let i = 0; i < 3; i += 1)
        await request(app.baseUrl).get('/auth/sign-in').set('X-Forwarded-For', office).expect(302);
      // A made-up session cookie is no session: it counts against the address like no cookie.
      const forged = `panel.sid=${encodeURIComponent(`s:forged-${uniqueSuffix()}.signature`)}`;
      await request(app.baseUrl)
        .get('/auth/sign-in')
        .set('X-Forwarded-For', office)
        .set('Cookie', forged)
        .expect(302);
      const refused = await request(app.baseUrl)
        .get('/auth/sign-in')
        .set('X-Forwarded-For', office)
        .set('Cookie', forged)
        .expect(429);
      assert.match(parse(refused.text)('main').text(), /too many attempts to sign in from your network/);
      assert.ok(Number(refused.headers['retry-after']) >= 1);

      // The person who had started carries on with their own session's count.
      const signedIn = await signIn(app, newPerson(app).subject, signingIn);
      await signedIn.get('/').expect(200);
      // Another address is not affected.
      await request(app.baseUrl).get('/auth/sign-in').set('X-Forwarded-For', newAddress()).expect(302);
    } finally {
      await app.close();
    }
  });

  it('shares the count between two instances of the app on one database', async () => {
    await awayFromWindowEdge();
    const env = { ...SHIPPED, SIGN_IN_RATE_LIMIT_PER_ADDRESS: '6' };
    const first = await startTestApp({ env });
    const second = await startTestApp({ env, deps: { database: first.database } });
    try {
      const office = newAddress();
      const ask = (app: TestApp) => request(app.baseUrl).get('/auth/sign-in').set('X-Forwarded-For', office);
      for (let i = 0; i < 3; i += 1) {
        await ask(first).expect(302);
        await ask(second).expect(302);
      }
      await ask(first).expect(429);
      await ask(second).expect(429);
    } finally {
      await first.close();
      await second.close();
    }
  });

  describe('when the database cannot count', () => {
    it('lets sign-in through instead of refusing it or failing, and logs why', async () => {
      const config = testConfig({ ...SHIPPED, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
      const database = await openDatabase(config.database);
      const { logger, lines } = capturingLogger();
      try {
        const app = createApp({ config, database, logger, frameworks: await testFrameworks() });
        const res = await request(app).get('/auth/sign-in').set('X-Forwarded-For', newAddress());
        // Without a database the sign-in cannot keep its state: the service is unavailable (503),
        // as anywhere else. Never 429 or a server error because of the limiter.
        assert.ok([302, 503].includes(res.status), `status ${res.status}`);
        assert.ok(
          lines.some((l) => l.level === 40 && l.msg.includes('rate limit not applied')),
          JSON.stringify(lines.map((l) => l.msg)),
        );
        assert.ok(!lines.some((l) => l.level >= 50), JSON.stringify(lines.map((l) => l.msg)));
      } finally {
        await database.close();
      }
    });

    it('the store answers a database that is away with an error the app classifies as unavailable', async () => {
      const config = testConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
      const database = await openDatabase(config.database);
      try {
        const store = new DatabaseRateLimitStore(database.db);
        await assert.rejects(store.increment('address:203.0.113.1'), (err) => isDatabaseUnavailable(err));
      } finally {
        await database.close();
      }
    });

    if (onRealPostgres) {
      it('on PostgreSQL: counting stops while the database is away and starts again when it is back', async () => {
        const target = new URL(process.env.DATABASE_URL!);
        const proxy = await TcpProxy.reserve({ host: target.hostname, port: Number(target.port || 5432) });
        await proxy.up();
        await awayFromWindowEdge();
        const config = testConfig({
          ...SHIPPED,
          SIGN_IN_RATE_LIMIT_PER_ADDRESS: '2',
          DATABASE_URL: proxy.urlFor(process.env.DATABASE_URL!),
          DATABASE_ACQUIRE_TIMEOUT_MS: '500',
        });
        const database = await openDatabase(config.database);
        const { logger } = capturingLogger();
        try {
          const app = createApp({ config, database, logger, frameworks: await testFrameworks() });
          const office = newAddress();
          const ask = () => request(app).get('/auth/sign-in').set('X-Forwarded-For', office);
          await ask().expect(302);
          await proxy.down();
          for (let i = 0; i < 3; i += 1) {
            const res = await ask();
            assert.ok([302, 503].includes(res.status), `status ${res.status} while the database is away`);
          }
          await proxy.up();
          await ask().expect(302);
          await ask().expect(429);
        } finally {
          await database.close();
          await proxy.down();
        }
      });
    }
  });

  describe('the store', () => {
    it('counts atomically per key and window, takes back and forgets hits, and deletes ended windows', async () => {
      const { db } = await testDatabase();
      // In the future, so no other instance's clean-up deletes these rows as ended.
      let now = Date.UTC(2099, 0, 1, 9, 0, 10);
      const store = new DatabaseRateLimitStore(db, { now: () => now });
      store.windowMs = 60_000;
      const key = `test:${uniqueSuffix()}`;
      const other = `test:${uniqueSuffix()}`;

      const counts = await Promise.all(Array.from({ length: 25 }, () => store.increment(key)));
      assert.deepEqual(
        counts.map((c) => c.totalHits).sort((a, b) => a - b),
        Array.from({ length: 25 }, (_, i) => i + 1),
      );
      assert.equal(counts[0]?.resetTime?.toISOString(), '2099-01-01T09:01:00.000Z');
      assert.equal((await store.increment(other)).totalHits, 1);

      await store.decrement(key);
      assert.equal((await store.get(key))?.totalHits, 24);
      await store.resetKey(other);
      assert.equal(await store.get(other), undefined);

      // A new window starts again from one; the first hit in it deletes the ended window's rows.
      const ended = store.windowAt(now);
      now += 60_000;
      assert.equal((await store.increment(key)).totalHits, 1);
      for (let i = 0; i < 50 && (await findHits(db, key, ended)) !== undefined; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(await findHits(db, key, ended), undefined);
      assert.equal((await store.get(key))?.totalHits, 1);
      await store.resetKey(key);
    });
  });
});

const SHIPPED_TITLE = 'Too many attempts – try again in 1 minute';
