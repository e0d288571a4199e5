import assert from 'node:assert/strict';
import { standardDevelopmentUsers } from '../../server/auth/dev-users.js';
import type { Response } from 'playwright-core';
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

/** The part of Node's EventEmitter that playwright's Page has at run time but does not declare. */
type Listeners = {
  listeners(event: string): Array<(...args: unknown[]) => void>;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
};

/**
 * Runs `action` while responses the scenario expects to fail (an autosave refused once the session
 * has ended, say) are not reported as problems by the journey. Every other response still reaches
 * the journey's own listeners, so anything unexpected fails the test as usual. Returns the expected
 * failures seen, as "status url", for the test to assert on.
 */
export async function expectingFailedResponses(
  j: Journey,
  expected: (url: string, status: number) => boolean,
  action: () => Promise<void>,
): Promise<string[]> {
  const page = j.page as unknown as Listeners;
  const original = page.listeners('response');
  const seen: string[] = [];
  const filter = (...args: unknown[]) => {
    const response = args[0] as Response;
    if (response.status() >= 400 && expected(response.url(), response.status())) {
      seen.push(`${response.status()} ${response.url()}`);
      return;
    }
    for (const listener of original) listener(...args);
  };
  for (const listener of original) page.off('response', listener);
  page.on('response', filter);
  try {
    await action();
  } finally {
    page.off('response', filter);
    for (const listener of original) page.on('response', listener);
  }
  return seen;
}

/** Escapes text for use inside a regular expression. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A scoresheet criterion's evidence box and score (the radio whose label starts "<score> – "). */
export function criterion(j: Journey, title: string) {
  return {
    evidence: j.page.getByLabel(`Evidence notes for ${title}`, { exact: true }),
    score: (value: number) =>
      j.page
        .getByRole('group', { name: new RegExp(`^Score for ${literal(title)} \\(pass mark \\d+\\)$`) })
        .getByRole('radio', { name: new RegExp(`^${value} – `) }),
  };
}

/** Fills a criterion on the scoresheet: evidence notes, then the score. */
export async function scoreCriterion(j: Journey, title: string, score: number, evidence: string) {
  const c = criterion(j, title);
  await c.evidence.fill(evidence);
  await c.score(score).check();
}

/** Waits (bounded) until the scoresheet's save status matches, and returns it. */
export async function saveStatus(j: Journey, matches: RegExp): Promise<string> {
  const status = j.page.locator('#save-status');
  await status.filter({ hasText: matches }).waitFor({ timeout: 15_000 });
  return (await status.innerText()).trim();
}
