import assert from 'node:assert/strict';
import signature from 'cookie-signature';
import request from 'supertest';
import { createApp } from '../../../server/app.js';
import { openDatabase } from '../../../server/db/database.js';
import { createLogger } from '../../../server/logger.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testConfig, testDatabase, testFrameworks } from '../../helpers/database.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { refusalJson } from '../../helpers/json.js';
import { browser, signIn } from '../../helpers/sign-in.js';

describe('security basics', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('sends a nonce-based CSP without unsafe-inline, nosniff and no framing', async () => {
    const res = await request(app.baseUrl).get('/').expect(200);
    const csp = res.headers['content-security-policy'] as string;
    assert.ok(csp, 'CSP header present');
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /object-src 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-powered-by'], undefined);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const $ = parse(res.text);
    $('script:not([src])').each((_i, el) =>
      assert.equal($(el).attr('nonce'), nonce, 'every inline script carries the nonce'),
    );
  });

  it('uses a fresh nonce on every response', async () => {
    const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];
    const a = await request(app.baseUrl).get('/');
    const b = await request(app.baseUrl).get('/');
    assert.notEqual(
      nonceOf(a.headers['content-security-policy'] as string),
      nonceOf(b.headers['content-security-policy'] as string),
    );
  });

  it('sets an httpOnly, SameSite=Lax session cookie (not Secure outside production)', async () => {
    const res = await request(app.baseUrl).get('/auth/sign-in').expect(302);
    const cookie = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('panel.sid='));
    assert.ok(cookie);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.doesNotMatch(cookie, /Secure/i);
  });

  it('moves a session’s expiry on at most once a minute, however often it is used', async () => {
    const agent = await signIn(app, 'dev-member-1');
    const { db } = await testDatabase();
    const expiryOf = async () => {
      const rows = await db.selectFrom('sessions').select(['sid', 'expire']).execute();
      const cookie = (
        agent as unknown as { jar: { getCookie: (n: string, o: object) => { value: string } | undefined } }
      ).jar.getCookie('panel.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false });
      const sid = decodeURIComponent(cookie!.value).slice(2).split('.')[0];
      return rows.find((r) => r.sid === sid)!.expire.getTime();
    };
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // The store is touched after the response is sent: give each write time to land.
    await agent.get('/').expect(200);
    await pause(1100);
    await agent.get('/').expect(200);
    await pause(1100);
    const first = await expiryOf();
    await agent.get('/').expect(200);
    await pause(1100);
    assert.equal(await expiryOf(), first, 'no second write within the minute');
  });

  it('refuses a state-changing request without a valid CSRF token, and changes nothing', async () => {
    const agent = await signIn(app, 'dev-administrator');
    const email = `csrf-${Date.now()}@example.gov.uk`;
    const refused = await agent
      .post('/admin/users')
      .type('form')
      .send({ name: 'No Token', email })
      .expect(403);
    // Its own message, not "You do not have permission": the usual cause is a page left open too long.
    assert.equal(parse(refused.text)('h1').text().trim(), 'This form has expired');
    assert.match(parse(refused.text)('main').text(), /Reload the page and try again/);
    await agent
      .post('/admin/users')
      .type('form')
      .send({ name: 'Wrong Token', email, _csrf: 'forged' })
      .expect(403);
    const list = await agent.get(`/admin/users?q=${encodeURIComponent(email)}`).expect(200);
    assert.equal(parse(list.text)('tbody tr').length, 0, 'nobody was added');
  });

  it('refuses sign-out without a CSRF token', async () => {
    const agent = await signIn(app, 'dev-member-1');
    await agent.post('/auth/sign-out').expect(403);
    await agent
      .get('/')
      .expect(200)
      .expect((res) => assert.match(res.text, /Tomos Evans/));
  });

  it('sends anonymous people to sign in, and gives API callers a 401', async () => {
    const res = await request(app.baseUrl).get('/admin/users').expect(302);
    assert.equal(res.headers.location, '/auth/sign-in?returnTo=%2Fadmin%2Fusers');
    await request(app.baseUrl).get('/admin/users').set('accept', 'application/json').expect(401);
  });

  it('shows a 403 page to a signed-in person without the role', async () => {
    const agent = await signIn(app, 'dev-hiring-manager');
    const res = await agent.get('/admin/users').expect(403);
    const $ = parse(res.text);
    assert.equal($('h1').text().trim(), 'You do not have permission to see this page');
    assert.match($('title').text(), /permission/);
    const home = await agent.get('/').expect(200);
    await agent
      .post('/admin/users')
      .type('form')
      .send({ name: 'x', email: 'x@example.gov.uk', _csrf: csrfTokenFrom(home.text) })
      .expect(403);
  });

  it('shows a 404 page in the service style for unknown pages', async () => {
    const res = await request(app.baseUrl).get('/no-such-page').expect(404);
    const $ = parse(res.text);
    assert.equal($('h1').text().trim(), 'Page not found');
    assert.equal($('.govuk-footer').length, 1);
  });

  it('limits sign-in attempts', async () => {
    // A session of its own: the first request starts it (counted against the address), the rest
    // count against the session. test/integration/security/rate-limit.test.ts has the rest.
    const limited = await startTestApp({
      env: { SIGN_IN_RATE_LIMIT_PER_PERSON: '3', SIGN_IN_RATE_LIMIT_WINDOW_SECONDS: '3600' },
    });
    try {
      const agent = browser(limited);
      for (let i = 0; i < 4; i += 1) await agent.get('/auth/sign-in').expect(302);
      const res = await agent.get('/auth/sign-in').expect(429);
      assert.match(parse(res.text)('h1').text(), /Too many attempts to sign in/);
    } finally {
      await limited.close();
    }
  });

  describe('server errors', () => {
    async function failingRequest(env: Record<string, string>) {
      const config = testConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere', ...env });
      // A database that answers but was never migrated: the session store's query fails with an
      // error that is the service's fault (an unreachable database would be a 503 instead).
      const database = await openDatabase({ ...config.database, url: undefined, dataDir: 'memory://' });
      try {
        const failing = createApp({
          config,
          database,
          logger: createLogger(config),
          frameworks: await testFrameworks(),
        });
        // A signed session cookie makes the session store read its (missing) table.
        const cookie = `panel.sid=${encodeURIComponent(`s:${signature.sign('some-session', config.session.secret)}`)}`;
        return await request(failing).get('/').set('cookie', cookie);
      } finally {
        await database.close();
      }
    }

    it('shows the error page with a reference, and the stack trace only outside production', async () => {
      const res = await failingRequest({});
      assert.equal(res.status, 500);
      const $ = parse(res.text);
      assert.equal($('h1').text().trim(), 'Sorry, there is a problem with the service');
      assert.ok($('pre').text().length > 0, 'stack shown in development');
    });

    it('answers 503 with Retry-After and the "service unavailable" page while the database is away', async () => {
      const config = testConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
      const database = await openDatabase(config.database);
      try {
        const app = createApp({
          config,
          database,
          logger: createLogger(config),
          frameworks: await testFrameworks(),
        });
        const cookie = `panel.sid=${encodeURIComponent(`s:${signature.sign('some-session', config.session.secret)}`)}`;
        const page = await request(app).get('/').set('cookie', cookie);
        assert.equal(page.status, 503);
        assert.equal(page.headers['retry-after'], '5');
        assert.equal(parse(page.text)('h1').text().trim(), 'Sorry, the service is unavailable');
        const json = await request(app).get('/').set('cookie', cookie).set('accept', 'application/json');
        assert.equal(json.status, 503);
        assert.equal(refusalJson(json).error, 'unavailable');
      } finally {
        await database.close();
      }
    });

    it('hides the stack trace in production', async () => {
      const res = await failingRequest({
        NODE_ENV: 'production',
        BASE_URL: 'https://panel.example.gov.uk',
        SESSION_SECRET: 'k3Jd9sPq0ZxV7bLmN2rT5yWc8fHgA1eU',
        OIDC_ISSUER: 'https://idp.example.com',
        OIDC_CLIENT_ID: 'c',
        OIDC_CLIENT_SECRET: 's',
        OIDC_AUTHORIZATION_URL: 'https://idp.example.com/authorize',
        OIDC_TOKEN_URL: 'https://idp.example.com/token',
        OIDC_USERINFO_URL: 'https://idp.example.com/userinfo',
      });
      assert.equal(res.status, 500);
      const $ = parse(res.text);
      assert.equal($('pre').length, 0);
      assert.doesNotMatch(res.text, /at .*\.(ts|js):\d+/);
      assert.match(res.headers['strict-transport-security'] as string, /max-age=31536000/);
    });
  });
});
