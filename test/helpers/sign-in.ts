import assert from 'node:assert/strict';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import type { DevelopmentUser } from '../../server/auth/dev-users.js';
import type { TestApp } from './app.js';
import { uniqueSuffix } from './database.js';
import { csrfTokenFrom, parse } from './html.js';

export type Agent = TestAgent;

/** A new browser-like client with its own cookie jar. */
export function browser(app: TestApp): Agent {
  return request.agent(app.baseUrl);
}

/**
 * Signs in through the real OIDC flow against the in-process development provider:
 * app → provider → sign-in page → provider → app callback (which calls the token endpoint).
 */
export async function signIn(app: TestApp, subject: string, agent = browser(app)): Promise<Agent> {
  const callback = await throughProvider(agent, subject);
  assert.equal(
    callback.status,
    302,
    `sign-in as ${subject} failed: ${callback.status} ${callback.text.slice(0, 400)}`,
  );
  return agent;
}

/** The same flow for someone the app must refuse: returns the refusal page's main text. */
export async function signInRefused(agent: Agent, subject: string): Promise<string> {
  const callback = await throughProvider(agent, subject);
  assert.equal(callback.status, 403, `expected ${subject} to be refused, got ${callback.status}`);
  return parse(callback.text)('main').text();
}

async function throughProvider(agent: Agent, subject: string) {
  const start = await agent.get('/auth/sign-in').expect(302);
  const authorize = await agent.get(pathOf(start.headers.location)).expect(303);
  const interactionUrl = pathOf(authorize.headers.location);
  const page = await agent.get(interactionUrl).expect(200);
  const submitted = await agent
    .post(interactionUrl)
    .type('form')
    .send({ subject, _csrf: csrfTokenFrom(page.text) })
    .expect(303);
  const resumed = await agent.get(pathOf(submitted.headers.location)).expect(303);
  return agent.get(pathOf(resumed.headers.location));
}

/** A fresh person known to the development provider, for tests that must not share people. */
export function newPerson(app: TestApp, fields: Partial<DevelopmentUser> = {}): DevelopmentUser {
  const suffix = uniqueSuffix();
  return app.users.add({
    subject: `test-${suffix}`,
    email: `person-${suffix}@example.gov.uk`,
    name: `Test Person ${suffix}`,
    roles: [],
    description: 'test',
    ...fields,
  });
}

function pathOf(location: string | undefined): string {
  assert.ok(location, 'expected a redirect');
  const url = new URL(location, 'http://placeholder');
  return url.pathname + url.search;
}
