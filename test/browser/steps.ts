import assert from 'node:assert/strict';
import { standardDevelopmentUsers } from '../../server/auth/dev-users.js';
import type { Journey } from './harness.js';

/** The development people, by the role they are there to try. */
export const people = {
  administrator: person('dev-administrator'),
  'hiring manager': person('dev-hiring-manager'),
  'panel chair': person('dev-chair'),
  'panel member': person('dev-member-1'),
  /** Deactivated and reactivated by a journey: use no one else for that. */
  'independent panel member': person('dev-member-2'),
};

function person(subject: string) {
  const found = standardDevelopmentUsers.find((u) => u.subject === subject);
  assert.ok(found, `no development user ${subject}`);
  return found;
}

/**
 * Signs in the way a person does: the start page's "Sign in", the development sign-in page's radio
 * for the person, then "Sign in". Ends on the page the service sends them to, with their name in
 * the header.
 */
export async function signIn(j: Journey, name: string): Promise<void> {
  await j.visit('/');
  await j.click(j.page.getByRole('button', { name: 'Sign in', exact: true }));
  assert.equal(await j.heading(), 'Who do you want to sign in as?');
  await j.page.getByRole('radio', { name, exact: true }).check();
  await j.clickButton('Sign in');
  assert.equal(await j.signedInAs(), name);
}

export async function signOut(j: Journey): Promise<void> {
  await j.click(j.page.locator('header').getByRole('button', { name: 'Sign out', exact: true }));
  assert.equal(await j.heading(), 'You have signed out');
  assert.equal(await j.signedInAs(), undefined);
}
