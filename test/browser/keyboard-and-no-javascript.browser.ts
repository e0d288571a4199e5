import assert from 'node:assert/strict';
import { uniqueSuffix } from '../helpers/database.js';
import { useBrowserHarness, type Journey } from './harness.js';
import { people, signIn } from './steps.js';

/** Presses Tab and checks where focus lands. */
async function tabTo(j: Journey, expected: { id?: string; text?: string }): Promise<void> {
  await j.page.keyboard.press('Tab');
  const focused = await j.focused();
  if (expected.id !== undefined) assert.equal(focused.id, expected.id, `Tab should reach #${expected.id}`);
  if (expected.text !== undefined)
    assert.equal(focused.text, expected.text, `Tab should reach "${expected.text}"`);
}

describe('browser: keyboard only, and JavaScript off', () => {
  const { journey } = useBrowserHarness();

  it(
    'adds a person on the "Add a person" page with only the keyboard',
    journey(async (j) => {
      const suffix = uniqueSuffix();
      const name = `Dafydd Morgan ${suffix}`;
      await signIn(j, people.administrator.name);
      await j.visit('/admin/users/new');

      // The skip link is the first tab stop, shows when focused, and moves focus to the main content.
      await tabTo(j, { text: 'Skip to main content' });
      assert.match((await j.focused()).className, /govuk-skip-link/);
      assert.ok(await j.page.locator('.govuk-skip-link').isVisible(), 'the focused skip link is visible');
      await j.page.keyboard.press('Enter');
      assert.deepEqual(
        { tag: (await j.focused()).tag, id: (await j.focused()).id },
        { tag: 'main', id: 'main-content' },
      );

      // Submitting it empty shows the errors, with focus on the summary.
      await tabTo(j, { id: 'name' });
      await tabTo(j, { id: 'email' });
      await tabTo(j, { id: 'roles' });
      await tabTo(j, { id: 'roles-2' });
      await tabTo(j, { text: 'Add person' });
      await j.press('Enter');
      assert.equal(j.status, 400);
      assert.match((await j.focused()).className, /govuk-error-summary/);

      // The first error link takes focus to its field; fill the form and submit it, all by keyboard.
      await tabTo(j, { text: 'Enter the person’s full name' });
      await j.page.keyboard.press('Enter');
      assert.equal((await j.focused()).id, 'name');
      await j.page.keyboard.type(name);
      await tabTo(j, { id: 'email' });
      await j.page.keyboard.type(`dafydd.morgan.${suffix}@example.gov.uk`);
      await tabTo(j, { id: 'roles' });
      await j.page.keyboard.press('Space');
      await tabTo(j, { id: 'roles-2' });
      await tabTo(j, { text: 'Add person' });
      await j.press('Enter');

      assert.equal(j.status, 200);
      assert.equal(await j.heading(), name);
      assert.match(await j.page.locator('.govuk-notification-banner').innerText(), /has been added/);
      assert.match(await j.page.locator('.govuk-summary-list').innerText(), /Hiring manager/);
    }),
  );

  it(
    'signs in and adds a person with JavaScript turned off',
    journey(
      async (j) => {
        const suffix = uniqueSuffix();
        const name = `Non Script ${suffix}`;
        await signIn(j, people.administrator.name);
        assert.equal(await j.page.locator('body.js-enabled').count(), 0, 'JavaScript is off');
        await j.clickLink('People');
        await j.clickButton('Add a person');

        await j.clickButton('Add person');
        assert.equal(j.status, 400);
        assert.equal(await j.page.locator('.govuk-error-summary__list a').count(), 2);

        await j.page.getByLabel('Full name').fill(name);
        await j.page.getByLabel('Email address').fill(`non.script.${suffix}@example.gov.uk`);
        await j.page.getByRole('checkbox', { name: 'Administrator' }).check();
        await j.clickButton('Add person');
        assert.equal(j.status, 200);
        assert.equal(await j.heading(), name);
        assert.match(await j.page.locator('.govuk-summary-list').innerText(), /Administrator/);
      },
      { javaScriptEnabled: false },
    ),
  );
});
