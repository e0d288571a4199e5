import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.js';
import { findUserBySubject } from '../../../server/features/users/repository.js';
import { uniqueSuffix } from '../../helpers/database.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import type { Agent } from '../../helpers/sign-in.js';
export { postForm } from '../../helpers/forms.js';
import { postForm } from '../../helpers/forms.js';

/** Fetches a page for its CSRF token, then posts the form as a browser would. */

/** Posts with a valid CSRF token taken from the home page (for people who cannot open the form). */
export async function postWithToken(agent: Agent, action: string, fields: Record<string, string> = {}) {
  const page = await agent.get('/').expect(200);
  return agent
    .post(action)
    .type('form')
    .send({ ...fields, _csrf: csrfTokenFrom(page.text) });
}

export async function userIdOf(db: Kysely<Database>, subject: string): Promise<string> {
  const user = await findUserBySubject(db, subject);
  assert.ok(user, `${subject} has signed in`);
  return user.id;
}

/** A campaign owned by this (signed-in) person, made directly so these tests need no other pages. */
export async function makeCampaign(
  db: Kysely<Database>,
  ownerId: string,
  fields: { title?: string; anonymised?: boolean } = {},
): Promise<{ id: string; title: string }> {
  const title = fields.title ?? `Panel test campaign ${uniqueSuffix()}`;
  const campaign = await db
    .insertInto('campaigns')
    .values({
      title,
      vacancy_reference: `PT-${uniqueSuffix()}`,
      grade: 'SEO',
      ddat_edition: '2025-08',
      role_slug: 'software-developer',
      role_level_slug: 'developer',
      behaviour_framework: 'success-profiles',
      scale: 'civil-service-1-7',
      anonymised: fields.anonymised ?? false,
      overall_pass_mark: null,
      lead_criterion_id: null,
      closed_at: null,
      created_by: ownerId,
    })
    .returning(['id', 'title'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('campaign_owners')
    .values({ campaign_id: campaign.id, user_id: ownerId, added_by: ownerId })
    .execute();
  return campaign;
}

export async function makeCandidate(
  db: Kysely<Database>,
  campaignId: string,
  fields: { name?: string; email?: string; reference?: string; withdrawn?: boolean } = {},
): Promise<{ id: string; name: string; email: string; reference: string }> {
  const suffix = uniqueSuffix();
  const candidate = {
    name: fields.name ?? `Candidate ${suffix}`,
    email: fields.email ?? `candidate-${suffix}@example.com`,
    reference: fields.reference ?? `R-${suffix}`,
  };
  const row = await db
    .insertInto('candidates')
    .values({
      campaign_id: campaignId,
      ...candidate,
      withdrawn_at: fields.withdrawn ? new Date() : null,
      erased_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, ...candidate };
}

/** Creates a panel through the owner's form; returns its id. */
export async function createPanel(agent: Agent, campaignId: string, name: string): Promise<string> {
  const base = `/campaigns/${campaignId}/panels`;
  const res = await postForm(agent, base, base, { name });
  assert.equal(res.status, 303, res.text.slice(0, 500));
  return res.headers.location!.split('/').pop()!;
}

export async function addMember(
  agent: Agent,
  campaignId: string,
  panelId: string,
  email: string,
  role: 'chair' | 'member' | 'independent',
) {
  const url = `/campaigns/${campaignId}/panels/${panelId}`;
  return postForm(agent, url, `${url}/members`, { email, role });
}

/** Schedules through the owner's form, in UK time. */
export async function schedule(
  agent: Agent,
  campaignId: string,
  fields: { candidateId: string; panelId: string; day: string; month: string; year: string; time: string },
) {
  const base = `/campaigns/${campaignId}/panels`;
  return postForm(agent, `${base}/interviews/new`, `${base}/interviews`, {
    candidateId: fields.candidateId,
    panelId: fields.panelId,
    'interviewDate-day': fields.day,
    'interviewDate-month': fields.month,
    'interviewDate-year': fields.year,
    interviewTime: fields.time,
  });
}

export function errorHrefs(html: string): string[] {
  const $ = parse(html);
  return $('.govuk-error-summary__list a')
    .map((_i, a) => $(a).attr('href') ?? '')
    .get();
}

export function auditActions(db: Kysely<Database>, campaignId: string) {
  return db
    .selectFrom('audit_log')
    .select(['action', 'entity_type', 'entity_id', 'before', 'after', 'actor_id'])
    .where('campaign_id', '=', campaignId)
    .orderBy('id')
    .execute();
}
