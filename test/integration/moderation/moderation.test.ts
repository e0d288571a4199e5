import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { publishedCampaignWithPanel, submitScores } from '../../helpers/factories.js';
import { formFields } from '../../helpers/forms.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';

type Setup = Awaited<ReturnType<typeof publishedCampaignWithPanel>>;

const moderationForm = (html: string, changes: Record<string, string>) =>
  formFields(html, 'form[action^="/moderation/"]:not([action$="/reopen"])', changes);

describe('moderation', () => {
  let app: TestApp;
  let chair: Agent;
  let setup: Setup;
  let candidateId: string;
  let ids: string[];

  before(async () => {
    app = await startTestApp();
    setup = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-chair', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
        { subject: 'dev-member-2', role: 'independent', declare: 'none' },
      ],
      candidates: 2,
    });
    chair = await signIn(app, 'dev-chair');
    candidateId = setup.candidates[0]!.id;
    ids = setup.criteria.map((c) => c.id);
  });
  after(() => app.close());

  it('stays closed, showing who is outstanding and no scores, until every member has submitted', async () => {
    await submitScores('dev-chair', candidateId, Object.fromEntries(ids.map((id) => [id, 5])));
    await submitScores(
      'dev-member-1',
      candidateId,
      Object.fromEntries(ids.map((id, i) => [id, i === 0 ? 2 : 5])),
      (id) => `Tomos notes ${id}`,
    );
    const res = await chair.get(`/moderation/${candidateId}`).expect(200);
    const $ = parse(res.text);
    assert.match($('main .govuk-tag').first().text(), /Waiting for scores/);
    assert.deepEqual(
      $('main ul.govuk-list li')
        .map((_i, li) => $(li).text().trim())
        .get(),
      ['Priya Shah'],
    );
    assert.doesNotMatch(res.text, /Tomos notes/);
    const save = await chair
      .post(`/moderation/${candidateId}`)
      .type('form')
      .send({ _csrf: csrfTokenFrom(res.text), action: 'save' });
    assert.equal(save.status, 409);
  });

  it('opens when all have submitted: scores side by side, mean, range, spread and outliers flagged', async () => {
    await submitScores(
      'dev-member-2',
      candidateId,
      Object.fromEntries(ids.map((id, i) => [id, i === 0 ? 5 : 4])),
    );
    const $ = parse((await chair.get(`/moderation/${candidateId}`).expect(200)).text);
    const first = $('section.app-criterion').first();
    assert.equal(first.find('tbody tr').length, 3);
    assert.match(first.text(), /Mean 4, range 2 to 5/);
    assert.match(first.find('.govuk-warning-text').text(), /differ by 3/);
    assert.match(first.find('tbody').text(), /Tomos Evans \(Member\) – outlier/);
    assert.match(first.find('textarea[name^="strengths-"]').val() as string, /Tomos notes/);
    assert.doesNotMatch(first.find('textarea[name^="strengths-"]').val() as string, /Tomos Evans/);
    // The agreed score is chosen from the scale as the members saw it: "4 – <label>", not a bare 4.
    const choices = first
      .find(`input[name="agreed-${ids[0]}"]`)
      .map((_i, input) =>
        $(`label[for="${$(input).attr('id')}"]`)
          .text()
          .trim(),
      )
      .get();
    assert.equal(choices.length, 7);
    choices.forEach((label, i) => assert.match(label, new RegExp(`^${i + 1} – \\S`), label));
  });

  it('refuses to finalise without agreed scores, rationale where needed, feedback, and a reason for an override', async () => {
    const page = await chair.get(`/moderation/${candidateId}`).expect(200);
    const res = await chair
      .post(`/moderation/${candidateId}`)
      .type('form')
      .send(
        moderationForm(page.text, {
          [`agreed-${ids[0]}`]: '4',
          outcomeOverride: 'reserve',
          overrideReason: '',
          feedback: '',
          action: 'finalise',
        }),
      );
    assert.equal(res.status, 400);
    const hrefs = parse(res.text)('.govuk-error-summary a')
      .map((_i, a) => parse(res.text)(a).attr('href'))
      .get();
    assert.equal(hrefs[0], `#rationale-${ids[0]}`);
    assert.ok(hrefs.includes(`#agreed-${ids[1]}`));
    assert.ok(hrefs.includes('#overrideReason'));
    assert.ok(hrefs.includes('#feedback'));
    const { db } = await testDatabase();
    assert.equal(
      (
        await db
          .selectFrom('moderations')
          .select('state')
          .where('candidate_id', '=', candidateId)
          .executeTakeFirst()
      )?.state,
      'open',
    );
  });

  it('refuses a score off the scale, saving nothing', async () => {
    const { db } = await testDatabase();
    const before = await db
      .selectFrom('agreed_scores')
      .selectAll()
      .where('candidate_id', '=', candidateId)
      .orderBy('criterion_id')
      .execute();
    const page = await chair.get(`/moderation/${candidateId}`).expect(200);
    const res = await chair
      .post(`/moderation/${candidateId}`)
      .type('form')
      .send(moderationForm(page.text, { [`agreed-${ids[0]}`]: '8', action: 'save' }));
    assert.equal(res.status, 400);
    assert.deepEqual(
      await db
        .selectFrom('agreed_scores')
        .selectAll()
        .where('candidate_id', '=', candidateId)
        .orderBy('criterion_id')
        .execute(),
      before,
    );
  });

  it('computes pass/fail, proposes the outcome, finalises and locks, leaving members’ scores untouched', async () => {
    const { db } = await testDatabase();
    const memberScoresBefore = await db
      .selectFrom('member_scores')
      .select(['sheet_id', 'criterion_id', 'score', 'evidence'])
      .orderBy('sheet_id')
      .orderBy('criterion_id')
      .execute();
    const page = await chair.get(`/moderation/${candidateId}`).expect(200);
    const agreed = Object.fromEntries(ids.map((id) => [`agreed-${id}`, '5']));
    const saved = await chair
      .post(`/moderation/${candidateId}`)
      .type('form')
      .send(
        moderationForm(page.text, {
          ...agreed,
          [`rationale-${ids[0]}`]: 'Tomos missed the second example; agreed 5.',
          feedback: 'A strong interview. <b>Well done</b>',
          outcomeOverride: '',
          action: 'save',
        }),
      );
    assert.equal(saved.status, 303);
    const review = parse((await chair.get(`/moderation/${candidateId}`).expect(200)).text);
    assert.match(review('main').text(), /Proposed outcome: Appointable/);
    assert.match(review('main').text(), /Overall: Pass/);

    const fin = await chair
      .post(`/moderation/${candidateId}`)
      .type('form')
      .send(moderationForm((await chair.get(`/moderation/${candidateId}`)).text, { action: 'finalise' }));
    assert.equal(fin.status, 303);
    const locked = await chair.get(`/moderation/${candidateId}`).expect(200);
    const $ = parse(locked.text);
    assert.match($('main .govuk-tag').first().text(), /Finalised/);
    assert.equal($('textarea[name^="rationale-"]').length, 0);
    assert.match($('main').text(), /A strong interview. <b>Well done<\/b>/);
    const edit = await chair
      .post(`/moderation/${candidateId}`)
      .type('form')
      .send({ ...agreed, _csrf: csrfTokenFrom(locked.text), action: 'save' });
    assert.equal(edit.status, 409);
    assert.deepEqual(
      await db
        .selectFrom('member_scores')
        .select(['sheet_id', 'criterion_id', 'score', 'evidence'])
        .orderBy('sheet_id')
        .orderBy('criterion_id')
        .execute(),
      memberScoresBefore,
    );
  });

  it('reopens only with a reason, by the chair or an owner, and audits every change', async () => {
    const page = await chair.get(`/moderation/${candidateId}`).expect(200);
    const noReason = await chair
      .post(`/moderation/${candidateId}/reopen`)
      .type('form')
      .send({ _csrf: csrfTokenFrom(page.text), reason: '' });
    assert.equal(noReason.status, 400);
    const owner = await signIn(app, 'dev-hiring-manager');
    const ownerPage = await owner.get(`/moderation/${candidateId}`).expect(200);
    assert.equal(
      parse(ownerPage.text)('button[value=finalise]').length,
      0,
      'owners view, they do not moderate',
    );
    const reopened = await owner
      .post(`/moderation/${candidateId}/reopen`)
      .type('form')
      .send({ _csrf: csrfTokenFrom(ownerPage.text), reason: 'Appeal: evidence for criterion 1 re-examined' });
    assert.equal(reopened.status, 303);
    const audit = parse((await chair.get(`/moderation/${candidateId}/audit`).expect(200)).text);
    const rows = audit('tbody tr')
      .map((_i, tr) => audit(tr).text())
      .get()
      .join('\n');
    assert.match(rows, /Agreed score recorded/);
    assert.match(rows, /Moderation finalised/);
    assert.match(rows, /Moderation reopened[\s\S]*Appeal: evidence/);
    assert.doesNotMatch(
      rows,
      /Tomos missed the second example/,
      'the audit keeps lengths, not candidate text',
    );
    const campaignAudit = parse((await owner.get(`/campaigns/${setup.campaign.id}/audit`).expect(200)).text);
    assert.match(campaignAudit('tbody').text(), /Scoresheet published/);
  });

  it('refuses members, other hiring managers and administrators', async () => {
    for (const subject of ['dev-member-1', 'dev-hiring-manager-2', 'dev-administrator']) {
      const agent = await signIn(app, subject);
      const res = await agent.get(`/moderation/${candidateId}`).expect(403);
      assert.doesNotMatch(res.text, /Tomos notes/);
      await agent.get(`/moderation/${candidateId}/audit`).expect(403);
      const home = await agent.get('/').expect(200);
      await agent
        .post(`/moderation/${candidateId}`)
        .type('form')
        .send({ _csrf: csrfTokenFrom(home.text), action: 'save' })
        .expect(403);
      await agent
        .post(`/moderation/${candidateId}/reopen`)
        .type('form')
        .send({ _csrf: csrfTokenFrom(home.text), reason: 'x' })
        .expect(403);
    }
    await chair.get('/moderation/00000000-0000-0000-0000-000000000000').expect(404);
    await chair.get(`/campaigns/${setup.campaign.id}/audit`).expect(403);
  });
});
