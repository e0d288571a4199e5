import assert from 'node:assert/strict';
import { MAX_CANDIDATES_PER_CAMPAIGN } from '../../../server/domain/candidates.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';
import { candidatesIn, createCampaign, postForm, summaryOf } from './helpers.js';

/** The supported campaign size is a limit: adding or importing past it is refused, and nothing is saved. */
describe('candidates: the largest supported campaign', function () {
  this.timeout(120_000);
  let app: TestApp;
  let owner: Agent;
  before(async () => {
    app = await startTestApp();
    owner = await signIn(app, 'dev-hiring-manager');
  });
  after(() => app.close());

  async function campaignWith(count: number): Promise<string> {
    const id = await createCampaign(owner);
    const { db } = await testDatabase();
    const rows = Array.from({ length: count }, (_v, i) => ({
      campaign_id: id,
      reference: `S${i + 1}`,
      name: `Size Candidate ${i + 1}`,
      email: `size-${i + 1}-${id}@example.com`,
    }));
    for (let i = 0; i < rows.length; i += 2000)
      await db
        .insertInto('candidates')
        .values(rows.slice(i, i + 2000))
        .execute();
    return id;
  }

  it('refuses one more candidate in a full campaign, with the reason by the name', async () => {
    const id = await campaignWith(MAX_CANDIDATES_PER_CAMPAIGN);
    const base = `/campaigns/${id}/candidates`;
    const res = await postForm(owner, `${base}/new`, `${base}/new`, {
      name: 'One Too Many',
      email: `one-too-many-${id}@example.com`,
      reference: '',
    });
    assert.equal(res.status, 400);
    assert.deepEqual(summaryOf(res.text), [
      [
        '#name',
        'This campaign already has 10,000 candidates, the most the service supports in one campaign. Start another campaign for more',
      ],
    ]);
    assert.equal((await candidatesIn(id)).length, MAX_CANDIDATES_PER_CAMPAIGN);
  });

  it('refuses an import that would go past the limit, importing none of it', async () => {
    const id = await campaignWith(MAX_CANDIDATES_PER_CAMPAIGN - 1);
    const base = `/campaigns/${id}/candidates`;
    const csv = ['name,email', `Last One,last-${id}@example.com`, `Past It,past-${id}@example.com`].join(
      '\n',
    );
    const res = await postForm(owner, `${base}/import`, `${base}/import`, { csv });
    assert.equal(res.status, 400);
    assert.match(res.text, /room for 1 more, not 2/);
    assert.equal((await candidatesIn(id)).length, MAX_CANDIDATES_PER_CAMPAIGN - 1);

    const one = ['name,email', `Last One,last-${id}@example.com`].join('\n');
    const fits = await postForm(owner, `${base}/import`, `${base}/import`, { csv: one });
    assert.equal(fits.status, 303);
    assert.equal((await candidatesIn(id)).length, MAX_CANDIDATES_PER_CAMPAIGN);
  });
});
