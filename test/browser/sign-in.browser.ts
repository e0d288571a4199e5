import assert from 'node:assert/strict';
import { useBrowserHarness } from './harness.js';
import { people, signIn, signOut } from './steps.js';

describe('browser: start, sign in and sign out', () => {
  const { journey } = useBrowserHarness();

  it(
    'shows the start page to someone not signed in',
    journey(async (j) => {
      await j.visit('/');
      assert.equal(await j.heading(), 'Score an interview panel');
      assert.equal(await j.signedInAs(), undefined);
    }),
  );

  for (const [role, person] of Object.entries(people)) {
    it(
      `signs in as the development ${role} and shows their name in the header`,
      journey(async (j) => {
        await signIn(j, person.name);
        assert.equal(await j.heading(), 'Your work');
      }),
    );
  }

  it(
    'asks who to sign in as when nobody is chosen, then signs in and out',
    journey(async (j) => {
      await j.visit('/');
      await j.clickButton('Sign in');
      await j.clickButton('Sign in');
      assert.equal(j.status, 400);
      assert.match(await j.page.title(), /^Error: /);
      assert.equal(
        await j.page.locator('.govuk-error-summary a').innerText(),
        'Select who you want to sign in as',
      );
      assert.match((await j.focused()).className, /govuk-error-summary/);
      await j.page.getByRole('radio', { name: people['panel chair'].name, exact: true }).check();
      await j.clickButton('Sign in');
      assert.equal(await j.signedInAs(), people['panel chair'].name);

      await signOut(j);
      await j.visit('/admin/users');
      assert.equal(await j.heading(), 'Who do you want to sign in as?', 'signed out: asked to sign in again');
    }),
  );
});
