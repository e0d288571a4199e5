import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { parse } from '../../helpers/html.js';
import { browser, newPerson, signIn, type Agent } from '../../helpers/sign-in.js';
import {
  addMember,
  auditActions,
  createPanel,
  errorHrefs,
  makeCampaign,
  makeCandidate,
  postForm,
  postWithToken,
  schedule,
  userIdOf,
} from './helpers.js';

describe('panels: the owner’s pages', () => {
  let app: TestApp;
  let db: Kysely<Database>;
  let owner: Agent;
  let ownerId: string;

  before(async () => {
    app = await startTestApp();
    db = (await testDatabase()).db;
    owner = await signIn(app, 'dev-hiring-manager');
    ownerId = await userIdOf(db, 'dev-hiring-manager');
  });
  after(() => app.close());

  describe('creating panels', () => {
    let campaign: { id: string; title: string };
    let base: string;
    before(async () => {
      campaign = await makeCampaign(db, ownerId);
      base = `/campaigns/${campaign.id}/panels`;
    });

    it('creates a panel and audits it', async () => {
      const panelId = await createPanel(owner, campaign.id, 'Panel A');
      const page = parse((await owner.get(`${base}/${panelId}`).expect(200)).text);
      assert.equal(page('h1').text().trim(), 'Panel A');
      const list = parse((await owner.get(base).expect(200)).text);
      assert.match(list('.govuk-summary-card__title').text(), /Panel A/);
      const audit = await auditActions(db, campaign.id);
      assert.deepEqual(
        audit.map((a) => [a.action, a.entity_id]),
        [['panel.created', panelId]],
      );
    });

    it('refuses an empty name with the error summary, and saves nothing', async () => {
      const before = await db
        .selectFrom('panels')
        .select('id')
        .where('campaign_id', '=', campaign.id)
        .execute();
      const res = await postForm(owner, base, base, { name: '   ' });
      assert.equal(res.status, 400);
      const $ = parse(res.text);
      assert.match($('title').text(), /^Error:/);
      assert.deepEqual(errorHrefs(res.text), ['#name']);
      assert.match($('#name-error').text(), /Enter the panel name/);
      const after = await db
        .selectFrom('panels')
        .select('id')
        .where('campaign_id', '=', campaign.id)
        .execute();
      assert.equal(after.length, before.length);
    });

    it('refuses a name the campaign already uses, whatever its case, and re-shows it', async () => {
      await createPanel(owner, campaign.id, 'Tuesday panel');
      const res = await postForm(owner, base, base, { name: 'tuesday PANEL' });
      assert.equal(res.status, 400);
      const $ = parse(res.text);
      assert.match($('#name-error').text(), /already has a panel with this name/);
      assert.equal($('#name').val(), 'tuesday PANEL');
    });

    it('allows the same name in another campaign', async () => {
      const other = await makeCampaign(db, ownerId);
      await createPanel(owner, other.id, 'Tuesday panel');
    });

    it('refuses unexpected fields (strict form)', async () => {
      const res = await postForm(owner, base, base, { name: 'Panel Z', campaign_id: 'x' });
      assert.equal(res.status, 400);
    });

    it('answers 404 for a panel of another campaign, or none at all', async () => {
      const other = await makeCampaign(db, ownerId);
      const otherPanel = await createPanel(owner, other.id, 'Elsewhere');
      await owner.get(`${base}/${otherPanel}`).expect(404);
      await owner.get(`${base}/00000000-0000-0000-0000-000000000000`).expect(404);
      await owner.get(`${base}/not-an-id`).expect(404);
      await owner.get(`/campaigns/00000000-0000-0000-0000-000000000000/panels`).expect(404);
    });
  });

  describe('members', () => {
    let campaign: { id: string };
    let panelId: string;
    let panelUrl: string;
    before(async () => {
      campaign = await makeCampaign(db, ownerId);
      panelId = await createPanel(owner, campaign.id, 'Members panel');
      panelUrl = `/campaigns/${campaign.id}/panels/${panelId}`;
    });

    const members = () =>
      db
        .selectFrom('panel_members')
        .innerJoin('users', 'users.id', 'panel_members.user_id')
        .select(['users.email', 'panel_members.role', 'users.subject', 'users.id'])
        .where('panel_id', '=', panelId)
        .orderBy('added_at')
        .execute();

    it('adds people who have signed in and invites people who have not, with their role', async () => {
      const signedIn = newPerson(app);
      await signIn(app, signedIn.subject);
      const invited = newPerson(app);
      assert.equal((await addMember(owner, campaign.id, panelId, signedIn.email, 'chair')).status, 303);
      const res = await addMember(owner, campaign.id, panelId, invited.email.toUpperCase(), 'independent');
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, `${panelUrl}?added=1`);

      const rows = await members();
      assert.deepEqual(
        rows.map((r) => [r.email.toLowerCase(), r.role, r.subject === null]),
        [
          [signedIn.email, 'chair', false],
          [invited.email, 'independent', true],
        ],
      );
      const $ = parse((await owner.get(`${panelUrl}?added=1`).expect(200)).text);
      assert.match($('.govuk-notification-banner').text(), /Panel member added/);
      const table = $('table').first().text().replace(/\s+/g, ' ');
      assert.match(table, /Chair/);
      assert.match(table, /Independent member/);
      assert.match(table, /has not signed in yet/);

      // The invitee is matched by email at first sign-in and sees the panel's interviews page.
      const agent = await signIn(app, invited.subject);
      await agent.get('/interviews').expect(200);
      const after = await members();
      assert.equal(after.find((r) => r.role === 'independent')?.subject, invited.subject);

      const audit = await auditActions(db, campaign.id);
      assert.deepEqual(
        audit.filter((a) => a.action === 'panel.member-added').map((a) => (a.after as { role: string }).role),
        ['chair', 'independent'],
      );
    });

    it('allows one chair per panel: a second chair gets a field error, and nothing is saved', async () => {
      const second = newPerson(app);
      const before = await members();
      const res = await addMember(owner, campaign.id, panelId, second.email, 'chair');
      assert.equal(res.status, 400);
      const $ = parse(res.text);
      assert.match($('title').text(), /^Error:/);
      assert.deepEqual(errorHrefs(res.text), ['#role']);
      assert.match($('#role-error').text(), /already has a chair/);
      assert.equal($('#email').val(), second.email, 'the email is shown again');
      assert.equal($('input[name=role][value=chair]').attr('checked'), 'checked', 'the role is shown again');
      assert.deepEqual(await members(), before);
      assert.equal(
        await db.selectFrom('users').select('id').where('email', '=', second.email).executeTakeFirst(),
        undefined,
        'the invitation is rolled back too',
      );

      assert.equal((await addMember(owner, campaign.id, panelId, second.email, 'member')).status, 303);
    });

    it('refuses someone already on the panel, a bad email and a missing role', async () => {
      const [first] = await members();
      const again = await addMember(owner, campaign.id, panelId, first!.email, 'member');
      assert.equal(again.status, 400);
      assert.match(parse(again.text)('#email-error').text(), /already on this panel/);

      const bad = await postForm(owner, panelUrl, `${panelUrl}/members`, { email: 'not an email' });
      assert.equal(bad.status, 400);
      assert.deepEqual(errorHrefs(bad.text), ['#email', '#role']);
      const $ = parse(bad.text);
      assert.match($('#email-error').text(), /correct format/);
      assert.match($('#role-error').text(), /Select the panel role/);
    });

    it('removes a member, and audits it', async () => {
      const person = newPerson(app);
      await addMember(owner, campaign.id, panelId, person.email, 'member');
      const user = (await members()).find((m) => m.email === person.email)!;
      const res = await postForm(owner, panelUrl, `${panelUrl}/members/${user.id}/remove`, {});
      assert.equal(res.status, 303);
      assert.ok(!(await members()).some((m) => m.id === user.id));
      const audit = await auditActions(db, campaign.id);
      const removed = audit.filter((a) => a.action === 'panel.member-removed');
      assert.deepEqual(removed.at(-1)?.before, { userId: user.id, role: 'member' });
      const again = await postForm(owner, panelUrl, `${panelUrl}/members/${user.id}/remove`, {});
      assert.equal(again.status, 404);
    });

    it('lets the chair be removed and replaced', async () => {
      const chair = (await members()).find((m) => m.role === 'chair')!;
      await postForm(owner, panelUrl, `${panelUrl}/members/${chair.id}/remove`, {});
      const next = newPerson(app);
      assert.equal((await addMember(owner, campaign.id, panelId, next.email, 'chair')).status, 303);
    });
  });

  describe('scheduling interviews', () => {
    let campaign: { id: string };
    let base: string;
    let panelA: string;
    let panelB: string;
    before(async () => {
      campaign = await makeCampaign(db, ownerId);
      base = `/campaigns/${campaign.id}/panels`;
      panelA = await createPanel(owner, campaign.id, 'Panel A');
      panelB = await createPanel(owner, campaign.id, 'Panel B');
    });

    const interviewOf = (candidateId: string) =>
      db.selectFrom('interviews').selectAll().where('candidate_id', '=', candidateId).executeTakeFirst();

    it('offers the candidates who have not withdrawn and have no interview', async () => {
      const waiting = await makeCandidate(db, campaign.id, { name: 'Waiting Wendy' });
      const withdrawn = await makeCandidate(db, campaign.id, { name: 'Withdrawn Walter', withdrawn: true });
      const $ = parse((await owner.get(`${base}/interviews/new`).expect(200)).text);
      const options = $('#candidateId option')
        .map((_i, o) => $(o).attr('value'))
        .get();
      assert.ok(options.includes(waiting.id));
      assert.ok(!options.includes(withdrawn.id));
      const res = await schedule(owner, campaign.id, {
        candidateId: withdrawn.id,
        panelId: panelA,
        day: '6',
        month: '7',
        year: '2026',
        time: '10:00',
      });
      assert.equal(res.status, 400);
      assert.match(parse(res.text)('#candidateId-error').text(), /withdrawn/);
      assert.equal(await interviewOf(withdrawn.id), undefined);
    });

    it('shows every problem of an empty form, linked to each field', async () => {
      const res = await postForm(owner, `${base}/interviews/new`, `${base}/interviews`, {});
      assert.equal(res.status, 400);
      assert.match(parse(res.text)('title').text(), /^Error:/);
      assert.deepEqual(errorHrefs(res.text), [
        '#candidateId',
        '#panelId',
        '#interviewDate-day',
        '#interviewTime',
      ]);
    });

    it('says which date parts are missing, marks those inputs, re-shows the values and saves nothing', async () => {
      const candidate = await makeCandidate(db, campaign.id);
      const res = await schedule(owner, campaign.id, {
        candidateId: candidate.id,
        panelId: panelA,
        day: '6',
        month: '',
        year: '',
        time: '14:30',
      });
      assert.equal(res.status, 400);
      const $ = parse(res.text);
      assert.deepEqual(errorHrefs(res.text), ['#interviewDate-month']);
      assert.match($('#interviewDate-error').text(), /Interview date must include a month and year/);
      assert.equal($('#interviewDate-day').hasClass('govuk-input--error'), false);
      assert.equal($('#interviewDate-month').hasClass('govuk-input--error'), true);
      assert.equal($('#interviewDate-year').hasClass('govuk-input--error'), true);
      assert.equal($('#interviewDate-day').val(), '6');
      assert.equal($('#interviewTime').val(), '14:30');
      assert.equal($('#candidateId option[selected]').attr('value'), candidate.id);
      assert.equal($('#panelId option[selected]').attr('value'), panelA);
      assert.equal(await interviewOf(candidate.id), undefined);
    });

    it('refuses impossible dates, bad times and a time the clocks skip', async () => {
      const candidate = await makeCandidate(db, campaign.id);
      const attempt = (day: string, month: string, year: string, time: string) =>
        schedule(owner, campaign.id, { candidateId: candidate.id, panelId: panelA, day, month, year, time });

      const february = await attempt('31', '2', '2026', '10:00');
      assert.equal(february.status, 400);
      const $ = parse(february.text);
      assert.match($('#interviewDate-error').text(), /Interview date must be a real date/);
      for (const part of ['day', 'month', 'year'])
        assert.equal($(`#interviewDate-${part}`).hasClass('govuk-input--error'), true, part);

      const leap = await attempt('29', '2', '2027', '10:00');
      assert.equal(leap.status, 400);

      const month = await attempt('1', '13', '2026', '10:00');
      assert.equal(parse(month.text)('#interviewDate-error').text().includes('real date'), true);
      assert.deepEqual(errorHrefs(month.text), ['#interviewDate-month']);

      const year = await attempt('1', '3', '26', '10:00');
      assert.match(parse(year.text)('#interviewDate-error').text(), /Year must include 4 numbers/);

      const time = await attempt('6', '7', '2026', '25:00');
      assert.equal(time.status, 400);
      assert.deepEqual(errorHrefs(time.text), ['#interviewTime']);
      assert.match(parse(time.text)('#interviewTime-error').text(), /24-hour format/);

      const skipped = await attempt('29', '3', '2026', '01:30');
      assert.equal(skipped.status, 400);
      assert.match(parse(skipped.text)('#interviewTime-error').text(), /clocks go forward/);

      assert.equal(await interviewOf(candidate.id), undefined);
    });

    it('stores UK summer time (BST) as UTC, an hour earlier', async () => {
      const candidate = await makeCandidate(db, campaign.id);
      const res = await schedule(owner, campaign.id, {
        candidateId: candidate.id,
        panelId: panelA,
        day: '6',
        month: '7',
        year: '2026',
        time: '14:30',
      });
      assert.equal(res.status, 303, res.text.slice(0, 300));
      assert.equal(res.headers.location, `${base}/${panelA}`);
      const stored = await interviewOf(candidate.id);
      assert.equal(stored?.scheduled_at.toISOString(), '2026-07-06T13:30:00.000Z');
      assert.equal(stored?.panel_id, panelA);

      const $ = parse((await owner.get(`${base}/${panelA}`).expect(200)).text);
      const row = $('table')
        .last()
        .find('tr')
        .filter((_i, tr) => $(tr).text().includes(candidate.name));
      assert.match(row.text().replace(/\s+/g, ' '), /Monday 6 July 2026 2:30pm/);
    });

    it('stores UK winter time (GMT) as UTC unchanged, and allows past dates', async () => {
      const winter = await makeCandidate(db, campaign.id);
      assert.equal(
        (
          await schedule(owner, campaign.id, {
            candidateId: winter.id,
            panelId: panelB,
            day: '15',
            month: '01',
            year: '2027',
            time: '9:00',
          })
        ).status,
        303,
      );
      assert.equal((await interviewOf(winter.id))?.scheduled_at.toISOString(), '2027-01-15T09:00:00.000Z');

      const past = await makeCandidate(db, campaign.id);
      assert.equal(
        (
          await schedule(owner, campaign.id, {
            candidateId: past.id,
            panelId: panelB,
            day: '3',
            month: '3',
            year: '2020',
            time: '10:00',
          })
        ).status,
        303,
      );
      assert.equal((await interviewOf(past.id))?.scheduled_at.toISOString(), '2020-03-03T10:00:00.000Z');
    });

    it('refuses a candidate or panel from another campaign', async () => {
      const other = await makeCampaign(db, ownerId);
      const stranger = await makeCandidate(db, other.id);
      const otherPanel = await createPanel(owner, other.id, 'Other panel');
      const mine = await makeCandidate(db, campaign.id);
      const when = { day: '6', month: '7', year: '2026', time: '10:00' };
      const wrongCandidate = await schedule(owner, campaign.id, {
        candidateId: stranger.id,
        panelId: panelA,
        ...when,
      });
      assert.equal(wrongCandidate.status, 400);
      assert.match(
        parse(wrongCandidate.text)('#candidateId-error').text(),
        /Select a candidate from the list/,
      );
      const wrongPanel = await schedule(owner, campaign.id, {
        candidateId: mine.id,
        panelId: otherPanel,
        ...when,
      });
      assert.equal(wrongPanel.status, 400);
      assert.match(parse(wrongPanel.text)('#panelId-error').text(), /Select a panel from the list/);
      assert.equal(await interviewOf(stranger.id), undefined);
      assert.equal(await interviewOf(mine.id), undefined);
    });

    it('reschedules, moves to another panel and cancels, auditing each change', async () => {
      const candidate = await makeCandidate(db, campaign.id);
      await schedule(owner, campaign.id, {
        candidateId: candidate.id,
        panelId: panelA,
        day: '24',
        month: '10',
        year: '2026',
        time: '16:00',
      });
      const url = `${base}/interviews/${candidate.id}`;
      const form = parse((await owner.get(url).expect(200)).text);
      assert.equal(form('#interviewDate-day').val(), '24');
      assert.equal(form('#interviewDate-month').val(), '10');
      assert.equal(form('#interviewDate-year').val(), '2026');
      assert.equal(form('#interviewTime').val(), '16:00', 'shown in UK time (BST)');
      assert.equal(form('#panelId option[selected]').attr('value'), panelA);

      const invalid = await postForm(owner, url, url, {
        panelId: panelB,
        'interviewDate-day': '',
        'interviewDate-month': '',
        'interviewDate-year': '',
        interviewTime: '',
      });
      assert.equal(invalid.status, 400);
      assert.deepEqual(errorHrefs(invalid.text), ['#interviewDate-day', '#interviewTime']);
      assert.equal((await interviewOf(candidate.id))?.panel_id, panelA, 'nothing saved');

      const moved = await postForm(owner, url, url, {
        panelId: panelB,
        'interviewDate-day': '26',
        'interviewDate-month': '10',
        'interviewDate-year': '2026',
        interviewTime: '16:00',
      });
      assert.equal(moved.status, 303);
      const stored = await interviewOf(candidate.id);
      assert.equal(stored?.panel_id, panelB);
      assert.equal(
        stored?.scheduled_at.toISOString(),
        '2026-10-26T16:00:00.000Z',
        'GMT after the clocks go back',
      );

      const cancelled = await postForm(owner, url, `${url}/remove`, {});
      assert.equal(cancelled.status, 303);
      assert.equal(await interviewOf(candidate.id), undefined);
      const list = parse((await owner.get(base).expect(200)).text);
      assert.match(list.text(), new RegExp(candidate.name), 'back among the candidates without an interview');

      const audit = (await auditActions(db, campaign.id)).filter((a) => a.entity_id === candidate.id);
      assert.deepEqual(
        audit.map((a) => a.action),
        ['interview.scheduled', 'interview.rescheduled', 'interview.unscheduled'],
      );
      assert.deepEqual(audit[1]!.before, { panelId: panelA, scheduledAt: '2026-10-24T15:00:00.000Z' });
      assert.deepEqual(audit[1]!.after, { panelId: panelB, scheduledAt: '2026-10-26T16:00:00.000Z' });
      assert.ok(audit.every((a) => a.actor_id === ownerId));

      await postForm(owner, url, `${url}/remove`, {}).then((r) => assert.equal(r.status, 404));
    });

    it('answers 404 for a candidate of another campaign', async () => {
      const other = await makeCampaign(db, ownerId);
      const stranger = await makeCandidate(db, other.id);
      await owner.get(`${base}/interviews/${stranger.id}`).expect(404);
      await owner.get(`${base}/interviews/not-an-id`).expect(404);
    });
  });

  describe('who may use the owner’s pages', () => {
    let campaign: { id: string; title: string };
    let paths: { get: string[]; post: string[] };
    let panelMember: Agent;

    before(async () => {
      campaign = await makeCampaign(db, ownerId, { title: `Secret campaign ${Date.now()}` });
      const base = `/campaigns/${campaign.id}/panels`;
      const panelId = await createPanel(owner, campaign.id, 'Access panel');
      const candidate = await makeCandidate(db, campaign.id);
      const person = newPerson(app);
      await addMember(owner, campaign.id, panelId, person.email, 'member');
      panelMember = await signIn(app, person.subject);
      const memberId = await userIdOf(db, person.subject);
      await schedule(owner, campaign.id, {
        candidateId: candidate.id,
        panelId,
        day: '6',
        month: '7',
        year: '2026',
        time: '10:00',
      });
      paths = {
        get: [base, `${base}/interviews/new`, `${base}/interviews/${candidate.id}`, `${base}/${panelId}`],
        post: [
          base,
          `${base}/interviews`,
          `${base}/interviews/${candidate.id}`,
          `${base}/interviews/${candidate.id}/remove`,
          `${base}/${panelId}/members`,
          `${base}/${panelId}/members/${memberId}/remove`,
        ],
      };
    });

    it('refuses another hiring manager, an administrator and a panel member with a 403 on every route', async () => {
      const outsiders: Array<[string, Agent]> = [
        ['another hiring manager', await signIn(app, 'dev-hiring-manager-2')],
        ['an administrator', await signIn(app, 'dev-administrator')],
        ['a panel member', panelMember],
      ];
      const before = await auditActions(db, campaign.id);
      for (const [who, agent] of outsiders) {
        for (const path of paths.get) {
          const res = await agent.get(path);
          assert.equal(res.status, 403, `GET ${path} for ${who}`);
          assert.doesNotMatch(res.text, new RegExp(campaign.title));
        }
        for (const path of paths.post) {
          const res = await postWithToken(agent, path, {
            name: 'Hijack',
            email: 'x@example.gov.uk',
            role: 'chair',
          });
          assert.equal(res.status, 403, `POST ${path} for ${who}`);
        }
      }
      assert.equal((await auditActions(db, campaign.id)).length, before.length, 'nothing changed');
      for (const path of paths.get) await owner.get(path).expect(200);
    });

    it('sends anonymous people to sign in', async () => {
      for (const path of paths.get) {
        const res = await browser(app).get(path).set('Accept', 'text/html');
        assert.equal(res.status, 302, path);
        assert.equal(res.headers.location, `/auth/sign-in?returnTo=${encodeURIComponent(path)}`);
      }
    });
  });
});
