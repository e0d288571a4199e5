import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { publishedCampaignWithPanel } from '../../helpers/factories.js';
import { formFields, postForm } from '../../helpers/forms.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { autosaveJson } from '../../helpers/json.js';
import { newPerson, signIn, type Agent } from '../../helpers/sign-in.js';

type Setup = Awaited<ReturnType<typeof publishedCampaignWithPanel>>;

async function autosave(agent: Agent, candidateId: string, body: Record<string, unknown>) {
  const page = await agent.get(`/interviews/${candidateId}/scoresheet`).expect(200);
  return agent
    .post(`/interviews/${candidateId}/scoresheet/autosave`)
    .set('x-csrf-token', csrfTokenFrom(page.text))
    .set('accept', 'application/json')
    .send(body);
}

const sheetForm = (html: string, changes: Record<string, string>) =>
  formFields(html, 'form.app-scoresheet', changes);

/** Opens the member's scoresheet page and posts it back, as the no-JavaScript form would, with changes. */
async function postSheet(agent: Agent, candidateId: string, changes: Record<string, string>) {
  const page = await agent.get(`/interviews/${candidateId}/scoresheet`).expect(200);
  return agent.post(`/interviews/${candidateId}/scoresheet`).type('form').send(sheetForm(page.text, changes));
}

