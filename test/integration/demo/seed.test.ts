import assert from 'node:assert/strict';
import { seedDemo } from '../../../server/demo/seed.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase, testFrameworks } from '../../helpers/database.js';
import { parse } from '../../helpers/html.js';
import { signIn } from '../../helpers/sign-in.js';

describe('demo data', () => {
  let app: TestApp;
  let campaignId: string;
  before(async () => {
    app = await startTestApp();
    const { db } = await testDatabase();
    ({ campaignId } = await seedDemo(db, await testFrameworks()));
  });
  after(() => app.close());

  it('loads the Principal DevOps campaign with six candidates on two panels at every stage', async () => {
    const { db } = await testDatabase();
    const campaign = await db
      .selectFrom('campaigns')
      .selectAll()
      .where('id', '=', campaignId)
      .executeTakeFirstOrThrow();
    assert.equal(campaign.grade, 'SCS1');
    assert.equal(campaign.behaviour_framework, 'cscf-2012');
    const candidates = await db
      .selectFrom('candidates')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .execute();
    assert.equal(candidates.length, 6);
    const panels = await db.selectFrom('panels').select('id').where('campaign_id', '=', campaignId).execute();
    assert.equal(panels.length, 2);
    const states = await db
      .selectFrom('moderations')
      .innerJoin('candidates', 'candidates.id', 'moderations.candidate_id')
      .select('moderations.state')
      .where('candidates.campaign_id', '=', campaignId)
      .execute();
    assert.deepEqual(
      states.map((s) => s.state),
      ['finalised', 'finalised'],
    );
    const sheets = await db
      .selectFrom('member_sheets')
      .innerJoin('candidates', 'candidates.id', 'member_sheets.candidate_id')
      .select(['member_sheets.submitted_at'])
      .where('candidates.campaign_id', '=', campaignId)
      .execute();
    assert.equal(sheets.filter((s) => s.submitted_at).length, 9);
    assert.equal(sheets.filter((s) => !s.submitted_at).length, 1);
  });

  it('shows the owner the comparison, and the chair the candidate waiting for moderation', async () => {
    const owner = await signIn(app, 'dev-hiring-manager');
    const $ = parse((await owner.get(`/campaigns/${campaignId}/comparison`).expect(200)).text);
    assert.match($('tbody').text(), /Rhiannon Price/);
    assert.match($('tbody').text(), /Appointable/);
    const chair = await signIn(app, 'dev-chair');
    const interviews = parse((await chair.get('/interviews').expect(200)).text);
    assert.ok(interviews('a:contains("Moderate")').length >= 1);
  });
});
