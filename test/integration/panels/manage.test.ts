import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { parse } from '../../helpers/html.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';
import {
  auditActions,
  createPanel,
  errorHrefs,
  makeCampaign,
  makeCandidate,
  postForm,
  schedule,
  userIdOf,
} from './helpers.js';

describe('panels: renaming and deleting', () => {
  let app: TestApp;
  let owner: Agent;
  let campaignId: string;

  before(async () => {
    app = await startTestApp();
    owner = await signIn(app, 'dev-hiring-manager');
    const { db } = await testDatabase();
    campaignId = (await makeCampaign(db, await userIdOf(db, 'dev-hiring-manager'))).id;
  });
  after(() => app.close());

  it('renames a panel, refusing an empty or taken name with the error summary and changing nothing', async () => {
    const a = await createPanel(owner, campaignId, 'Panel A');
    await createPanel(owner, campaignId, 'Panel B');
    const url = `/campaigns/${campaignId}/panels/${a}`;
    const empty = await postForm(owner, url, `${url}/rename`, { name: '  ' });
    assert.equal(empty.status, 400);
    assert.deepEqual(errorHrefs(empty.text), ['#name']);
    const taken = await postForm(owner, url, `${url}/rename`, { name: 'panel b' });
    assert.equal(taken.status, 400);
    assert.match(parse(taken.text)('#name-error').text(), /already has a panel with this name/);
    const { db } = await testDatabase();
    assert.equal(
      (await db.selectFrom('panels').select('name').where('id', '=', a).executeTakeFirstOrThrow()).name,
      'Panel A',
    );
    const renamed = await postForm(owner, url, `${url}/rename`, { name: 'Tuesday panel' });
    assert.equal(renamed.status, 303);
    assert.equal(
      parse((await owner.get(url).expect(200)).text)('h1')
        .text()
        .trim(),
      'Tuesday panel',
    );
    assert.ok((await auditActions(db, campaignId)).some((a) => a.action === 'panel.renamed'));
  });

  it('deletes a panel only once it has no interviews', async () => {
    const { db } = await testDatabase();
    const panel = await createPanel(owner, campaignId, 'Panel to go');
    const candidate = await makeCandidate(db, campaignId);
    const scheduled = await schedule(owner, campaignId, {
      candidateId: candidate.id,
      panelId: panel,
      day: '3',
      month: '12',
      year: '2026',
      time: '10:00',
    });
    assert.equal(scheduled.status, 303);
    const url = `/campaigns/${campaignId}/panels/${panel}`;
    const page = parse((await owner.get(url).expect(200)).text);
    assert.equal(page(`form[action$="/delete"]`).length, 0);
    const refused = await postForm(owner, url, `${url}/delete`, {});
    assert.equal(refused.status, 409);
    assert.match(parse(refused.text)('main').text(), /Move or cancel this panel’s interviews/);

    const unscheduled = await postForm(
      owner,
      `/campaigns/${campaignId}/panels/interviews/${candidate.id}`,
      `/campaigns/${campaignId}/panels/interviews/${candidate.id}/remove`,
      {},
    );
    assert.equal(unscheduled.status, 303);
    const deleted = await postForm(owner, url, `${url}/delete`, {});
    assert.equal(deleted.status, 303);
    assert.equal(
      await db.selectFrom('panels').select('id').where('id', '=', panel).executeTakeFirst(),
      undefined,
    );
    assert.ok((await auditActions(db, campaignId)).some((a) => a.action === 'panel.deleted'));
    await owner.get(url).expect(404);
  });
});