describe('live scoring', () => {
  let app: TestApp;
  let member: Agent;
  let setup: Setup;
  let candidateId: string;
  let first: string;
  let second: string;

  before(async () => {
    app = await startTestApp();
    setup = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-chair', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
        { subject: 'dev-member-2', role: 'independent', declare: 'conflict' },
      ],
      candidates: 6,
    });
    member = await signIn(app, 'dev-member-1');
    candidateId = setup.candidates[0]!.id;
    [first, second] = setup.criteria.map((c) => c.id) as [string, string];
  });
  after(() => app.close());

  it('shows the frozen criteria with descriptors, score choices and evidence boxes', async () => {
    const $ = parse((await member.get(`/interviews/${candidateId}/scoresheet`).expect(200)).text);
    assert.equal($('section.app-criterion').length, setup.criteria.length);
    assert.equal($(`input[name="score-${first}"]`).length, 7);
    assert.equal($(`textarea[name="evidence-${first}"]`).length, 1);
    assert.ok($('.govuk-details .govuk-list li').length > 0);
    assert.match($('#progress').text(), new RegExp(`0 of ${setup.criteria.length} criteria scored`));
    assert.match($('h1').text(), /Candidate Name/);
  });

  it('explains the scale once, and shows the chosen score’s descriptor beside its criterion', async () => {
    const id = setup.candidates[5]!.id;
    await postSheet(member, id, { [`score-${first}`]: '5', action: 'save' });
    const $ = parse((await member.get(`/interviews/${id}/scoresheet`).expect(200)).text);
    const scale = $('.app-scale .govuk-summary-list__row')
      .map((_i, row) => $(row).text().replace(/\s+/g, ' ').trim())
      .get();
    assert.equal(scale.length, 7, 'every point of the scale, once');
    const descriptor = $('.app-scale .govuk-summary-list__value').eq(4).text().trim();
    assert.ok(descriptor.length > 10, scale[4]);
    assert.equal(
      $('main').text().split(descriptor).length - 1,
      2,
      'a descriptor appears in the scale and beside the one criterion scored 5, not under every criterion',
    );
    assert.equal($('.govuk-radios__hint').length, 0, 'the choices carry no repeated descriptors');
    assert.equal(
      $(`#chosen-${first}`).text(),
      `${$('.app-scale .govuk-summary-list__key').eq(4).text().trim()}: ${descriptor}`,
    );
    assert.equal($(`#chosen-${second}`).text(), '', 'nothing chosen, nothing shown');
    assert.equal(
      $(`label[for="score-${first}"]`).text().trim(),
      $('.app-scale .govuk-summary-list__key').first().text().trim(),
      'each choice is labelled as the scale names it',
    );
  });

  describe('autosave', () => {
    it('saves changes, then refuses a save based on an old revision and keeps the saved text', async () => {
      const saved = await autosave(member, candidateId, {
        baseRevision: 0,
        requestId: randomUUID(),
        entries: { [first]: { score: 5, evidence: 'Clear examples of pairing.' } },
      });
      assert.equal(saved.status, 200, saved.text);
      assert.equal(autosaveJson(saved).revision, 1);
      const stale = await autosave(member, candidateId, {
        baseRevision: 0,
        requestId: randomUUID(),
        entries: { [first]: { score: 2, evidence: 'Other tab' } },
      });
      assert.equal(stale.status, 409);
      assert.deepEqual(autosaveJson(stale).entries?.[first], {
        score: 5,
        evidence: 'Clear examples of pairing.',
      });
      const { db } = await testDatabase();
      const row = await db
        .selectFrom('member_scores')
        .innerJoin('member_sheets', 'member_sheets.id', 'member_scores.sheet_id')
        .select(['score', 'evidence'])
        .where('member_sheets.candidate_id', '=', candidateId)
        .where('criterion_id', '=', first)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { score: 5, evidence: 'Clear examples of pairing.' });
    });

    it('answers a retried request without writing twice', async () => {
      const requestId = randomUUID();
      const body = {
        baseRevision: 1,
        requestId,
        entries: { [second]: { score: 3, evidence: 'Some evidence' } },
      };
      const a = await autosave(member, candidateId, body);
      const b = await autosave(member, candidateId, body);
      assert.equal(a.status, 200);
      assert.equal(b.status, 200);
      assert.equal(autosaveJson(b).status, 'duplicate');
      assert.equal(autosaveJson(b).revision, autosaveJson(a).revision);
      const { db } = await testDatabase();
      const history = await db
        .selectFrom('member_score_history')
        .select(['criterion_id', 'revision'])
        .where('criterion_id', '=', second)
        .where('revision', '=', autosaveJson(a).revision)
        .execute();
      assert.equal(history.length, 1, 'one history row for one change');
    });

    it('refuses scores off the scale, unknown criteria and oversized notes, saving nothing', async () => {
      const { db } = await testDatabase();
      const before = await db
        .selectFrom('member_sheets')
        .select('revision')
        .where('candidate_id', '=', candidateId)
        .executeTakeFirstOrThrow();
      for (const entries of [
        { [first]: { score: 9, evidence: '' } },
        { [first]: { score: 0, evidence: '' } },
        { 'not-a-criterion': { score: 4, evidence: '' } },
        { [first]: { score: 4, evidence: 'x'.repeat(10_001) } },
      ]) {
        const res = await autosave(member, candidateId, {
          baseRevision: before.revision,
          requestId: randomUUID(),
          entries,
        });
        assert.equal(res.status, 400, JSON.stringify(entries).slice(0, 80));
      }
      const after = await db
        .selectFrom('member_sheets')
        .select('revision')
        .where('candidate_id', '=', candidateId)
        .executeTakeFirstOrThrow();
      assert.equal(after.revision, before.revision);
    });

    it('records who changed what and when, keeping the words out of the history', async () => {
      const { db } = await testDatabase();
      const history = await db
        .selectFrom('member_score_history')
        .innerJoin('member_sheets', 'member_sheets.id', 'member_score_history.sheet_id')
        .innerJoin('users', 'users.id', 'member_score_history.user_id')
        .select([
          'users.name',
          'member_score_history.score',
          'member_score_history.evidence_length',
          'member_score_history.recorded_at',
        ])
        .where('member_sheets.candidate_id', '=', candidateId)
        .orderBy('member_score_history.id')
        .execute();
      assert.ok(history.length >= 2);
      assert.equal(history[0]!.name, 'Tomos Evans');
      assert.equal(history[0]!.evidence_length, 'Clear examples of pairing.'.length);
    });
  });

  describe('without JavaScript', () => {
    it('saves the whole sheet with the Save button', async () => {
      const id = setup.candidates[1]!.id;
      const res = await postSheet(member, id, {
        [`score-${first}`]: '6',
        [`evidence-${first}`]: 'Led the incident review. <b>bold</b>',
        action: 'save',
      });
      assert.equal(res.status, 303);
      const again = parse((await member.get(res.headers.location!).expect(200)).text);
      assert.equal(again(`input[name="score-${first}"][value="6"]`).attr('checked'), 'checked');
      assert.equal(again(`textarea[name="evidence-${first}"]`).val(), 'Led the incident review. <b>bold</b>');
      assert.match(again('.govuk-notification-banner').text(), /saved/);
    });

    it('refuses a bad score with the error summary and saves nothing, keeping what was typed on the page', async () => {
      const id = setup.candidates[1]!.id;
      const res = await postSheet(member, id, {
        [`score-${second}`]: '12',
        [`evidence-${second}`]: 'typed text',
        action: 'save',
      });
      assert.equal(res.status, 400);
      const $ = parse(res.text);
      assert.equal($('.govuk-error-summary a').attr('href'), `#score-${second}`);
      assert.equal($(`textarea[name="evidence-${second}"]`).val(), 'typed text');
      const { db } = await testDatabase();
      const stored = await db
        .selectFrom('member_scores')
        .innerJoin('member_sheets', 'member_sheets.id', 'member_scores.sheet_id')
        .select(['evidence', 'score'])
        .where('member_sheets.candidate_id', '=', id)
        .where('criterion_id', '=', second)
        .executeTakeFirst();
      assert.deepEqual(stored, { evidence: '', score: null }, 'still as the earlier save left it');
    });

    it('shows both texts when the sheet changed in another tab since the page was opened', async () => {
      const id = setup.candidates[1]!.id;
      const page = await member.get(`/interviews/${id}/scoresheet`).expect(200);
      const rev = Number(parse(page.text)('input[name=baseRevision]').val());
      await autosave(member, id, {
        baseRevision: rev,
        requestId: randomUUID(),
        entries: { [second]: { score: 4, evidence: 'From the other tab' } },
      });
      const res = await member
        .post(`/interviews/${id}/scoresheet`)
        .type('form')
        .send(sheetForm(page.text, { [`evidence-${second}`]: 'From this tab', action: 'save' }));
      assert.equal(res.status, 409);
      const $ = parse(res.text);
      assert.equal($(`textarea[name="evidence-${second}"]`).val(), 'From the other tab');
      assert.match($('.app-unsaved').text(), /From this tab/);
    });

    it('will not submit an incomplete sheet, says what is missing, and keeps what was typed', async () => {
      const id = setup.candidates[2]!.id;
      const page = await member.get(`/interviews/${id}/scoresheet`).expect(200);
      const res = await member
        .post(`/interviews/${id}/scoresheet`)
        .type('form')
        .send(sheetForm(page.text, { [`score-${first}`]: '4', action: 'submit' }));
      assert.equal(res.status, 400);
      const $ = parse(res.text);
      const hrefs = $('.govuk-error-summary a')
        .map((_i, a) => $(a).attr('href'))
        .get();
      assert.ok(hrefs.includes(`#evidence-${first}`));
      assert.ok(hrefs.includes(`#score-${second}`));
      const { db } = await testDatabase();
      const sheet = await db
        .selectFrom('member_sheets')
        .selectAll()
        .where('candidate_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(sheet.submitted_at, null);
    });

    it('checks every score and note before submitting, then locks the sheet and says so', async () => {
      const id = setup.candidates[2]!.id;
      const page = await member.get(`/interviews/${id}/scoresheet`).expect(200);
      const complete = Object.fromEntries(
        setup.criteria.flatMap((c, i) => [
          [`score-${c.id}`, String((i % 7) + 1)],
          [`evidence-${c.id}`, `Evidence ${i} <b>kept</b>`],
        ]),
      );
      const res = await member
        .post(`/interviews/${id}/scoresheet`)
        .type('form')
        .send(sheetForm(page.text, { ...complete, action: 'submit' }));
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, `/interviews/${id}/scoresheet/check`, 'saved, and on to check');
      const { db } = await testDatabase();
      const sheetRow = () =>
        db.selectFrom('member_sheets').selectAll().where('candidate_id', '=', id).executeTakeFirstOrThrow();
      assert.equal((await sheetRow()).submitted_at, null, 'nothing is submitted before the check');

      const check = await member.get(res.headers.location).expect(200);
      const $ = parse(check.text);
      assert.match($('h1').text(), /Check your scores for/);
      const cards = $('.govuk-summary-card')
        .map((_i, card) => $(card).text().replace(/\s+/g, ' ').trim())
        .get();
      assert.equal(cards.length, setup.criteria.length);
      setup.criteria.forEach((c, i) => {
        assert.ok(cards[i]!.includes(c.title), c.title);
        assert.ok(cards[i]!.includes(`Evidence ${i} <b>kept</b>`), 'notes shown as typed, escaped');
      });
      assert.equal($('.govuk-summary-card b').length, 0);
      assert.equal(
        $(`a[href="/interviews/${id}/scoresheet#score-${first}"]`).length,
        1,
        'each score can be changed on the sheet',
      );

      const confirm = await member
        .post(`/interviews/${id}/scoresheet/check`)
        .type('form')
        .send(formFields(check.text, `form[action="/interviews/${id}/scoresheet/check"]`));
      assert.equal(confirm.status, 303);
      assert.equal(confirm.headers.location, `/interviews?submitted=${id}`);
      assert.notEqual((await sheetRow()).submitted_at, null);
      const list = parse((await member.get(confirm.headers.location).expect(200)).text);
      const banner = list('.govuk-notification-banner');
      assert.equal(banner.attr('role'), 'alert', 'the banner takes focus');
      assert.match(banner.text(), /Your scoresheet for .+ has been submitted/);
      assert.match(list('title').text(), /^Scoresheet submitted/);

      const locked = parse((await member.get(`/interviews/${id}/scoresheet`).expect(200)).text);
      assert.match(locked('.govuk-panel').text(), /submitted/);
      assert.equal(locked('button[value=submit]').length, 0);
      const review = parse((await member.get(`/interviews/${id}/scoresheet/check`).expect(200)).text);
      assert.match(review('h1').text(), /^Your scores for/);
      assert.equal(review('form[action$="/check"]').length, 0, 'nothing left to submit');
      assert.equal(review('.govuk-summary-list__actions').length, 0, 'nothing to change');
      const late = await autosave(member, id, {
        baseRevision: 99,
        requestId: randomUUID(),
        entries: { [first]: { score: 1, evidence: 'late' } },
      });
      assert.equal(late.status, 423);
      const audit = await db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'scoresheet.submitted')
        .where('campaign_id', '=', setup.campaign.id)
        .execute();
      assert.equal(audit.length, 1);
    });

    it('does not submit from a check page left open while the sheet changed elsewhere', async () => {
      const id = setup.candidates[3]!.id;
      const page = await member.get(`/interviews/${id}/scoresheet`).expect(200);
      const complete = Object.fromEntries(
        setup.criteria.flatMap((c) => [
          [`score-${c.id}`, '5'],
          [`evidence-${c.id}`, 'Seen'],
        ]),
      );
      await member
        .post(`/interviews/${id}/scoresheet`)
        .type('form')
        .send(sheetForm(page.text, { ...complete, action: 'submit' }))
        .expect(303);
      const check = await member.get(`/interviews/${id}/scoresheet/check`).expect(200);
      const revision = Number(parse(check.text)('input[name=baseRevision]').val());
      const changed = await autosave(member, id, {
        baseRevision: revision,
        requestId: randomUUID(),
        entries: { [first]: { score: 2, evidence: 'Changed in another tab' } },
      });
      assert.equal(changed.status, 200);
      const stale = await member
        .post(`/interviews/${id}/scoresheet/check`)
        .type('form')
        .send(formFields(check.text, `form[action="/interviews/${id}/scoresheet/check"]`));
      assert.equal(stale.status, 409);
      const $ = parse(stale.text);
      assert.match($('.govuk-notification-banner').text(), /changed in another tab/);
      assert.match($('main').text(), /Changed in another tab/, 'the check page shows the sheet as it now is');
      const { db } = await testDatabase();
      const sheet = await db
        .selectFrom('member_sheets')
        .select('submitted_at')
        .where('candidate_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(sheet.submitted_at, null);
    });

    it('lists what is missing on the check page, and refuses to submit from it', async () => {
      const id = setup.candidates[4]!.id;
      const page = await member.get(`/interviews/${id}/scoresheet`).expect(200);
      await member
        .post(`/interviews/${id}/scoresheet`)
        .type('form')
        .send(sheetForm(page.text, { [`score-${first}`]: '3', action: 'save' }))
        .expect(303);
      const check = await member.get(`/interviews/${id}/scoresheet/check`).expect(200);
      const $ = parse(check.text);
      assert.match($('.govuk-warning-text').text(), /You cannot submit yet/);
      const missing = $('main ul.govuk-list a')
        .map((_i, a) => $(a).attr('href'))
        .get();
      assert.ok(missing.includes(`/interviews/${id}/scoresheet#evidence-${first}`));
      assert.ok(missing.includes(`/interviews/${id}/scoresheet#score-${second}`));
      assert.match($('main').text(), /Missing: evidence notes are required/);
      assert.equal($(`form[action="/interviews/${id}/scoresheet/check"]`).length, 0, 'no submit button');
      const forced = await member
        .post(`/interviews/${id}/scoresheet/check`)
        .type('form')
        .send({
          _csrf: csrfTokenFrom(page.text),
          // The revision as saved, from the sheet (the check page offers no form while things are missing).
          baseRevision: String(
            parse((await member.get(`/interviews/${id}/scoresheet`).expect(200)).text)(
              'input[name=baseRevision]',
            ).val(),
          ),
          requestId: randomUUID(),
        });
      assert.equal(forced.status, 400);
      const { db } = await testDatabase();
      const row = await db
        .selectFrom('member_sheets')
        .select('submitted_at')
        .where('candidate_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(row.submitted_at, null);
    });
  });

  describe('who may score', () => {
    it('refuses a conflicted member', async () => {
      const conflicted = await signIn(app, 'dev-member-2');
      const res = await conflicted.get(`/interviews/${candidateId}/scoresheet`).expect(403);
      assert.match(res.text, /conflict of interest/);
      assert.doesNotMatch(res.text, /Candidate Name/);
    });

    it('sends a member who has not declared to the declaration first', async () => {
      const { db } = await testDatabase();
      const person = newPerson(app);
      const agent = await signIn(app, person.subject);
      const user = await db
        .selectFrom('users')
        .select('id')
        .where('subject', '=', person.subject)
        .executeTakeFirstOrThrow();
      await db
        .insertInto('panel_members')
        .values({ panel_id: setup.panel.id, user_id: user.id, role: 'member' })
        .execute();
      const res = await agent.get(`/interviews/${candidateId}/scoresheet`).expect(303);
      assert.equal(res.headers.location, `/interviews/${candidateId}/conflict`);

      // Declaring no conflict goes straight on to the sheet, which says so.
      const conflictPage = `/interviews/${candidateId}/conflict`;
      const declared = await postForm(agent, conflictPage, conflictPage, { conflicted: 'no' });
      assert.equal(declared.status, 303);
      assert.equal(declared.headers.location, `/interviews/${candidateId}/scoresheet?declared=1`);
      const sheet = parse((await agent.get(declared.headers.location).expect(200)).text);
      assert.match(sheet('.govuk-notification-banner').text(), /You declared no conflict of interest/);
      assert.equal(sheet(`input[name="score-${first}"]`).length > 0, true);
    });

    it('refuses people not on the panel: owner, other hiring manager, administrator, and answers 404 for unknown candidates', async () => {
      for (const subject of ['dev-hiring-manager', 'dev-hiring-manager-2', 'dev-administrator']) {
        const agent = await signIn(app, subject);
        const res = await agent.get(`/interviews/${candidateId}/scoresheet`).expect(403);
        assert.doesNotMatch(res.text, /Clear examples of pairing/);
        const home = await agent.get('/').expect(200);
        await agent
          .post(`/interviews/${candidateId}/scoresheet/autosave`)
          .set('x-csrf-token', csrfTokenFrom(home.text))
          .set('accept', 'application/json')
          .send({ baseRevision: 0, requestId: randomUUID(), entries: {} })
          .expect(403);
      }
      await member.get('/interviews/00000000-0000-0000-0000-000000000000/scoresheet').expect(404);
    });

    it('never shows another member’s scores or notes on a member’s own page', async () => {
      const chair = await signIn(app, 'dev-chair');
      const res = await chair.get(`/interviews/${candidateId}/scoresheet`).expect(200);
      assert.doesNotMatch(res.text, /Clear examples of pairing/);
      assert.equal(parse(res.text)(`input[name="score-${first}"]:checked`).length, 0);
    });

    it('refuses an autosave without the CSRF token', async () => {
      await member
        .post(`/interviews/${candidateId}/scoresheet/autosave`)
        .set('accept', 'application/json')
        .send({ baseRevision: 0, requestId: randomUUID(), entries: {} })
        .expect(403);
    });
  });

  describe('campaign settings', () => {
    it('accepts a sheet without evidence notes when the campaign does not require them', async () => {
      const { db } = await testDatabase();
      await db
        .updateTable('campaigns')
        .set({ require_evidence: false })
        .where('id', '=', setup.campaign.id)
        .execute();
      try {
        const chair = await signIn(app, 'dev-chair');
        const id = setup.candidates[1]!.id;
        const page = await chair.get(`/interviews/${id}/scoresheet`).expect(200);
        const scores = Object.fromEntries(setup.criteria.map((c) => [`score-${c.id}`, '4']));
        const res = await chair
          .post(`/interviews/${id}/scoresheet`)
          .type('form')
          .send(sheetForm(page.text, { ...scores, action: 'submit' }));
        assert.equal(res.status, 303);
        const check = await chair.get(res.headers.location!).expect(200);
        assert.match(parse(check.text)('main').text(), /None written/);
        await chair
          .post(`/interviews/${id}/scoresheet/check`)
          .type('form')
          .send(formFields(check.text, `form[action="/interviews/${id}/scoresheet/check"]`))
          .expect(303)
          .expect('location', `/interviews?submitted=${id}`);
      } finally {
        await db
          .updateTable('campaigns')
          .set({ require_evidence: true })
          .where('id', '=', setup.campaign.id)
          .execute();
      }
    });
  });
});
