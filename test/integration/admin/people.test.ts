import assert from 'node:assert/strict';
import { auditFor } from '../../../server/features/audit/repository.js';
import { findUserByEmail, findUserBySubject } from '../../../server/features/users/repository.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase, uniqueSuffix } from '../../helpers/database.js';
import { parse } from '../../helpers/html.js';
import { browser, newPerson, signIn, signInRefused, type Agent } from '../../helpers/sign-in.js';
import { postForm } from '../../helpers/forms.js';

describe('administration: people and roles', () => {
  let app: TestApp;
  let admin: Agent;
  before(async () => {
    app = await startTestApp();
    admin = await signIn(app, 'dev-administrator');
  });
  after(() => app.close());

  describe('adding a person', () => {
    it('refuses an empty form with the GOV.UK error summary and saves nothing', async () => {
      const res = await postForm(admin, '/admin/users/new', '/admin/users', { name: '', email: '' });
      assert.equal(res.status, 400);
      const $ = parse(res.text);
      assert.match($('title').text(), /^Error: Add a person/);
      const links = $('.govuk-error-summary__list a')
        .map((_i, a) => [[$(a).attr('href'), $(a).text().trim()]])
        .get();
      assert.deepEqual(links, [
        ['#name', 'Enter the person’s full name'],
        ['#email', 'Enter the person’s email address'],
      ]);
      assert.match($('#name-error').text(), /Error:\s*Enter the person’s full name/);
      assert.equal($('#name').attr('aria-describedby'), 'name-error');
    });

    it('re-shows what was typed, escaped, when the email is malformed', async () => {
      const hostile = `<script>alert("x")</script> O'Brien & Co`;
      const res = await postForm(admin, '/admin/users/new', '/admin/users', {
        name: hostile,
        email: 'not-an-email',
      });
      assert.equal(res.status, 400);
      const $ = parse(res.text);
      assert.equal($('#name').val(), hostile);
      assert.equal($('script:not([src]):not([nonce])').length, 0);
      assert.doesNotMatch(res.text, /<script>alert/);
      assert.match($('#email-error').text(), /correct format/);
      const { db } = await testDatabase();
      assert.equal(await findUserByEmail(db, 'not-an-email'), undefined);
    });

    it('refuses unknown fields and roles', async () => {
      const email = `extra-${uniqueSuffix()}@example.gov.uk`;
      const res = await postForm(admin, '/admin/users/new', '/admin/users', {
        name: 'Extra Field',
        email,
        roles: 'superuser',
      });
      assert.equal(res.status, 400);
      const { db } = await testDatabase();
      assert.equal(await findUserByEmail(db, email), undefined);
    });

    it('adds a person with roles, audits it, and refuses the same email twice', async () => {
      const email = `new-${uniqueSuffix()}@example.gov.uk`;
      const res = await postForm(admin, '/admin/users/new', '/admin/users', {
        name: 'Nia Jones',
        email,
        roles: ['hiring_manager'],
      });
      assert.equal(res.status, 303);
      const page = await admin.get(res.headers.location!).expect(200);
      assert.match(parse(page.text)('.govuk-notification-banner').text(), /Nia Jones has been added/);
      const { db } = await testDatabase();
      const user = await findUserByEmail(db, email);
      assert.deepEqual(user?.roles, ['hiring_manager']);
      assert.equal(user?.subject, null);
      const audit = await auditFor(db, 'user', user.id);
      assert.deepEqual(
        audit.map((a) => a.action),
        ['user.added'],
      );
      assert.equal(audit[0]!.actor_name, 'Ada Lovelace');

      const again = await postForm(admin, '/admin/users/new', '/admin/users', {
        name: 'Other',
        email: email.toUpperCase(),
      });
      assert.equal(again.status, 400);
      assert.match(parse(again.text)('#email-error').text(), /already exists/);
    });
  });

  describe('invitations matched at first sign-in', () => {
    it('binds an invited person to their subject when the provider verifies the email', async () => {
      const email = `invitee-${uniqueSuffix()}@example.gov.uk`;
      await postForm(admin, '/admin/users/new', '/admin/users', {
        name: 'Invited Person',
        email,
        roles: ['hiring_manager'],
      });
      const person = newPerson(app, { email, name: 'Invited Person' });
      await signIn(app, person.subject);
      const { db } = await testDatabase();
      const bound = await findUserByEmail(db, email);
      assert.equal(bound?.subject, person.subject);
      assert.deepEqual(bound?.roles, ['hiring_manager']);

      // A later email change at the provider keeps the same person.
      person.email = `changed-${uniqueSuffix()}@example.gov.uk`;
      await signIn(app, person.subject);
      const same = await findUserBySubject(db, person.subject);
      assert.equal(same?.id, bound?.id);
      assert.equal(same?.email, person.email);
    });

    it('refuses to match an invitation when the provider says the email is not verified', async () => {
      const email = `unverified-${uniqueSuffix()}@example.gov.uk`;
      await postForm(admin, '/admin/users/new', '/admin/users', { name: 'Unverified', email });
      const person = newPerson(app, { email, emailVerified: false });
      const agent = browser(app);
      const res = await signInRefused(agent, person.subject);
      assert.match(res, /not verified your email address/);
      const { db } = await testDatabase();
      assert.equal((await findUserByEmail(db, email))?.subject, null);
    });
  });

  describe('roles', () => {
    it('take effect at the next request, for a session already open', async () => {
      const person = newPerson(app);
      const agent = await signIn(app, person.subject);
      await agent.get('/admin/users').expect(403);
      const { db } = await testDatabase();
      const user = await findUserBySubject(db, person.subject);
      const granted = await postForm(admin, `/admin/users/${user!.id}`, `/admin/users/${user!.id}/roles`, {
        roles: 'administrator',
      });
      assert.equal(granted.status, 303);
      await agent.get('/admin/users').expect(200);
      const removed = await postForm(admin, `/admin/users/${user!.id}`, `/admin/users/${user!.id}/roles`, {});
      assert.equal(removed.status, 303);
      await agent.get('/admin/users').expect(403);
      const audit = await auditFor(db, 'user', user!.id);
      assert.deepEqual(
        audit.filter((a) => a.action === 'user.roles-changed').map((a) => a.after),
        [{ roles: ['administrator'] }, { roles: [] }],
      );
    });

    it('follow the identity provider claim at each sign-in', async () => {
      const person = newPerson(app, { roles: ['hiring-manager'] });
      await signIn(app, person.subject);
      const { db } = await testDatabase();
      assert.deepEqual((await findUserBySubject(db, person.subject))?.claim_roles, ['hiring_manager']);
      person.roles = ['staff'];
      await signIn(app, person.subject);
      assert.deepEqual((await findUserBySubject(db, person.subject))?.claim_roles, []);
    });

    it('bootstrap the first administrator from ADMIN_EMAILS', async () => {
      const email = `first-admin-${uniqueSuffix()}@example.gov.uk`;
      const bootstrapped = await startTestApp({ env: { ADMIN_EMAILS: email } });
      try {
        const person = newPerson(bootstrapped, { email });
        const agent = await signIn(bootstrapped, person.subject);
        await agent.get('/admin/users').expect(200);
      } finally {
        await bootstrapped.close();
      }
    });

    it('do not let an administrator remove their own administrator role', async () => {
      const person = newPerson(app);
      const agent = await signIn(app, person.subject);
      const { db } = await testDatabase();
      const user = await findUserBySubject(db, person.subject);
      await postForm(admin, `/admin/users/${user!.id}`, `/admin/users/${user!.id}/roles`, {
        roles: 'administrator',
      });
      const res = await postForm(agent, `/admin/users/${user!.id}`, `/admin/users/${user!.id}/roles`, {
        roles: 'hiring_manager',
      });
      assert.equal(res.status, 403);
      assert.deepEqual((await findUserBySubject(db, person.subject))?.roles, ['administrator']);
    });
  });

  describe('deactivating', () => {
    it('needs a reason', async () => {
      const person = newPerson(app);
      await signIn(app, person.subject);
      const { db } = await testDatabase();
      const user = await findUserBySubject(db, person.subject);
      const res = await postForm(admin, `/admin/users/${user!.id}`, `/admin/users/${user!.id}/deactivate`, {
        reason: '  ',
      });
      assert.equal(res.status, 400);
      assert.equal(parse(res.text)('.govuk-error-summary a').attr('href'), '#reason');
      assert.equal((await findUserBySubject(db, person.subject))?.active, true);
    });

    it('ends open sessions at once and refuses sign-in; reactivating lets them back', async () => {
      const person = newPerson(app);
      const agent = await signIn(app, person.subject);
      await agent.get('/').expect(200);
      const { db } = await testDatabase();
      const user = await findUserBySubject(db, person.subject);
      const res = await postForm(admin, `/admin/users/${user!.id}`, `/admin/users/${user!.id}/deactivate`, {
        reason: 'Left the department',
      });
      assert.equal(res.status, 303);

      const home = await agent.get('/').expect(200);
      assert.equal(parse(home.text)('.app-account__text').length, 0, 'the open session is anonymous now');
      assert.match(await signInRefused(browser(app), person.subject), /deactivated/);

      const audit = await auditFor(db, 'user', user!.id);
      assert.equal(audit.at(-1)?.action, 'user.deactivated');
      assert.equal(audit.at(-1)?.reason, 'Left the department');

      await postForm(admin, `/admin/users/${user!.id}`, `/admin/users/${user!.id}/reactivate`, {
        reason: 'Returned',
      });
      await signIn(app, person.subject);
    });

    it('cannot be done to yourself', async () => {
      const { db } = await testDatabase();
      const self = await findUserBySubject(db, 'dev-administrator');
      const res = await postForm(admin, `/admin/users/${self!.id}`, `/admin/users/${self!.id}/deactivate`, {
        reason: 'oops',
      });
      assert.equal(res.status, 403);
    });
  });

  it('finds people by name or email, treating % and _ literally', async () => {
    const res = await admin.get('/admin/users?q=lovelace').expect(200);
    const $ = parse(res.text);
    assert.deepEqual(
      $('tbody tr td:first-child a, tbody tr th:first-child a')
        .map((_i, a) => $(a).text().trim())
        .get(),
      ['Ada Lovelace'],
    );
    const none = await admin.get('/admin/users?q=%25%25').expect(200);
    assert.equal(parse(none.text)('tbody tr').length, 0);
  });

  it('answers 404 for an unknown person', async () => {
    await admin.get('/admin/users/00000000-0000-0000-0000-000000000000').expect(404);
    await admin.get('/admin/users/not-a-uuid').expect(404);
  });
});
