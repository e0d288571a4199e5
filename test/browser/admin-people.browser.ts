import assert from 'node:assert/strict';
import { uniqueSuffix } from '../helpers/database.js';
import { useBrowserHarness, type Journey } from './harness.js';
import { people, signIn } from './steps.js';

/** The rows of the page's first summary list, as { key: value }. */
async function summary(j: Journey): Promise<Record<string, string>> {
  const rows = j.page.locator('.govuk-summary-list__row');
  const result: Record<string, string> = {};
  for (const row of await rows.all()) {
    const key = await row.locator('.govuk-summary-list__key').innerText();
    result[key.trim()] = (await row.locator('.govuk-summary-list__value').innerText()).trim();
  }
  return result;
}

async function errorSummaryLinks(j: Journey): Promise<string[]> {
  return (await j.page.locator('.govuk-error-summary__list a').allInnerTexts()).map((t) => t.trim());
}

describe('browser: administration of people', () => {
  const { journey } = useBrowserHarness();

  it(
    'adds, finds, changes the roles of and deactivates a person',
    journey(async (j) => {
      const suffix = uniqueSuffix();
      const name = `Rhiannon Price ${suffix}`;
      const email = `rhiannon.price.${suffix}@example.gov.uk`;
      await signIn(j, people.administrator.name);

      await j.clickLink('People');
      assert.equal(await j.heading(), 'People');
      assert.equal(
        await j.page.getByRole('link', { name: 'People', exact: true }).getAttribute('aria-current'),
        'true',
      );

      await j.clickButton('Add a person');
      assert.equal(await j.heading(), 'Add a person');

      // An empty form: the page showing errors is checked too, and the summary takes focus.
      await j.clickButton('Add person');
      assert.equal(j.status, 400);
      assert.match(await j.page.title(), /^Error: Add a person/);
      assert.deepEqual(await errorSummaryLinks(j), [
        'Enter the person’s full name',
        'Enter the person’s email address',
      ]);
      assert.match((await j.focused()).className, /govuk-error-summary/, 'the error summary has focus');
      await j.page.getByRole('link', { name: 'Enter the person’s full name' }).click();
      assert.equal((await j.focused()).id, 'name', 'the summary link moves focus to its field');

      await j.page.getByLabel('Full name').fill(name);
      await j.page.getByLabel('Email address').fill(email);
      await j.page.getByRole('checkbox', { name: 'Hiring manager' }).check();
      await j.clickButton('Add person');
      assert.equal(await j.heading(), name);
      assert.match(await j.page.locator('.govuk-notification-banner').innerText(), /has been added/);
      assert.equal((await summary(j))['Roles granted here'], 'Hiring manager');
      assert.equal((await summary(j))['Status'], 'Invited (has not signed in yet)');

      // Find them from the list.
      await j.clickLink('People');
      await j.page.getByLabel('Search by name or email').fill(suffix);
      await j.clickButton('Search');
      assert.equal(await j.page.locator('caption').innerText(), '1 person');
      await j.clickLink(name);
      assert.equal(await j.heading(), name);

      // Change their roles.
      await j.page.getByRole('checkbox', { name: 'Hiring manager' }).uncheck();
      await j.page.getByRole('checkbox', { name: 'Administrator' }).check();
      await j.clickButton('Save roles');
      assert.match(await j.page.locator('.govuk-notification-banner').innerText(), /Roles updated/);
      assert.equal((await summary(j))['Roles granted here'], 'Administrator');

      const personPage = new URL(j.page.url()).pathname;
      // Deactivate: without a reason first (an error page), then with one.
      await j.clickButton(`Deactivate ${name}`);
      assert.equal(j.status, 400);
      assert.deepEqual(await errorSummaryLinks(j), ['Enter the reason']);
      assert.match((await j.focused()).className, /govuk-error-summary/);
      // More than the service accepts in one form: the "too large" error page.
      await j.page.getByLabel('Reason').fill('x'.repeat(210_000));
      await j.clickButton(`Deactivate ${name}`);
      assert.equal(j.status, 413);
      assert.equal(await j.heading(), 'What you sent is too large');
      await j.visit(personPage);
      await j.page.getByLabel('Reason').fill('Left the department');
      await j.clickButton(`Deactivate ${name}`);
      assert.match(await j.page.locator('.govuk-notification-banner').innerText(), /Deactivated/);
      assert.equal((await summary(j))['Status'], 'Deactivated');
      assert.equal(await j.heading(), name);
      assert.ok(await j.page.getByRole('button', { name: `Reactivate ${name}` }).isVisible());

      await j.clickLink('People');
      await j.page.getByLabel('Search by name or email').fill(email);
      await j.clickButton('Search');
      const row = j.page.getByRole('row').filter({ hasText: name });
      assert.match(await row.innerText(), /Deactivated/);
    }),
  );

  it(
    'signs a deactivated person out at once, tells them why they cannot sign in, and lets them back',
    journey(async (admin) => {
      const priya = await admin.open({});
      const { name, email } = people['independent panel member'];
      await signIn(priya, name);
      await signIn(admin, people.administrator.name);
      await admin.visit(`/admin/users?q=${encodeURIComponent(email)}`);
      await admin.clickLink(name);
      await admin.page.getByLabel('Reason').fill('On secondment until June');
      await admin.clickButton(`Deactivate ${name}`);
      try {
        await priya.visit('/');
        assert.equal(await priya.signedInAs(), undefined, 'their session ended');
        await priya.clickButton('Sign in');
        await priya.page.getByRole('radio', { name, exact: true }).check();
        await priya.clickButton('Sign in');
        assert.equal(priya.status, 403);
        assert.equal(await priya.heading(), 'You could not be signed in');
        assert.match(await priya.page.locator('main').innerText(), /Your account has been deactivated/);
      } finally {
        await admin.page.getByLabel('Reason').fill('Back from secondment');
        await admin.clickButton(`Reactivate ${name}`);
      }
      assert.match(await admin.page.locator('.govuk-notification-banner').innerText(), /Reactivated/);
      await signIn(priya, name);
    }),
  );

  it(
    'fits a 320 pixel wide window without scrolling sideways (WCAG 1.4.10 reflow)',
    journey(
      async (j) => {
        const fits = async () =>
          assert.equal(await j.horizontalOverflow(), 0, `${await j.page.title()} scrolls sideways`);
        await signIn(j, people.administrator.name);
        await fits();
        await j.visit('/admin/users');
        await fits();
        await j.visit('/admin/users/new');
        await j.clickButton('Add person');
        await fits();
        await j.page.getByLabel('Full name').fill('Gwenllian Ferch Gruffydd Ap Cynan');
        await j.page
          .getByLabel('Email address')
          .fill(`gwenllian.ferch.gruffydd.${uniqueSuffix()}@example.gov.uk`);
        await j.clickButton('Add person');
        await fits();
        await j.visit('/no-such-page');
        await fits();
      },
      { viewport: { width: 320, height: 640 } },
    ),
  );

  it(
    'shows "page not found" for an address that does not exist',
    journey(async (j) => {
      const response = await j.visit('/no-such-page');
      assert.equal(response?.status(), 404);
      assert.equal(await j.heading(), 'Page not found');
      await signIn(j, people.administrator.name);
      const signedIn = await j.visit(`/admin/users/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`);
      assert.equal(signedIn?.status(), 404);
      assert.equal(await j.heading(), 'Page not found');
    }),
  );

  it(
    'refuses the People pages to a hiring manager',
    journey(async (j) => {
      await signIn(j, people['hiring manager'].name);
      assert.equal(await j.page.getByRole('link', { name: 'People', exact: true }).count(), 0);
      const response = await j.visit('/admin/users');
      assert.equal(response?.status(), 403);
      assert.equal(await j.heading(), 'You do not have permission to see this page');
      assert.equal(await j.signedInAs(), people['hiring manager'].name);
    }),
  );
});
