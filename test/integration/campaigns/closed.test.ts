import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { publishedCampaignWithPanel, submitScores } from '../../helpers/factories.js';
import { postForm } from '../../helpers/forms.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { refusalJson } from '../../helpers/json.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';

describe('a closed campaign keeps its record as it was', () => {
  let app: TestApp;
  let owner: Agent;
  let setup: Awaited<ReturnType<typeof publishedCampaignWithPanel>>;
  let base: string;

  before(async () => {
    app = await startTestApp();
    setup = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-chair', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
      ],
      candidates: 2,
    });
    const scores = Object.fromEntries(setup.criteria.map((c) => [c.id, 5]));
    await submitScores('dev-chair', setup.candidates[0]!.id, scores);
    await submitScores('dev-member-1', setup.candidates[0]!.id, scores);
    owner = await signIn(app, 'dev-hiring-manager');
    base = `/campaigns/${setup.campaign.id}`;
    const closed = await postForm(owner, base, `${base}/close`, { confirm: 'yes' });
    assert.equal(closed.status, 303);
  });
  after(() => app.close());

  it('refuses the owner’s changes to the scoresheet, candidates, panels and merit list, saying why', async () => {
    const page = await owner.get(base).expect(200);
    const csrf = csrfTokenFrom(page.text);
    for (const path of [
      '/scoresheet',
      '/scoresheet/publish',
      '/scoresheet/criteria',
      '/candidates/new',
      '/candidates/import',
      '/panels',
      '/merit/tie-break',
    ]) {
      const res = await owner.post(`${base}${path}`).type('form').send({ _csrf: csrf });
      assert.equal(res.status, 409, path);
      assert.match(parse(res.text)('main').text(), /This campaign is closed\. Reopen it to make changes\./);
    }
  });

  it('still refuses other people with a 403, never revealing that the campaign is closed', async () => {
    const other = await signIn(app, 'dev-hiring-manager-2');
    const page = await other.get('/').expect(200);
    const res = await other
      .post(`${base}/scoresheet`)
      .type('form')
      .send({ _csrf: csrfTokenFrom(page.text) });
    assert.equal(res.status, 403);
    assert.doesNotMatch(res.text, /closed/);
  });

  it('refuses scoring and moderation changes', async () => {
    const member = await signIn(app, 'dev-member-1');
    const candidate = setup.candidates[1]!.id;
    const page = await member.get(`/interviews/${candidate}/scoresheet`).expect(200);
    const autosave = await member
      .post(`/interviews/${candidate}/scoresheet/autosave`)
      .set('x-csrf-token', csrfTokenFrom(page.text))
      .set('accept', 'application/json')
      .send({ baseRevision: 0, requestId: randomUUID(), entries: {} });
    assert.equal(autosave.status, 409);
    assert.match(refusalJson(autosave).error, /closed/);
    const chair = await signIn(app, 'dev-chair');
    const moderation = await chair.get(`/moderation/${setup.candidates[0]!.id}`).expect(200);
    const res = await chair
      .post(`/moderation/${setup.candidates[0]!.id}`)
      .type('form')
      .send({ _csrf: csrfTokenFrom(moderation.text), action: 'save' });
    assert.equal(res.status, 409);
  });

  it('can still be reopened, after which changes are accepted again', async () => {
    const reopened = await postForm(owner, base, `${base}/reopen`, { reason: 'Late candidate to add' });
    assert.equal(reopened.status, 303);
    const res = await postForm(owner, `${base}/candidates/new`, `${base}/candidates/new`, {
      name: 'Late Candidate',
      email: `late-${randomUUID()}@example.com`,
      reference: '',
    });
    assert.equal(res.status, 303);
    const { db } = await testDatabase();
    assert.equal(
      (
        await db
          .selectFrom('campaigns')
          .select('closed_at')
          .where('id', '=', setup.campaign.id)
          .executeTakeFirstOrThrow()
      ).closed_at,
      null,
    );
  });
});
