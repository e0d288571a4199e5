import assert from 'node:assert/strict';
import { testDatabase, uniqueSuffix } from '../../helpers/database.js';
import { parse } from '../../helpers/html.js';
import type { Agent } from '../../helpers/sign-in.js';
export { postForm } from '../../helpers/forms.js';
import { postForm } from '../../helpers/forms.js';

export async function createCampaign(agent: Agent, fields: Record<string, string> = {}): Promise<string> {
  const res = await postForm(agent, '/campaigns/new', '/campaigns', {
    title: `Candidates ${uniqueSuffix()}`,
    vacancyReference: 'CAND-1',
    grade: 'SEO',
    roleLevel: 'software-developer/developer',
    behaviourFramework: 'success-profiles',
    scale: 'civil-service-1-7',
    anonymised: 'no',
    ...fields,
  });
  assert.equal(res.status, 303, res.text.slice(0, 500));
  return res.headers.location!.split('/').pop()!;
}

/** Adds a candidate through the form and returns its id. */
export async function addCandidate(
  agent: Agent,
  campaignId: string,
  fields: { name: string; email: string; reference?: string },
): Promise<string> {
  const base = `/campaigns/${campaignId}/candidates`;
  const res = await postForm(agent, `${base}/new`, `${base}/new`, { reference: '', ...fields });
  assert.equal(res.status, 303, res.text.slice(0, 800));
  const id = new URL(res.headers.location!, 'http://x').searchParams.get('added');
  assert.ok(id);
  return id;
}

export async function candidatesIn(campaignId: string) {
  const { db } = await testDatabase();
  return db
    .selectFrom('candidates')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('created_at')
    .orderBy('reference')
    .execute();
}

export async function auditIn(campaignId: string, action?: string) {
  const { db } = await testDatabase();
  let query = db.selectFrom('audit_log').selectAll().where('campaign_id', '=', campaignId);
  if (action) query = query.where('action', '=', action);
  return query.orderBy('id').execute();
}

export function summaryOf(html: string): Array<[string | undefined, string]> {
  const $ = parse(html);
  return $('.govuk-error-summary__list a')
    .map((_i, a) => [[$(a).attr('href'), $(a).text().trim()]])
    .get() as Array<[string | undefined, string]>;
}
