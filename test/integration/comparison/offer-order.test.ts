import assert from 'node:assert/strict';
import { recordOffer } from '../../../server/features/comparison/service.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { publishedCampaignWithPanel, scoreAndFinalise } from '../../helpers/factories.js';

/**
 * Offers are checked against the merit order inside their transaction, on the campaign's locked row:
 * two owners recording at the same moment are taken one after the other. On PostgreSQL the second
 * waits for the lock; on PGlite (one connection) for the connection. Either way, the rule holds.
 */
describe('offers recorded at the same moment', () => {
  let app: TestApp;
  let setup: Awaited<ReturnType<typeof publishedCampaignWithPanel>>;
  let first: string;
  let second: string;
  let db: Awaited<ReturnType<typeof testDatabase>>['db'];

  before(async () => {
    ({ db } = await testDatabase());
    app = await startTestApp();
    setup = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-chair', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
      ],
      candidates: 2,
    });
    const ids = setup.criteria.map((c) => c.id);
    const all = (score: number) => Object.fromEntries(ids.map((id) => [id, score]));
    // C002 scores higher, so ranks first; C001 second.
    first = setup.candidates[1]!.id;
    second = setup.candidates[0]!.id;
    await scoreAndFinalise(first, all(6));
    await scoreAndFinalise(second, all(5));
  });
  after(() => app.close());

  async function offerAudit() {
    return db
      .selectFrom('audit_log')
      .select(['id', 'action', 'entity_id', 'before'])
      .where('campaign_id', '=', setup.campaign.id)
      .where('action', 'like', 'offer.%')
      .orderBy('id')
      .execute();
  }

  it('records the second-ranked candidate’s offer only after the first’s decision', async () => {
    const [forSecond, forFirst] = await Promise.all([
      recordOffer(db, setup.owner, setup.campaign, second, 'offered'),
      recordOffer(db, setup.owner, setup.campaign, first, 'offered'),
    ]);
    assert.deepEqual(forFirst, { ok: true }, 'the first-ranked candidate can always be offered');
    const audit = await offerAudit();
    if (!forSecond.ok) {
      // Checked before the first's offer was recorded: refused, with the usual message.
      assert.deepEqual(forSecond.problems, [{ field: 'status', text: 'Offer in merit order: C002 first' }]);
      assert.deepEqual(
        audit.map((a) => [a.action, a.entity_id]),
        [['offer.offered', first]],
      );
    } else {
      // Checked after: the first's offer was already recorded, and is audited first.
      assert.deepEqual(
        audit.map((a) => [a.action, a.entity_id]),
        [
          ['offer.offered', first],
          ['offer.offered', second],
        ],
      );
    }
  });

  it('records one answer to an offer when two are given at once, refusing the other', async () => {
    const results = await Promise.all([
      recordOffer(db, setup.owner, setup.campaign, first, 'accepted'),
      recordOffer(db, setup.owner, setup.campaign, first, 'declined'),
    ]);
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.deepEqual(
      results.find((r) => !r.ok),
      { ok: false, problems: [{ field: 'status', text: 'Record the offer before its answer' }] },
    );
    const answers = (await offerAudit()).filter((a) => a.entity_id === first && a.action !== 'offer.offered');
    assert.equal(answers.length, 1);
    assert.deepEqual(answers[0]!.before, { status: 'offered' });
  });
});
