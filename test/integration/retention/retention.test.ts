import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { runRetention } from '../../../server/features/retention/service.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase, uniqueSuffix } from '../../helpers/database.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';
import { postForm } from '../../helpers/forms.js';

const campaignFields = {
  title: 'Retention test',
  vacancyReference: 'RET-1',
  grade: 'G7',
  roleLevel: 'software-developer/senior-developer',
  behaviourFramework: 'success-profiles',
  scale: 'civil-service-1-7',
  anonymised: 'no',
};

async function campaignWithCandidates(
  agent: Agent,
  count: number,
): Promise<{ id: string; candidateIds: string[] }> {
  const res = await postForm(agent, '/campaigns/new', '/campaigns', campaignFields);
  assert.equal(res.status, 303);
  const id = res.headers.location!.split('/').pop()!;
  const { db } = await testDatabase();
  const rows = await db
    .insertInto('candidates')
    .values(
      Array.from({ length: count }, (_v, i) => ({
        campaign_id: id,
        reference: `C${String(i + 1).padStart(3, '0')}`,
        name: `Candidate ${uniqueSuffix()}`,
        email: `c${i}-${uniqueSuffix()}@example.com`,
      })),
    )
    .returning('id')
    .execute();
  return { id, candidateIds: rows.map((r) => r.id) };
}

async function closeAt(id: string, closedAt: Date) {
  const { db } = await testDatabase();
  await db.updateTable('campaigns').set({ closed_at: closedAt }).where('id', '=', id).execute();
}

describe('data retention', () => {
  let app: TestApp;
  let owner: Agent;
  before(async () => {
    app = await startTestApp();
    owner = await signIn(app, 'dev-hiring-manager');
  });
  after(() => app.close());

  it('closing a campaign needs confirmation; reopening needs a reason; both are audited', async () => {
    const { id } = await campaignWithCandidates(owner, 1);
    const refused = await postForm(owner, `/campaigns/${id}`, `/campaigns/${id}/close`, {});
    assert.equal(refused.status, 400);
    assert.equal(parse(refused.text)('.govuk-error-summary a').attr('href'), '#confirm');
    assert.equal(
      (await postForm(owner, `/campaigns/${id}`, `/campaigns/${id}/close`, { confirm: 'yes' })).status,
      303,
    );
    const noReason = await postForm(owner, `/campaigns/${id}`, `/campaigns/${id}/reopen`, { reason: '' });
    assert.equal(noReason.status, 400);
    assert.equal(
      (await postForm(owner, `/campaigns/${id}`, `/campaigns/${id}/reopen`, { reason: 'Appeal upheld' }))
        .status,
      303,
    );
    const { db } = await testDatabase();
    const actions = await db
      .selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('campaign_id', '=', id)
      .where('action', 'like', 'campaign.%')
      .orderBy('id')
      .execute();
    assert.deepEqual(actions, [
      { action: 'campaign.created', reason: null },
      { action: 'campaign.closed', reason: null },
      { action: 'campaign.reopened', reason: 'Appeal upheld' },
    ]);
  });

  it('erases exactly the personal data of campaigns closed longer ago than the period, and is idempotent', async () => {
    const now = new Date('2030-06-15T12:00:00Z');
    const old = await campaignWithCandidates(owner, 3);
    const recent = await campaignWithCandidates(owner, 2);
    const open = await campaignWithCandidates(owner, 2);
    await closeAt(old.id, new Date('2029-06-14T12:00:00Z'));
    await closeAt(recent.id, new Date('2029-06-16T12:00:00Z'));
    const { db } = await testDatabase();
    const before = await db
      .selectFrom('candidates')
      .selectAll()
      .where('campaign_id', 'in', [recent.id, open.id])
      .orderBy('id')
      .execute();
    const auditBefore = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', old.id)
      .executeTakeFirstOrThrow();

    const first = await runRetention(db, { now, retentionMonths: 12 });
    assert.equal(first.skipped, false);
    assert.ok(first.candidates >= 3);

    const erased = await db.selectFrom('candidates').selectAll().where('campaign_id', '=', old.id).execute();
    assert.equal(erased.length, 3, 'candidate rows kept for statistics and appeals');
    for (const c of erased) {
      assert.equal(c.name, null);
      assert.equal(c.email, null);
      assert.ok(c.erased_at);
      assert.match(c.reference, /^C\d{3}$/);
    }
    assert.deepEqual(
      await db
        .selectFrom('candidates')
        .selectAll()
        .where('campaign_id', 'in', [recent.id, open.id])
        .orderBy('id')
        .execute(),
      before,
    );
    const auditAfter = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', old.id)
      .executeTakeFirstOrThrow();
    assert.equal(auditAfter.n, auditBefore.n + 1, 'earlier audit entries kept, one added');

    const csv = await owner.get(`/campaigns/${old.id}/comparison.csv`).expect(200);
    assert.doesNotMatch(csv.text, /Candidate [a-z0-9]+/, 'the CSV no longer holds names');
    assert.match(csv.text, /C001/);
    const page = await owner.get(`/campaigns/${old.id}/comparison`).expect(200);
    assert.doesNotMatch(page.text, /Candidate [a-z0-9]{6,}/);

    const second = await runRetention(db, { now, retentionMonths: 12 });
    assert.deepEqual(second, { skipped: false, campaigns: 0, candidates: 0 });
    assert.deepEqual(
      await db.selectFrom('candidates').selectAll().where('campaign_id', '=', old.id).execute(),
      erased,
    );
  });

  it('runs once when several instances start it together', async () => {
    const { db } = await testDatabase();
    const runs = await Promise.all(
      [1, 2, 3].map(() => runRetention(db, { now: new Date('2031-01-01T00:00:00Z'), retentionMonths: 12 })),
    );
    const erasedTwice = await db
      .selectFrom('audit_log')
      .select(['entity_id', sql<number>`count(*)`.as('n')])
      .where('action', '=', 'retention.personal-data-erased')
      .groupBy('entity_id')
      .having(sql`count(*)`, '>', 1)
      .execute();
    assert.deepEqual(erasedTwice, []);
    assert.ok(runs.every((r) => r.skipped || r.campaigns >= 0));
  });

  it('lets an owner erase one candidate on request, with a reason, and refuses others', async () => {
    const { id, candidateIds } = await campaignWithCandidates(owner, 2);
    const [target, other] = candidateIds as [string, string];
    const url = `/campaigns/${id}/candidates/${target}/erase`;
    const noReason = await postForm(owner, url, url, { reason: ' ' });
    assert.equal(noReason.status, 400);
    const done = await postForm(owner, url, url, { reason: 'Candidate asked for erasure' });
    assert.equal(done.status, 303);
    const { db } = await testDatabase();
    const rows = await db
      .selectFrom('candidates')
      .select(['id', 'name', 'email'])
      .where('campaign_id', '=', id)
      .execute();
    assert.equal(rows.find((r) => r.id === target)?.name, null);
    assert.notEqual(rows.find((r) => r.id === other)?.name, null);
    const entry = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', target)
      .where('action', '=', 'candidate.personal-data-erased')
      .executeTakeFirstOrThrow();
    assert.equal(entry.reason, 'Candidate asked for erasure');

    const stranger = await signIn(app, 'dev-hiring-manager-2');
    await stranger.get(url).expect(403);
    const page = await stranger.get('/').expect(200);
    await stranger
      .post(url)
      .type('form')
      .send({ reason: 'x', _csrf: csrfTokenFrom(page.text) })
      .expect(403);
    await owner.get(`/campaigns/${id}/candidates/00000000-0000-0000-0000-000000000000/erase`).expect(404);
  });
});
