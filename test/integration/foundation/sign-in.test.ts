import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { browser, newPerson, signIn } from '../../helpers/sign-in.js';
import { findUserBySubject } from '../../../server/features/users/repository.js';

describe('signing in through OpenID Connect (development provider)', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('shows the development users on the provider sign-in page', async () => {
    const agent = browser(app);
    const start = await agent.get('/auth/sign-in').expect(302);
    assert.ok(start.headers.location?.startsWith(`${app.baseUrl}/oidc/auth?`));
    const authorize = await agent
      .get(new URL(start.headers.location!).pathname + new URL(start.headers.location!).search)
      .expect(303);
    const page = await agent.get(authorize.headers.location!).expect(200);
    const $ = parse(page.text);
    const names = $('.govuk-radios__label')
      .map((_i, el) => $(el).text().trim())
      .get();
    assert.deepEqual(names, [
      'Ada Lovelace',
      'Grace Hopper',
      'Alan Turing',
      'Siân Ŵyn Parry',
      'Tomos Evans',
      'Priya Shah',
    ]);
  });

  it('signs each development user in, records them with their roles, and shows their name', async () => {
    const expected: Record<string, string[]> = {
      'dev-administrator': ['administrator'],
      'dev-hiring-manager': ['hiring_manager'],
      'dev-chair': [],
      'dev-member-1': [],
    };
    const { db } = await testDatabase();
    for (const [subject, roles] of Object.entries(expected)) {
      const agent = await signIn(app, subject);
      const home = await agent.get('/').expect(200);
      const user = await findUserBySubject(db, subject);
      assert.ok(user, `${subject} recorded`);
      assert.deepEqual(user.claim_roles, roles);
      assert.ok(user.last_signed_in_at);
      assert.match(parse(home.text)('.app-account__text').text(), new RegExp(user.name));
    }
  });

  it('returns people to the page they asked for', async () => {
    const agent = browser(app);
    const res = await agent.get('/admin/users').expect(302);
    assert.equal(res.headers.location, '/auth/sign-in?returnTo=%2Fadmin%2Fusers');
    await agent.get(res.headers.location);
    const signedIn = await signIn(app, 'dev-administrator', agent);
    // the sign-in helper follows the flow; the callback sends the person back
    const again = await signedIn.get('/admin/users').expect(200);
    assert.match(again.text, /People/);
  });

  it('refuses an open redirect in returnTo', async () => {
    const agent = browser(app);
    await agent.get('/auth/sign-in?returnTo=//evil.example.com').expect(302);
    const person = newPerson(app);
    const signedIn = await signIn(app, person.subject, agent);
    const home = await signedIn.get('/').expect(200);
    assert.match(home.text, /Your work/);
  });

  it('refuses a callback whose state was tampered with, and does not sign in', async () => {
    const agent = browser(app);
    const start = await agent.get('/auth/sign-in').expect(302);
    const authorize = await agent.get(pathOf(start.headers.location)).expect(303);
    const interaction = pathOf(authorize.headers.location);
    const page = await agent.get(interaction).expect(200);
    const submitted = await agent
      .post(interaction)
      .type('form')
      .send({ subject: 'dev-chair', _csrf: csrfTokenFrom(page.text) })
      .expect(303);
    const resumed = await agent.get(pathOf(submitted.headers.location)).expect(303);
    const callback = new URL(resumed.headers.location!);
    callback.searchParams.set('state', 'tampered-state-value');
    const refused = await agent.get(callback.pathname + callback.search).expect(403);
    assert.match(parse(refused.text)('h1').text(), /could not be signed in/);
    const home = await agent.get('/').expect(200);
    assert.equal(parse(home.text)('.app-account__text').length, 0, 'still anonymous');
  });

  it('refuses an unknown person on the development sign-in page with an error', async () => {
    const agent = browser(app);
    const start = await agent.get('/auth/sign-in').expect(302);
    const authorize = await agent.get(pathOf(start.headers.location)).expect(303);
    const interaction = pathOf(authorize.headers.location);
    const page = await agent.get(interaction).expect(200);
    const refused = await agent
      .post(interaction)
      .type('form')
      .send({ subject: 'nobody', _csrf: csrfTokenFrom(page.text) })
      .expect(400);
    const $ = parse(refused.text);
    assert.equal($('.govuk-error-summary a').attr('href'), '#subject');
    assert.match($('title').text(), /^Error:/);
  });

  it('regenerates the session id at sign-in', async () => {
    const agent = browser(app);
    const before = await agent.get('/auth/sign-in').expect(302);
    const cookieBefore = sessionCookie(before.headers['set-cookie']);
    assert.ok(cookieBefore, 'a session exists before sign-in (it holds the OIDC state)');
    const person = newPerson(app);
    await signIn(app, person.subject, agent);
    const after = await agent.get('/');
    const jar = (
      agent as unknown as { jar: { getCookie: (n: string, o: object) => { value: string } | undefined } }
    ).jar;
    const current = jar.getCookie('panel.sid', {
      domain: '127.0.0.1',
      path: '/',
      secure: false,
      script: false,
    });
    assert.ok(current);
    assert.notEqual(current.value, cookieBefore);
    assert.equal(after.status, 200);
  });

  it('signs out: the session ends and the pages need sign-in again', async () => {
    const agent = await signIn(app, 'dev-administrator');
    const home = await agent.get('/').expect(200);
    const out = await agent
      .post('/auth/sign-out')
      .type('form')
      .send({ _csrf: csrfTokenFrom(home.text) })
      .expect(302);
    assert.equal(out.headers.location, '/signed-out');
    await agent.get('/signed-out').expect(200);
    const after = await agent.get('/admin/users').expect(302);
    assert.match(after.headers.location!, /^\/auth\/sign-in/);
  });
});

function pathOf(location: string | undefined): string {
  assert.ok(location);
  const url = new URL(location, 'http://x');
  return url.pathname + url.search;
}

function sessionCookie(setCookie: string[] | string | undefined): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const cookie = all.find((c) => c.startsWith('panel.sid='));
  return cookie?.split(';')[0]?.slice('panel.sid='.length);
}
