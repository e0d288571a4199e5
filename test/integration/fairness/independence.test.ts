import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { publishedCampaignWithPanel, submitScores } from '../../helpers/factories.js';
import { parse } from '../../helpers/html.js';
import { signIn } from '../../helpers/sign-in.js';

describe('fairness: an owner on the panel sees nothing drawn from others’ scores before submitting their own', () => {
  let app: TestApp;
  after(() => app.close());

  it('hides the panel’s figures for candidates the owner has not yet scored', async () => {
    app = await startTestApp();
    const setup = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-hiring-manager', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
        { subject: 'dev-member-2', role: 'member', declare: 'none' },
      ],
      candidates: 1,
    });
    const candidate = setup.candidates[0]!.id;
    const ids = setup.criteria.map((c) => c.id);
    await submitScores('dev-member-1', candidate, Object.fromEntries(ids.map((id) => [id, 6])));
    await submitScores('dev-member-2', candidate, Object.fromEntries(ids.map((id) => [id, 3])));

    const owner = await signIn(app, 'dev-hiring-manager');
    const before = parse((await owner.get(`/campaigns/${setup.campaign.id}/fairness`).expect(200)).text);
    assert.match(before('main').text(), /Tomos Evans: No scores to compare/);
    assert.match(before('main').text(), /Priya Shah: No scores to compare/);

    await submitScores('dev-hiring-manager', candidate, Object.fromEntries(ids.map((id) => [id, 6])));
    const after = parse((await owner.get(`/campaigns/${setup.campaign.id}/fairness`).expect(200)).text);
    assert.doesNotMatch(after('main').text(), /Priya Shah: No scores to compare/);
    assert.match(after('main').text(), /Priya Shah: -3\.0/);
  });
});
