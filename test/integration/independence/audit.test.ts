import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { publishedCampaignWithPanel, submitScores } from '../../helpers/factories.js';
import { signIn } from '../../helpers/sign-in.js';

/** An owner who chairs the panel sees no other member's submitted scores in the audit trails until they submit. */
describe('independence: audit trails for an owner who chairs a panel', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  it('withholds others’ submitted scores until the owner’s own sheet is submitted', async () => {
    const setup = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-hiring-manager', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
      ],
      candidates: 1,
    });
    const candidate = setup.candidates[0]!;
    const memberScores = Object.fromEntries(setup.criteria.map((c) => [c.id, 7]));
    await submitScores('dev-member-1', candidate.id, memberScores);
    const owner = await signIn(app, 'dev-hiring-manager');
    // The member gave 7 everywhere, the owner 3: any criterion's 7 is the member's score.
    const scorePattern = /[0-9a-f-]{36}(&#34;|"):7\b/;

    const before = await owner.get(`/campaigns/${setup.campaign.id}/audit`).expect(200);
    assert.doesNotMatch(before.text, scorePattern);
    assert.match(before.text, /once you have submitted your own/);

    await submitScores(
      'dev-hiring-manager',
      candidate.id,
      Object.fromEntries(setup.criteria.map((c) => [c.id, 3])),
    );
    const after = await owner.get(`/campaigns/${setup.campaign.id}/audit`).expect(200);
    assert.match(after.text, scorePattern);
  });
});
