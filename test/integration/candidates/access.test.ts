import assert from 'node:assert/strict';
import { findUserBySubject } from '../../../server/features/users/repository.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase, uniqueSuffix } from '../../helpers/database.js';
import { csrfTokenFrom } from '../../helpers/html.js';
import { browser, signIn, type Agent } from '../../helpers/sign-in.js';
import { addCandidate, candidatesIn, createCampaign } from './helpers.js';

describe('candidates: who may use the pages', () => {
  let app: TestApp;
  let owner: Agent;
  let id: string;
  let candidateId: string;
  const paths = () => ({
    get: ['', '/new', '/import', `/${candidateId}/edit`],
    post: [
      '/new',
      '/import',
      `/${candidateId}/edit`,
      `/${candidateId}/withdraw`,
      `/${candidateId}/reinstate`,
    ],
  });

  before(async () => {
    app = await startTestApp();
    owner = await signIn(app, 'dev-hiring-manager');
    id = await createCampaign(owner, { title: 'Secret campaign', anonymised: 'yes' });
    candidateId = await addCandidate(owner, id, {
      name: 'Secret Candidate',
      email: `secret-${uniqueSuffix()}@example.com`,
    });
    // dev-member-1 sits on this campaign's panel: panel membership gives no access to these pages.
    await signIn(app, 'dev-member-1');
    const { db } = await testDatabase();
    const member = await findUserBySubject(db, 'dev-member-1');
    const panel = await db
      .insertInto('panels')
      .values({ campaign_id: id, name: `Panel ${uniqueSuffix()}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('panel_members')
      .values({ panel_id: panel.id, user_id: member!.id, role: 'member' })
      .execute();
  });
  after(() => app.close());

  it('lets the owner use every page', async () => {
    for (const path of paths().get) await owner.get(`/campaigns/${id}/candidates${path}`).expect(200);
  });

  it('sends anonymous people to sign in', async () => {
    const anonymous = browser(app);
    for (const path of paths().get) {
      const res = await anonymous.get(`/campaigns/${id}/candidates${path}`).expect(302);
      assert.match(res.headers.location!, /^\/auth\/sign-in\?returnTo=/);
    }
  });

  it('refuses another hiring manager, an administrator and a panel member, on every page and form', async () => {
    for (const subject of ['dev-hiring-manager-2', 'dev-administrator', 'dev-member-1']) {
      const agent = await signIn(app, subject);
      for (const path of paths().get) {
        const res = await agent.get(`/campaigns/${id}/candidates${path}`);
        assert.equal(res.status, 403, `${subject} GET ${path}`);
        assert.doesNotMatch(res.text, /Secret Candidate|Secret campaign/);
      }
      const csrf = csrfTokenFrom((await agent.get('/').expect(200)).text);
      for (const path of paths().post) {
        const res = await agent
          .post(`/campaigns/${id}/candidates${path}`)
          .type('form')
          .send({
            _csrf: csrf,
            name: 'Intruder',
            email: `intruder-${uniqueSuffix()}@example.com`,
            reference: 'INTRUDER',
            reason: 'Because',
            csv: `name,email\nIntruder,intruder-${uniqueSuffix()}@example.com`,
          });
        assert.equal(res.status, 403, `${subject} POST ${path}`);
      }
    }
    const saved = await candidatesIn(id);
    assert.equal(saved.length, 1);
    assert.equal(saved[0]!.name, 'Secret Candidate');
    assert.equal(saved[0]!.withdrawn_at, null);
  });

  it('answers 404 for a campaign that does not exist', async () => {
    await owner.get('/campaigns/00000000-0000-0000-0000-000000000000/candidates/new').expect(404);
    await owner.get('/campaigns/nope/candidates').expect(404);
  });
});
