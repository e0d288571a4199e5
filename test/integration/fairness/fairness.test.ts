import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { CheerioAPI } from 'cheerio';
import { campaignFairness, panelCalibration } from '../../../server/features/fairness/service.js';
import { openSheet, saveSheet, scoringContext } from '../../../server/features/scoring/service.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import {
  actorFor,
  finaliseModeration,
  publishedCampaignWithPanel,
  submitScores,
} from '../../helpers/factories.js';
import { parse } from '../../helpers/html.js';
import { browser, signIn, type Agent } from '../../helpers/sign-in.js';

type Setup = Awaited<ReturnType<typeof publishedCampaignWithPanel>>;

const HOSTILE_PANEL = 'Panel <script>alert(1)</script> & "B"';

/** The text of each cell of each body row of the table with this caption. */
function tableRows($: CheerioAPI, caption: RegExp): string[][] {
  const table = $('table')
    .filter((_i, t) => caption.test($(t).find('caption').text()))
    .first();
  assert.equal(table.length, 1, `no table captioned ${caption}`);
  return table
    .find('tbody tr')
    .map((_i, tr) => [
      $(tr)
        .find('th, td')
        .map((_j, td) => $(td).text().trim())
        .get(),
    ])
    .get();
}

describe('fairness and calibration', () => {
  let app: TestApp;
  let owner: Agent;
  /** Six candidates moderated: Tomos always a point below the chair and Priya; a seventh only drafted by Tomos. */
  let a: Setup;
  /** Two candidates, Priya conflicted throughout, one disagreement of 2+ points. */
  let b: Setup;
  const bases = [3, 4, 5, 6, 3, 4];

  before(async () => {
    app = await startTestApp();
    a = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-chair', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
        { subject: 'dev-member-2', role: 'independent', declare: 'none' },
      ],
      candidates: 7,
    });
    const ids = a.criteria.map((c) => c.id);
    const all = (s: number) => Object.fromEntries(ids.map((id) => [id, s]));
    for (const [i, base] of bases.entries()) {
      const candidate = a.candidates[i]!.id;
      await submitScores('dev-chair', candidate, all(base));
      await submitScores('dev-member-2', candidate, all(base));
      await submitScores('dev-member-1', candidate, all(base - 1));
      await finaliseModeration('dev-chair', candidate, all(base));
    }
    // Candidate 7: the chair and Priya submit; Tomos only saves a draft of 7s, which must not count.
    const seventh = a.candidates[6]!.id;
    await submitScores('dev-chair', seventh, all(5));
    await submitScores('dev-member-2', seventh, all(5));
    const { db } = await testDatabase();
    const tomos = await actorFor('dev-member-1');
    const ctx = await scoringContext(db, tomos, seventh);
    const { sheet } = await openSheet(db, tomos, ctx);
    const draft = await saveSheet(db, tomos, ctx, {
      baseRevision: sheet.revision,
      requestId: randomUUID(),
      entries: Object.fromEntries(ids.map((id) => [id, { score: 7, evidence: 'draft' }])),
      submit: false,
    });
    assert.equal(draft.status, 'saved');

    b = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-chair', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
        { subject: 'dev-member-2', role: 'independent', declare: 'conflict' },
      ],
      candidates: 2,
    });
    await db.updateTable('panels').set({ name: HOSTILE_PANEL }).where('id', '=', b.panel.id).execute();
    const bIds = b.criteria.map((c) => c.id);
    for (const candidate of b.candidates) {
      await submitScores('dev-chair', candidate.id, Object.fromEntries(bIds.map((id) => [id, 4])));
      await submitScores(
        'dev-member-1',
        candidate.id,
        Object.fromEntries(bIds.map((id, i) => [id, i === 0 && candidate === b.candidates[0] ? 6 : 4])),
      );
    }
    owner = await signIn(app, 'dev-hiring-manager');
  });
  after(() => app.close());

  it('flags a member who scores a point below the rest of the panel, from submitted sheets only', async () => {
    const $ = parse((await owner.get(`/campaigns/${a.campaign.id}/fairness`).expect(200)).text);
    assert.equal($('h1').text().trim(), 'Fairness and calibration');
    const rows = tableRows($, /^Members’ mean scores compared/);
    const n = a.criteria.length;
    const byName = Object.fromEntries(rows.map((r) => [r[0]!.replace(/ \(.*\)$/, ''), r]));
    // Tomos: 6 candidates × n criteria, always 1 below the others (the draft of 7s is ignored).
    assert.deepEqual(byName['Tomos Evans']!.slice(1), [
      String(6 * n),
      '3.17',
      '4.17',
      '-1.0',
      'Flagged: more severe',
    ]);
    // The chair: +0.5 on the six, 0 on the seventh (compared with Priya only): 3/7 → +0.4.
    assert.equal(byName['Siân Ŵyn Parry']![1], String(7 * n));
    assert.equal(byName['Siân Ŵyn Parry']![4], '+0.4');
    assert.equal(byName['Siân Ŵyn Parry']![5], 'No');
    assert.equal(byName['Priya Shah']![4], '+0.4');
    const svg = $('svg[aria-labelledby^="leniency-"]').first();
    assert.match(svg.find('desc').text(), /Tomos Evans: -1\.0, more severe \(flagged\)\./);
    assert.match(svg.text(), /-1\.0 More severe/);
    assert.equal(svg.find('rect[fill^="url(#"]').length, 1, 'one hatched (flagged) bar');
  });

  it('shows ICC(2,1) with n and k once enough candidates are fully rated', async () => {
    const $ = parse((await owner.get(`/campaigns/${a.campaign.id}/fairness`).expect(200)).text);
    const rows = tableRows($, /^Intraclass correlation ICC\(2,1\)/);
    assert.equal(rows.length, a.criteria.length);
    // Rows b, b−1, b for b = 3,4,5,6,3,4: BMS = 4.1, JMS = 2, EMS = 0, so ICC(2,1) = 4.1 / 5.1 = 0.80.
    // The seventh candidate is left out: Tomos has not submitted.
    for (const row of rows) assert.deepEqual(row.slice(1), ['6', '3', '0.80', 'Good']);
    const summary = tableRows($, /^All panels$/);
    assert.deepEqual(summary[0]!.slice(1), ['7', '1', `0 of ${7 * a.criteria.length} (0%)`]);
  });

  it('shows agreed scores per criterion from finalised moderations, as a chart and a table', async () => {
    const $ = parse((await owner.get(`/campaigns/${a.campaign.id}/fairness`).expect(200)).text);
    const first = a.criteria[0]!.title;
    const rows = tableRows($, new RegExp(`^Agreed scores for ${escapeRegExp(first)} \\(6 finalised\\)`));
    assert.deepEqual(rows, [
      ['1 Not demonstrated', '0'],
      ['2 Minimal', '0'],
      ['3 Moderate', '2'],
      ['4 Acceptable', '2'],
      ['5 Good', '1'],
      ['6 Strong', '1'],
      ['7 Outstanding', '0'],
    ]);
    const chart = $('svg[aria-labelledby^="agreed-1-1-"]');
    assert.equal(chart.find('rect').length, 4, 'a bar for each score given');
    assert.match(chart.find('desc').text(), /3 Moderate: 2; 4 Acceptable: 2; 5 Good: 1; 6 Strong: 1/);
  });

  it('says "not enough data" with few candidates, counts disagreements and leaves out conflicted members', async () => {
    const res = await owner.get(`/campaigns/${b.campaign.id}/fairness`).expect(200);
    assert.doesNotMatch(res.text, /<script>alert/);
    const $ = parse(res.text);
    assert.equal($('h2').first().text().trim(), HOSTILE_PANEL);
    assert.ok($('svg title').filter((_i, t) => $(t).text().includes(HOSTILE_PANEL)).length > 0);
    for (const row of tableRows($, /^Intraclass correlation/))
      assert.deepEqual(row.slice(1), ['2', '2', 'Not enough data', '–']);
    const n = b.criteria.length;
    const summary = tableRows($, /^All panels$/);
    assert.equal(summary[0]![3], `1 of ${2 * n} (${Math.round(100 / (2 * n))}%)`);
    const leniency = tableRows($, /^Members’ mean scores compared/);
    const priya = leniency.find((r) => r[0]!.startsWith('Priya Shah'))!;
    assert.deepEqual(priya.slice(1), ['0', '–', '–', '–', '–']);
    assert.match($('svg[aria-labelledby^="leniency-"] desc').text(), /Priya Shah: No scores to compare\./);
    for (const row of tableRows($, /^Agreed scores for /)) assert.equal(row[1], '0');
  });

  it('gives every chart a title, a description and a data table beside it', async () => {
    for (const setup of [a, b]) {
      const $ = parse((await owner.get(`/campaigns/${setup.campaign.id}/fairness`).expect(200)).text);
      const charts = $('main svg');
      assert.equal(charts.length, 1 + setup.criteria.length, 'a leniency chart and one per criterion');
      const ids = new Set<string>();
      charts.each((_i, el) => {
        const svg = $(el);
        assert.equal(svg.attr('role'), 'img');
        const [titleId, descId] = (svg.attr('aria-labelledby') ?? '').split(' ');
        assert.ok(titleId && descId);
        assert.equal(svg.children('title').attr('id'), titleId);
        assert.equal(svg.children('desc').attr('id'), descId);
        assert.ok(svg.children('title').text().trim());
        assert.ok(svg.children('desc').text().trim());
        assert.ok(!ids.has(titleId), 'ids are unique on the page');
        ids.add(titleId);
        const row = svg.closest('.govuk-grid-row');
        const beside =
          row.find('table').length + row.next().filter('table').length + row.next().children('table').length;
        assert.equal(beside, 1, `a data table next to ${titleId}`);
      });
      assert.doesNotMatch($.html(), /NaN|undefined|Infinity/);
    }
  });

  it('shows the chair the flag on the moderation page, by name', async () => {
    const chair = await signIn(app, 'dev-chair');
    const $ = parse((await chair.get(`/moderation/${a.candidates[0]!.id}`).expect(200)).text);
    assert.match(
      $('#calibration').text().trim(),
      new RegExp(
        `^Panel calibration across this campaign: Tomos Evans scores on average 1\\.0 below the rest of the panel \\(over ${6 * a.criteria.length} scores\\)\\.$`,
      ),
    );
    assert.doesNotMatch($('#calibration').text(), /Priya|Siân/);
    const none = parse((await chair.get(`/moderation/${b.candidates[0]!.id}`).expect(200)).text);
    assert.equal(none('#calibration').length, 0, 'no flags, no box');
  });

  it('answers in seven queries (the calibration flags in six), none per panel, member or candidate', async () => {
    const { db } = await testDatabase();
    let queries = 0;
    const counted = db.withPlugin({
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
    const report = await campaignFairness(counted, a.campaign.id, undefined, a.owner.id);
    assert.equal(queries, 7);
    assert.equal(report.panels.length, 1);
    queries = 0;
    await panelCalibration(counted, a.campaign.id, a.panel.id, a.owner.id);
    assert.equal(queries, 6, 'the calibration flags need no agreed-score distributions');
  });

  it('works a large campaign’s figures out in a worker thread, giving the same figures', async () => {
    const { db } = await testDatabase();
    for (const viewer of [a.owner.id, (await actorFor('dev-member-1')).id]) {
      const here = await campaignFairness(db, a.campaign.id, undefined, viewer, { offThreadFrom: Infinity });
      const there = await campaignFairness(db, a.campaign.id, undefined, viewer, { offThreadFrom: 0 });
      assert.deepEqual(there, here);
      assert.ok(here.panels[0]!.members.some((m) => m.count > 0));
    }
  });

  it('is for the campaign’s owners only', async () => {
    for (const subject of ['dev-hiring-manager-2', 'dev-administrator', 'dev-chair', 'dev-member-1']) {
      const agent = await signIn(app, subject);
      await agent.get(`/campaigns/${a.campaign.id}/fairness`).expect(403);
    }
    const anonymous = await browser(app).get(`/campaigns/${a.campaign.id}/fairness`).expect(302);
    assert.match(anonymous.headers.location ?? '', /^\/auth\/sign-in\?returnTo=/);
    await owner.get('/campaigns/not-a-uuid/fairness').expect(404);
    await owner.get('/campaigns/00000000-0000-0000-0000-000000000000/fairness').expect(404);
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
