import assert from 'node:assert/strict';
import {
  DIRECT_SUMMARY_LIMIT,
  KEPT_FOR_MS,
  GIVEN_UP_AFTER_MS,
} from '../../../server/features/reports/prepared.js';
import { addOwner } from '../../../server/features/campaigns/repository.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { actorFor, publishedCampaignWithPanel } from '../../helpers/factories.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { removePdfs } from '../../helpers/pdf.js';
import { waitUntilPrepared } from '../../helpers/prepared.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';
import { fetchPdf, readPdf } from './helpers.js';

/**
 * A large campaign's summary is prepared off the request path: the download address leads to a page
 * that says it is being prepared (and checks again by itself, without JavaScript), then offers the
 * file. Only the person who asked may download it, and only for an hour.
 */
describe('reports: the summary of a large campaign is prepared, then downloaded', function () {
  this.timeout(120_000);
  let app: TestApp;
  let owner: Agent;
  let campaignId: string;

  before(async () => {
    app = await startTestApp();
    const setup = await publishedCampaignWithPanel(app, {
      members: [{ subject: 'dev-chair', role: 'chair', declare: 'none' }],
      candidates: 1,
    });
    campaignId = setup.campaign.id;
    const { db } = await testDatabase();
    await db
      .insertInto('candidates')
      .values(
        Array.from({ length: DIRECT_SUMMARY_LIMIT }, (_v, i) => ({
          campaign_id: campaignId,
          reference: `L${String(i + 1).padStart(4, '0')}`,
          name: `Large Candidate ${i + 1}`,
          email: null,
        })),
      )
      .execute();
    owner = await signIn(app, 'dev-hiring-manager');
  });
  after(async () => {
    await removePdfs();
    await app.close();
  });

  const page = (agent: Agent) => agent.get(`/reports/campaigns/${campaignId}/summary`);
  const latestId = async () => {
    const { db } = await testDatabase();
    const owner = await actorFor('dev-hiring-manager');
    const row = await db
      .selectFrom('prepared_reports')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .where('requested_by', '=', owner.id)
      .orderBy('requested_at', 'desc')
      .executeTakeFirstOrThrow();
    return row.id;
  };

  it('sends the owner from the download to a page that prepares it, then offers the file', async () => {
    await owner
      .get(`/reports/campaigns/${campaignId}/summary.pdf`)
      .redirects(0)
      .expect(303)
      .expect('location', `/reports/campaigns/${campaignId}/summary`);
    const first = await page(owner).expect(200);
    const $ = parse(first.text);
    if ($('h1').text().includes('being prepared')) {
      assert.equal(first.headers.refresh, '5', 'checks again by itself, without JavaScript');
      assert.match($('main').text(), /checks again every 5 seconds/);
    }
    assert.equal(await waitUntilPrepared(await latestId()), 'ready');

    const ready = parse((await page(owner).expect(200)).text);
    assert.equal(ready('h1').text().trim(), 'Your campaign summary is ready');
    const href = ready('a:contains("Download the campaign summary (PDF)")').attr('href')!;
    const pdf = await readPdf(await fetchPdf(owner, href));
    assert.match(pdf.text, /L0500/);
    assert.match(pdf.text, new RegExp(`${DIRECT_SUMMARY_LIMIT + 1}`));
  });

  it('joins the preparation under way instead of starting another', async () => {
    const before = await latestId();
    await page(owner).expect(200);
    assert.equal(await latestId(), before, 'a ready summary is offered again, not prepared again');
  });

  it('prepares it again when asked, with the latest changes', async () => {
    const before = await latestId();
    const token = csrfTokenFrom((await page(owner).expect(200)).text);
    await owner
      .post(`/reports/campaigns/${campaignId}/summary`)
      .type('form')
      .send({ _csrf: token })
      .redirects(0)
      .expect(303);
    const again = await latestId();
    assert.notEqual(again, before);
    assert.equal(await waitUntilPrepared(again), 'ready');
  });

  it('lets only the person who asked download the file, and refuses the page to non-owners', async () => {
    const href = `/reports/prepared/${await latestId()}.pdf`;
    const { db } = await testDatabase();
    const coOwner = await signIn(app, 'dev-hiring-manager-2');
    await addOwner(db, campaignId, (await actorFor('dev-hiring-manager-2')).id, null);
    await coOwner.get(href).expect(403);
    const chair = await signIn(app, 'dev-chair');
    await chair.get(href).expect(403);
    await page(chair).expect(403);
    await chair.get(`/reports/campaigns/${campaignId}/summary.pdf`).expect(403);
  });

  it('starts again when a preparation was lost, and deletes files after an hour', async () => {
    const { db } = await testDatabase();
    const me = await actorFor('dev-hiring-manager');
    const old = await db
      .insertInto('prepared_reports')
      .values({
        campaign_id: campaignId,
        requested_by: me.id,
        kind: 'campaign-summary',
        requested_at: new Date(Date.now() - GIVEN_UP_AFTER_MS - 60_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .deleteFrom('prepared_reports')
      .where('id', '!=', old.id)
      .where('campaign_id', '=', campaignId)
      .execute();
    await page(owner).expect(200);
    const fresh = await latestId();
    assert.notEqual(fresh, old.id, 'a lost preparation is given up and a new one started');
    assert.equal(
      (
        await db
          .selectFrom('prepared_reports')
          .select('status')
          .where('id', '=', old.id)
          .executeTakeFirstOrThrow()
      ).status,
      'failed',
    );
    assert.equal(await waitUntilPrepared(fresh), 'ready');

    await db
      .updateTable('prepared_reports')
      .set({ requested_at: new Date(Date.now() - KEPT_FOR_MS - 60_000) })
      .where('id', '=', fresh)
      .execute();
    await page(owner).expect(200); // any request for a summary clears files past their hour
    await owner.get(`/reports/prepared/${fresh}.pdf`).expect(404);
  });
});
