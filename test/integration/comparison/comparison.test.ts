import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { publishedCampaignWithPanel, scoreAndFinalise } from '../../helpers/factories.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';

describe('comparison and merit list', () => {
  let app: TestApp;
  let owner: Agent;
  let setup: Awaited<ReturnType<typeof publishedCampaignWithPanel>>;
  let ids: string[];
  let base: string;

  /** Candidate i gets score s on every criterion (lead included), from both members and the chair. */
  async function moderate(i: number, s: number, lead?: number, tieBreakNote?: string) {
    const candidate = setup.candidates[i]!.id;
    const scores = Object.fromEntries(ids.map((id, k) => [id, k === 0 && lead !== undefined ? lead : s]));
    await scoreAndFinalise(candidate, scores, { tieBreakNote });
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
    ids = setup.criteria.map((c) => c.id);
    const { db } = await testDatabase();
    await db
      .updateTable('candidates')
      .set({ name: '=HYPERLINK("http://evil.example","x")' })
      .where('id', '=', setup.candidates[5]!.id)
      .execute();
    await moderate(0, 5); // total 5×n
    await moderate(1, 6); // highest
    await moderate(2, 3); // fails
    await moderate(3, 5, undefined, 'Stronger on delivery examples'); // ties with 0 on total and lead
    owner = await signIn(app, 'dev-hiring-manager');
    base = `/campaigns/${setup.campaign.id}`;
  });
  after(() => app.close());

  it('links each finalised candidate to their outcome report, from the comparison and the candidates page', async () => {
    const finalised = [0, 1, 2, 3].map((i) => setup.candidates[i]!);
    const expected = finalised.map((c) => `/reports/candidates/${c.id}/outcome.pdf`).sort();
    for (const page of [`${base}/comparison`, `${base}/candidates`]) {
      const $ = parse((await owner.get(page).expect(200)).text);
      const links = $('main a[href$="/outcome.pdf"]');
      assert.deepEqual(
        links
          .map((_i, a) => $(a).attr('href'))
          .get()
          .sort(),
        expected,
        `${page}: one link per finalised candidate, none for the others`,
      );
      links.each((_i, a) => assert.match($(a).text(), /^Outcome report \(PDF\) for C00\d$/));
    }
    const pdf = await owner.get(expected[0]!).expect(200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
  });

  it('shows candidates × criteria with agreed scores, pass/fail in words, totals, outcome, and those not moderated yet', async () => {
    const $ = parse((await owner.get(`${base}/comparison`).expect(200)).text);
    const rows = $('tbody tr');
    assert.equal(rows.length, 6);
    const first = $(rows[0])
      .find('td, th')
      .map((_i, td) => $(td).text().trim())
      .get();
    assert.equal(first[0], '1');
    assert.match(first[1]!, /^C002/);
    assert.match(first[3]!, /^6 \(pass\)$/);
    assert.match(first.at(-1)!, /^Appointable\s*Outcome report \(PDF\) for C002$/);
    const text = rows.text();
    assert.match(text, /3 \(fail\)/);
    assert.match(text, /Not appointable/);
    assert.match(text, /Not moderated yet/);
  });

  it('sorts by total or by a criterion, and filters by outcome and panel', async () => {
    const byTotal = parse((await owner.get(`${base}/comparison?sort=total`).expect(200)).text);
    assert.match(byTotal('tbody tr').first().text(), /C002/);
    const fails = parse((await owner.get(`${base}/comparison?outcome=not-appointable`).expect(200)).text);
    assert.equal(fails('tbody tr').length, 1);
    assert.match(fails('tbody tr').text(), /C003/);
    const none = parse(
      (await owner.get(`${base}/comparison?panel=00000000-0000-0000-0000-000000000000`).expect(200)).text,
    );
    assert.equal(none('tbody tr').length, 0);
    const bogus = await owner.get(`${base}/comparison?sort=DROP%20TABLE&outcome=%3Cscript%3E`).expect(200);
    assert.doesNotMatch(bogus.text, /<script>/);
  });

  it('exports CSV with formulas neutralised', async () => {
    const res = await owner
      .get(`${base}/comparison.csv?sort=reference`)
      .expect(200)
      .expect('content-type', /text\/csv/);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines.length, 7);
    assert.match(lines[0]!, /^Merit rank,Reference,Name,Panel,Status,/);
    const evil = lines.find((l) => l.includes('HYPERLINK'))!;
    assert.match(evil, /"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)"/);
    assert.doesNotMatch(evil, /,=HYPERLINK/);
  });

  it('builds the merit list: total, then lead criterion, flagging an unresolved tie', async () => {
    const $ = parse((await owner.get(`${base}/merit`).expect(200)).text);
    const ranks = $('table tbody tr')
      .map(
        (_i, tr) =>
          $(tr).find('td, th').first().text().trim() +
          ' ' +
          $(tr).find('td, th').eq(1).text().trim().slice(0, 4),
      )
      .get();
    assert.deepEqual(ranks, ['1 C002', '2 (tied) C001', '2 (tied) C004']);
    assert.match($('main').text(), /Ties to settle/);
    assert.match($('#positions').text(), /Chair’s note: Stronger on delivery examples/);
    assert.match($('main').text(), /Reserve until|[0-9]{4}/);
  });

  it('refuses offers out of merit order and while a tie is unsettled, then records them in order', async () => {
    const page = await owner.get(`${base}/merit`).expect(200);
    const csrf = csrfTokenFrom(page.text);
    const [c1, , , c4] = setup.candidates.map((c) => c.id);
    const outOfOrder = await owner
      .post(`${base}/merit/offers/${c1}`)
      .type('form')
      .send({ _csrf: csrf, status: 'offered' });
    assert.equal(outOfOrder.status, 409);
    const badTie = await owner
      .post(`${base}/merit/tie-break`)
      .type('form')
      .send({ _csrf: csrf, [`position-${c1}`]: '1', [`position-${c4}`]: '1', reason: '' });
    assert.equal(badTie.status, 400);
    const tie = await owner
      .post(`${base}/merit/tie-break`)
      .type('form')
      .send({
        _csrf: csrf,
        [`position-${c1}`]: '2',
        [`position-${c4}`]: '1',
        reason: 'Chair’s note: stronger evidence on delivery',
      });
    assert.equal(tie.status, 303);
    const after = parse((await owner.get(`${base}/merit`).expect(200)).text);
    assert.deepEqual(
      after('table tbody tr')
        .map((_i, tr) => after(tr).find('td, th').eq(1).text().trim().slice(0, 4))
        .get(),
      ['C002', 'C004', 'C001'],
    );
    const top = setup.candidates[1]!.id;
    assert.equal(
      (await owner.post(`${base}/merit/offers/${c4}`).type('form').send({ _csrf: csrf, status: 'offered' }))
        .status,
      409,
    );
    assert.equal(
      (await owner.post(`${base}/merit/offers/${top}`).type('form').send({ _csrf: csrf, status: 'accepted' }))
        .status,
      409,
      'an answer needs an offer first',
    );
    assert.equal(
      (await owner.post(`${base}/merit/offers/${top}`).type('form').send({ _csrf: csrf, status: 'offered' }))
        .status,
      303,
    );
    assert.equal(
      (await owner.post(`${base}/merit/offers/${top}`).type('form').send({ _csrf: csrf, status: 'declined' }))
        .status,
      303,
    );
    assert.equal(
      (await owner.post(`${base}/merit/offers/${c4}`).type('form').send({ _csrf: csrf, status: 'offered' }))
        .status,
      303,
    );
    assert.equal(
      (await owner.post(`${base}/merit/offers/${c4}`).type('form').send({ _csrf: csrf, status: 'maybe' }))
        .status,
      400,
    );
    // Nothing chosen, and an answer before its offer: each error links to that candidate's choices,
    // with the message beside them.
    for (const [candidate, body, status, message] of [
      [c4, { _csrf: csrf }, 400, 'Select what happened'],
      [
        setup.candidates[0]!.id,
        { _csrf: csrf, status: 'accepted' },
        409,
        'Record the offer before its answer',
      ],
    ] as const) {
      const refused = await owner.post(`${base}/merit/offers/${candidate}`).type('form').send(body);
      assert.equal(refused.status, status);
      const page = parse(refused.text);
      const links = page('.govuk-error-summary a');
      assert.equal(links.length, 1);
      assert.equal(links.attr('href'), `#status-${candidate}`);
      assert.equal(links.text().trim(), message);
      const field = page(`#status-${candidate}`);
      assert.equal(field.attr('type'), 'radio', 'the link goes to the first choice');
      assert.match(
        field.closest('.govuk-form-group').find('.govuk-error-message').text(),
        new RegExp(message),
      );
      assert.equal(page('.govuk-error-message').length, 1, 'only that candidate’s choices are marked');
    }
    const { db } = await testDatabase();
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('campaign_id', '=', setup.campaign.id)
      .where('action', 'like', 'offer.%')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['offer.offered', 'offer.declined', 'offer.offered'],
    );
  });

  it('answers with a constant number of queries whatever the number of candidates', async () => {
    const { db } = await testDatabase();
    const { compareCandidates } = await import('../../../server/features/comparison/service.js');
    const counted = countingDb(db);
    await compareCandidates(counted.db, setup.campaign);
    const small = counted.count();
    await db
      .insertInto('candidates')
      .values(
        Array.from({ length: 300 }, (_v, i) => ({
          campaign_id: setup.campaign.id,
          reference: `X${i}`,
          name: `Extra ${i}`,
          email: null,
        })),
      )
      .execute();
    const counted2 = countingDb(db);
    await compareCandidates(counted2.db, setup.campaign);
    assert.equal(counted2.count(), small);
    assert.equal(small, 4);
  });

  it('is for owners only', async () => {
    for (const subject of ['dev-hiring-manager-2', 'dev-chair', 'dev-member-1', 'dev-administrator']) {
      const agent = await signIn(app, subject);
      for (const path of ['/comparison', '/comparison.csv', '/merit'])
        await agent.get(`${base}${path}`).expect(403);
      const home = await agent.get('/').expect(200);
      await agent
        .post(`${base}/merit/offers/${setup.candidates[1]!.id}`)
        .type('form')
        .send({ _csrf: csrfTokenFrom(home.text), status: 'offered' })
        .expect(403);
      await agent
        .post(`${base}/merit/tie-break`)
        .type('form')
        .send({ _csrf: csrfTokenFrom(home.text), reason: 'x' })
        .expect(403);
    }
  });
});

/** The same database, counting the queries sent through it. */
function countingDb(db: Kysely<Database>) {
  let queries = 0;
  const wrapped = db.withPlugin({
    transformQuery: (args) => {
      queries += 1;
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  });
  return { db: wrapped, count: () => queries };
}
