import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { actorFor, publishedCampaignWithPanel, scoreAndFinalise } from '../../helpers/factories.js';
import { pdfInfo, checkPdf, removePdfs } from '../../helpers/pdf.js';
import { browser, newPerson, signIn, type Agent } from '../../helpers/sign-in.js';
import { downloadPdf, squashed } from './helpers.js';

describe('campaign summary PDF (GET /reports/campaigns/:id/summary.pdf)', () => {
  let app: TestApp;
  let owner: Agent;
  let setup: Awaited<ReturnType<typeof publishedCampaignWithPanel>>;
  let url: string;
  let secondPanel: string;

  /** Candidate i gets score s on every criterion from both members, and the chair finalises it. */
  async function moderate(i: number, s: number, outcome?: 'reserve') {
    const candidate = setup.candidates[i]!.id;
    const scores = Object.fromEntries(setup.criteria.map((c) => [c.id, s]));
    await scoreAndFinalise(candidate, scores, { outcome });
  }

  before(async () => {
    app = await startTestApp();
    setup = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-chair', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
      ],
      candidates: 6,
    });
    const { db } = await testDatabase();
    await db
      .updateTable('candidates')
      .set({ name: 'Gwenllïan ap Dafydd <b>x</b>' })
      .where('id', '=', setup.candidates[1]!.id)
      .execute();
    await moderate(0, 5); // appointable
    await moderate(1, 6); // appointable, top of the merit list
    await moderate(2, 3); // not appointable
    await moderate(3, 5, 'reserve');
    await db
      .updateTable('candidates')
      .set({ withdrawn_at: new Date() })
      .where('id', '=', setup.candidates[5]!.id)
      .execute(); // candidate 4 is not moderated yet; candidate 5 withdrew
    const panel = await db
      .insertInto('panels')
      .values({ campaign_id: setup.campaign.id, name: `Second panel ${randomUUID().slice(0, 8)}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    secondPanel = panel.id;
    await signIn(app, 'dev-member-2');
    await db
      .insertInto('panel_members')
      .values({ panel_id: panel.id, user_id: (await actorFor('dev-member-2')).id, role: 'independent' })
      .execute();
    owner = await signIn(app, 'dev-hiring-manager');
    url = `/reports/campaigns/${setup.campaign.id}/summary.pdf`;
  });
  after(async () => {
    await removePdfs();
    await app.close();
  });

  it('downloads as a tagged, titled PDF attachment that passes the structural check', async () => {
    const { res, file } = await downloadPdf(owner, url);
    assert.equal(res.headers['content-disposition'], 'attachment; filename=campaign-summary-REF-1.pdf');
    const info = await pdfInfo(file);
    assert.equal(info.title, `Campaign summary: ${setup.campaign.title}`);
    assert.equal(info.tagged, true);
    const check = await checkPdf(file);
    assert.ok(check.ok, check.output);
  });

  it('has the facts, counts by outcome, merit list, comparison, panel composition and attribution', async () => {
    const { text } = await downloadPdf(owner, url);
    const s = squashed(text);
    const [c1, c2, c3, c4, c5, c6] = setup.candidates.map((c) => c.reference);
    for (const expected of [
      `Campaign summary: ${setup.campaign.title}`,
      'Vacancy reference REF-1',
      'Owners Grace Hopper',
      'Appointable 2',
      'Reserve 1',
      'Not appointable 1',
      'Not decided yet 1',
      'Withdrawn 1',
      'All candidates 6',
      'Merit list',
      `1 ${c2} Gwenllïan`,
      'Comparison of candidates',
      'Panels',
      setup.panel.name,
      'Siân Ŵyn Parry Chair',
      'Tomos Evans Member',
      'Priya Shah Independent member',
      'Panel calibration',
      'ICC(2,1)',
      'Contains public sector information licensed under the Open Government Licence v3.0.',
    ])
      assert.ok(s.includes(squashed(expected)), expected);
    assert.ok(text.includes('<b>x</b>'), 'markup in a name is plain text');
    const merit = s.slice(s.indexOf('Meritlist'), s.indexOf('Comparisonofcandidates'));
    assert.ok(merit.indexOf(c2!) < merit.indexOf(c1!), 'merit order by total');
    const reserveUntil = new Date();
    reserveUntil.setUTCFullYear(reserveUntil.getUTCFullYear() + 1);
    const year = String(reserveUntil.getUTCFullYear());
    assert.match(
      merit,
      new RegExp(`${c4}[^]*Reserve\\d{1,2}\\w+${year}`),
      'a reserve candidate, with the date',
    );
    assert.ok(!merit.includes(`${c3}Candidate`), 'not appointable is not on the merit list');
    const comparison = s.slice(s.indexOf('Comparisonofcandidates'), s.indexOf('Panels'));
    for (const reference of [c1, c2, c3, c4, c5, c6]) assert.ok(comparison.includes(reference!), reference);
    assert.match(comparison, /Withdrawn/);
    assert.match(comparison, /Notmoderated/);
  });

  it('repeats the comparison table header on every page of a long campaign', async () => {
    const { db } = await testDatabase();
    await db
      .insertInto('candidates')
      .values(
        Array.from({ length: 120 }, (_v, i) => ({
          campaign_id: setup.campaign.id,
          reference: `X${String(i).padStart(3, '0')}`,
          name: `Extra candidate ${i}`,
          email: null,
        })),
      )
      .execute();
    const { pages, text } = await downloadPdf(owner, url);
    const header = /Candidate\s+C1\s+C2\s+.*Total\s+Result\s+Outcome/;
    const withHeader = pages.filter((p) => header.test(p));
    assert.ok(withHeader.length >= 3, `the header is on ${withHeader.length} pages`);
    assert.match(text, /X119/);
    assert.match(squashed(text), /Notdecidedyet121/);
    assert.match(squashed(text), /Allcandidates126/);
  });

  it('is for the campaign’s owners only: 403 for others, 404 for unknown campaigns, sign-in for anonymous people', async () => {
    const stranger = newPerson(app);
    await signIn(app, stranger.subject);
    const { db } = await testDatabase();
    await db
      .insertInto('panel_members')
      .values({ panel_id: secondPanel, user_id: (await actorFor(stranger.subject)).id, role: 'member' })
      .execute();
    for (const subject of [
      'dev-hiring-manager-2',
      'dev-administrator',
      'dev-chair',
      'dev-member-1',
      stranger.subject,
    ]) {
      const agent = await signIn(app, subject);
      const res = await agent.get(url).expect(403);
      assert.doesNotMatch(res.headers['content-type'] ?? '', /pdf/);
    }
    await owner.get(`/reports/campaigns/${randomUUID()}/summary.pdf`).expect(404);
    await owner.get('/reports/campaigns/nope/summary.pdf').expect(404);
    const anonymous = await browser(app).get(url).expect(302);
    assert.match(anonymous.headers.location ?? '', /^\/auth\/sign-in\?returnTo=/);
  });
});
