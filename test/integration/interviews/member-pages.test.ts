import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.js';
import { canScore, eligibleMembers } from '../../../server/domain/panels.js';
import { listDeclarations } from '../../../server/features/interviews/repository.js';
import { listMembers } from '../../../server/features/panels/repository.js';
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
} from '../panels/helpers.js';

type Person = { agent: Agent; id: string; name: string; email: string };

describe('interviews: the panel member’s pages', () => {
  let app: TestApp;
  let db: Kysely<Database>;
  let owner: Agent;
  let ownerId: string;

  /** A new person, signed in, so they have a user id and a session. */
  async function person(): Promise<Person> {
    const p = newPerson(app);
    const agent = await signIn(app, p.subject);
    return { agent, id: await userIdOf(db, p.subject), name: p.name, email: p.email };
  }

  before(async () => {
    app = await startTestApp();
    db = (await testDatabase()).db;
    owner = await signIn(app, 'dev-hiring-manager');
    ownerId = await userIdOf(db, 'dev-hiring-manager');
  });
  after(() => app.close());

  describe('who sees which candidates', () => {
    let campaignA: { id: string; title: string };
    let campaignB: { id: string; title: string };
    let a1: Awaited<ReturnType<typeof makeCandidate>>;
    let a2: Awaited<ReturnType<typeof makeCandidate>>;
    let b1: Awaited<ReturnType<typeof makeCandidate>>;
    let m1: Person;
    let m2: Person;
    let m3: Person;

    before(async () => {
      campaignA = await makeCampaign(db, ownerId, { title: `Campaign A ${Date.now()}` });
      campaignB = await makeCampaign(db, ownerId, { title: `Campaign B ${Date.now()}` });
      const p1 = await createPanel(owner, campaignA.id, 'Panel 1');
      const p2 = await createPanel(owner, campaignA.id, 'Panel 2');
      const q = await createPanel(owner, campaignB.id, 'Panel Q');
      a1 = await makeCandidate(db, campaignA.id, { name: 'Alys Ap-Rhys' });
      a2 = await makeCandidate(db, campaignA.id, { name: 'Bartholomew Second' });
      const a3 = await makeCandidate(db, campaignA.id, { name: 'Cerys Later' });
      b1 = await makeCandidate(db, campaignB.id, { name: 'Dafydd Other' });
      [m1, m2, m3] = [await person(), await person(), await person()];
      await addMember(owner, campaignA.id, p1, m1.email, 'chair');
      await addMember(owner, campaignA.id, p2, m2.email, 'member');
      await addMember(owner, campaignB.id, q, m3.email, 'independent');
      const when = { month: '7', year: '2026' };
      await schedule(owner, campaignA.id, {
        candidateId: a1.id,
        panelId: p1,
        day: '6',
        ...when,
        time: '09:00',
      });
      await schedule(owner, campaignA.id, {
        candidateId: a3.id,
        panelId: p1,
        day: '7',
        ...when,
        time: '14:30',
      });
      await schedule(owner, campaignA.id, {
        candidateId: a2.id,
        panelId: p2,
        day: '6',
        ...when,
        time: '10:00',
      });
      await schedule(owner, campaignB.id, {
        candidateId: b1.id,
        panelId: q,
        day: '6',
        ...when,
        time: '11:00',
      });
    });

    it('lists a member’s interviews by UK date, with time, campaign, candidate, role and conflict state', async () => {
      const $ = parse((await m1.agent.get('/interviews').expect(200)).text);
      assert.deepEqual(
        $('main h2')
          .map((_i, h) => $(h).text().trim())
          .get(),
        ['Monday 6 July 2026', 'Tuesday 7 July 2026'],
      );
      const rows = $('main table tbody tr')
        .map((_i, tr) =>
          $(tr)
            .find('td, th')
            .map((_j, td) => $(td).text().replace(/\s+/g, ' ').trim())
            .get()
            .slice(0, 5)
            .join(' | '),
        )
        .get();
      assert.deepEqual(rows, [
        `9am | Alys Ap-Rhys (declare any conflict of interest, then score) | ${campaignA.title} | Chair | Declaration needed`,
        `2:30pm | Cerys Later (declare any conflict of interest, then score) | ${campaignA.title} | Chair | Declaration needed`,
      ]);
    });

    it('shows only the candidates of the member’s own panels', async () => {
      const cases: Array<[Person, string[], string[]]> = [
        [m1, [a1.name], [a2.name, b1.name]],
        [m2, [a2.name], [a1.name, b1.name]],
        [m3, [b1.name], [a1.name, a2.name]],
      ];
      for (const [member, sees, doesNotSee] of cases) {
        const text = (await member.agent.get('/interviews').expect(200)).text;
        for (const name of sees) assert.ok(text.includes(name), `${member.name} sees ${name}`);
        for (const name of doesNotSee) assert.ok(!text.includes(name), `${member.name} does not see ${name}`);
      }
    });

    it('refuses a member the declaration page of a candidate on another panel or campaign (403)', async () => {
      await m1.agent.get(`/interviews/${a1.id}/conflict`).expect(200);
      for (const [member, candidate] of [
        [m1, a2],
        [m1, b1],
        [m2, a1],
        [m3, a1],
      ] as const) {
        const res = await member.agent.get(`/interviews/${candidate.id}/conflict`);
        assert.equal(res.status, 403);
        assert.ok(!res.text.includes(candidate.name));
        const post = await postWithToken(member.agent, `/interviews/${candidate.id}/conflict`, {
          conflicted: 'no',
        });
        assert.equal(post.status, 403);
      }
      const declared = await db
        .selectFrom('conflict_declarations')
        .select('user_id')
        .where('candidate_id', 'in', [a1.id, a2.id, b1.id])
        .execute();
      assert.deepEqual(declared, [], 'nothing was saved');
    });

    it('refuses people on no panel, including the campaign’s owner, and answers 404 for unknown candidates', async () => {
      const outsider = await person();
      await outsider.agent.get(`/interviews/${a1.id}/conflict`).expect(403);
      await owner.get(`/interviews/${a1.id}/conflict`).expect(403);
      const unscheduled = await makeCandidate(db, campaignA.id);
      await m1.agent.get(`/interviews/${unscheduled.id}/conflict`).expect(403);
      await m1.agent.get('/interviews/00000000-0000-0000-0000-000000000000/conflict').expect(404);
      await m1.agent.get('/interviews/not-an-id/conflict').expect(404);
      const empty = parse((await outsider.agent.get('/interviews').expect(200)).text);
      assert.match(empty('main').text(), /You have no interviews/);
    });

    it('loses access when removed from the panel', async () => {
      const extra = await person();
      const panel = await db
        .selectFrom('panels')
        .select('id')
        .where('campaign_id', '=', campaignA.id)
        .where('name', '=', 'Panel 1')
        .executeTakeFirstOrThrow();
      await addMember(owner, campaignA.id, panel.id, extra.email, 'member');
      await extra.agent.get(`/interviews/${a1.id}/conflict`).expect(200);
      const url = `/campaigns/${campaignA.id}/panels/${panel.id}`;
      await postForm(owner, url, `${url}/members/${extra.id}/remove`, {});
      await extra.agent.get(`/interviews/${a1.id}/conflict`).expect(403);
      assert.ok(!(await extra.agent.get('/interviews').expect(200)).text.includes(a1.name));
    });

    it('sends anonymous people to sign in', async () => {
      const res = await browser(app).get('/interviews').set('Accept', 'text/html');
      assert.equal(res.status, 302);
      assert.equal(res.headers.location, '/auth/sign-in?returnTo=%2Finterviews');
      const conflict = await browser(app).get(`/interviews/${a1.id}/conflict`).set('Accept', 'text/html');
      assert.equal(conflict.status, 302);
    });
  });

  describe('anonymised campaigns', () => {
    const candidateName = 'Zebedee Quartermaine-Uniquename';
    const candidateEmail = 'zebedee.qu@example.com';
    let campaign: { id: string };
    let candidateId: string;
    let member: Person;
    let panelId: string;

    before(async () => {
      campaign = await makeCampaign(db, ownerId, { anonymised: true });
      panelId = await createPanel(owner, campaign.id, 'Blind panel');
      const candidate = await makeCandidate(db, campaign.id, {
        name: candidateName,
        email: candidateEmail,
        reference: 'ANON-7',
      });
      candidateId = candidate.id;
      member = await person();
      await addMember(owner, campaign.id, panelId, member.email, 'member');
      await schedule(owner, campaign.id, {
        candidateId,
        panelId,
        day: '6',
        month: '7',
        year: '2026',
        time: '09:00',
      });
    });

    const assertNoIdentity = (text: string, where: string) => {
      const lower = text.toLowerCase();
      for (const secret of [candidateName, 'Zebedee', 'Quartermaine', candidateEmail]) {
        assert.ok(!lower.includes(secret.toLowerCase()), `${where} must not contain ${secret}`);
      }
      assert.ok(text.includes('ANON-7'), `${where} shows the reference`);
    };

    it('never shows the candidate’s name or email to a panel member, anywhere in the page', async () => {
      assertNoIdentity((await member.agent.get('/interviews').expect(200)).text, 'the interviews list');
      const url = `/interviews/${candidateId}/conflict`;
      const page = await member.agent.get(url).expect(200);
      assertNoIdentity(page.text, 'the declaration page');
      assert.match(parse(page.text)('title').text(), /ANON-7/);

      const invalid = await postForm(member.agent, url, url, {});
      assert.equal(invalid.status, 400);
      assertNoIdentity(invalid.text, 'the declaration page with errors');

      const saved = await postForm(member.agent, url, url, { conflicted: 'no', description: '' });
      assert.equal(saved.status, 303);
      const list = await member.agent.get(saved.headers.location!).expect(200);
      assertNoIdentity(list.text, 'the interviews list after declaring');
      assert.match(parse(list.text)('.govuk-notification-banner').text(), /ANON-7/);
    });

    it('hides names even from an owner who sits on the panel, on the panel pages', async () => {
      await addMember(owner, campaign.id, panelId, 'grace.hopper@example.gov.uk', 'chair');
      assertNoIdentity((await owner.get('/interviews').expect(200)).text, 'the owner’s interviews list');
      assertNoIdentity(
        (await owner.get(`/interviews/${candidateId}/conflict`).expect(200)).text,
        'the owner’s declaration page',
      );
      // The owner's own campaign pages still name the candidate.
      const panelPage = await owner.get(`/campaigns/${campaign.id}/panels/${panelId}`).expect(200);
      assert.ok(panelPage.text.includes(candidateName));
    });
  });

  describe('after scoring has started', () => {
    it('links the scoresheet once no conflict is declared, and locks the declaration once they score', async () => {
      const campaign = await makeCampaign(db, ownerId);
      const panelId = await createPanel(owner, campaign.id, 'Scoring panel');
      const candidate = await makeCandidate(db, campaign.id, { name: 'Ffion Scored' });
      const member = await person();
      await addMember(owner, campaign.id, panelId, member.email, 'member');
      await schedule(owner, campaign.id, {
        candidateId: candidate.id,
        panelId,
        day: '2',
        month: '2',
        year: '2027',
        time: '10:00',
      });
      const url = `/interviews/${candidate.id}/conflict`;
      const scoresheet = `/interviews/${candidate.id}/scoresheet`;
      const links = async () => {
        const $ = parse((await member.agent.get('/interviews').expect(200)).text);
        return $('main table a')
          .map((_i, a) => [[$(a).attr('href'), $(a).text().replace(/\s+/g, ' ').trim()]])
          .get();
      };
      assert.deepEqual(await links(), [
        [url, `${candidate.name} (declare any conflict of interest, then score)`],
        [url, `Declare conflict of interest declaration for ${candidate.name}`],
      ]);

      await postForm(member.agent, url, url, { conflicted: 'no' });
      assert.deepEqual(await links(), [
        [scoresheet, `${candidate.name} (open the scoresheet)`],
        [url, `Change conflict of interest declaration for ${candidate.name}`],
      ]);

      // A sheet opened but left empty does not count as scoring.
      const version = await db
        .insertInto('scoresheet_versions')
        .values({
          campaign_id: campaign.id,
          version: 1,
          content: '{}',
          content_hash: 'test',
          published_by: ownerId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const sheet = await db
        .insertInto('member_sheets')
        .values({
          candidate_id: candidate.id,
          user_id: member.id,
          scoresheet_version_id: version.id,
          last_request_id: null,
          submitted_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      assert.equal(
        parse((await member.agent.get(url).expect(200)).text)('form[action$="/conflict"]').length,
        1,
      );

      await db
        .insertInto('member_scores')
        .values({ sheet_id: sheet.id, criterion_id: 'c1', score: 5, evidence: '' })
        .execute();
      const page = parse((await member.agent.get(url).expect(200)).text);
      assert.equal(page('form[action$="/conflict"]').length, 0, 'no form once they have scored');
      assert.match(page('.govuk-inset-text').text(), /can no longer be changed/);
      assert.equal(page(`a[href="${scoresheet}"]`).length, 1);

      const refused = await postWithToken(member.agent, url, {
        conflicted: 'yes',
        description: 'Too late',
      });
      assert.equal(refused.status, 409);
      const stored = await db
        .selectFrom('conflict_declarations')
        .select(['conflicted', 'description'])
        .where('candidate_id', '=', candidate.id)
        .where('user_id', '=', member.id)
        .executeTakeFirst();
      assert.deepEqual(stored, { conflicted: false, description: null });
      assert.deepEqual((await links())[1], [
        url,
        `View conflict of interest declaration for ${candidate.name}`,
      ]);
    });
  });

  describe('declaring conflicts of interest', () => {
    let campaign: { id: string };
    let panelId: string;
    let candidate: Awaited<ReturnType<typeof makeCandidate>>;
    let chair: Person;
    let member: Person;
    let independent: Person;
    let url: string;

    before(async () => {
      campaign = await makeCampaign(db, ownerId);
      panelId = await createPanel(owner, campaign.id, 'Declaring panel');
      candidate = await makeCandidate(db, campaign.id, { name: 'Eirlys Declared' });
      [chair, member, independent] = [await person(), await person(), await person()];
      await addMember(owner, campaign.id, panelId, chair.email, 'chair');
      await addMember(owner, campaign.id, panelId, member.email, 'member');
      await addMember(owner, campaign.id, panelId, independent.email, 'independent');
      await schedule(owner, campaign.id, {
        candidateId: candidate.id,
        panelId,
        day: '12',
        month: '1',
        year: '2027',
        time: '13:00',
      });
      url = `/interviews/${candidate.id}/conflict`;
    });

    const declarationOf = (userId: string) =>
      db
        .selectFrom('conflict_declarations')
        .select(['conflicted', 'description'])
        .where('candidate_id', '=', candidate.id)
        .where('user_id', '=', userId)
        .executeTakeFirst();

    it('shows the interview and asks for a declaration', async () => {
      const $ = parse((await chair.agent.get(url).expect(200)).text);
      const summary = $('.govuk-summary-list').text().replace(/\s+/g, ' ');
      assert.match(summary, /Eirlys Declared/);
      assert.match(summary, /Tuesday 12 January 2027 at 1pm/);
      assert.match(summary, /Chair/);
      assert.match(summary, /Not declared yet/);
      assert.deepEqual(
        $('input[name=conflicted]')
          .map((_i, el) => $(el).attr('value'))
          .get(),
        ['no', 'yes'],
      );
    });

    it('needs a choice, and a description of at most 500 characters when conflicted; saves nothing otherwise', async () => {
      const empty = await postForm(member.agent, url, url, {});
      assert.equal(empty.status, 400);
      assert.deepEqual(errorHrefs(empty.text), ['#conflicted']);
      assert.match(
        parse(empty.text)('#conflicted-error').text(),
        /Select whether you have a conflict of interest/,
      );

      const undescribed = await postForm(member.agent, url, url, { conflicted: 'yes', description: '   ' });
      assert.equal(undescribed.status, 400);
      const $ = parse(undescribed.text);
      assert.match($('title').text(), /^Error:/);
      assert.deepEqual(errorHrefs(undescribed.text), ['#description']);
      assert.match($('#description-error').text(), /Describe your conflict of interest/);
      assert.equal(
        $('input[name=conflicted][value=yes]').attr('checked'),
        'checked',
        'the choice is shown again',
      );

      const long = 'x'.repeat(501);
      const tooLong = await postForm(member.agent, url, url, { conflicted: 'yes', description: long });
      assert.equal(tooLong.status, 400);
      const t = parse(tooLong.text);
      assert.match(t('#description-error').text(), /500 characters or fewer/);
      assert.equal(t('#description').text(), long, 'the text is shown again');

      const extra = await postForm(member.agent, url, url, { conflicted: 'no', score: '7' });
      assert.equal(extra.status, 400, 'strict form');

      assert.equal(await declarationOf(member.id), undefined);
      const list = parse((await member.agent.get('/interviews').expect(200)).text);
      assert.match(list('main table').text(), /Declaration needed/);
    });

    it('records “no conflict”, then a change to a conflict, auditing each', async () => {
      const none = await postForm(member.agent, url, url, { conflicted: 'no', description: 'ignored' });
      assert.equal(none.status, 303);
      // No scoresheet is published yet, so back to the list (with one, it goes on to the sheet).
      assert.equal(none.headers.location, `/interviews?declared=${candidate.id}`);
      assert.deepEqual(await declarationOf(member.id), { conflicted: false, description: null });
      let list = parse((await member.agent.get(none.headers.location).expect(200)).text);
      assert.match(
        list('.govuk-notification-banner').text(),
        /Your declaration for Eirlys Declared has been saved/,
      );
      assert.match(list('main table').text(), /No conflict/);

      const page = parse((await member.agent.get(url).expect(200)).text);
      assert.equal(
        page('input[name=conflicted][value=no]').attr('checked'),
        'checked',
        'the saved answer is shown',
      );

      const limit = 'y'.repeat(500);
      const conflicted = await postForm(member.agent, url, url, { conflicted: 'yes', description: limit });
      assert.equal(conflicted.status, 303);
      assert.equal(conflicted.headers.location, `/interviews?declared=${candidate.id}`);
      assert.deepEqual(await declarationOf(member.id), { conflicted: true, description: limit });
      list = parse((await member.agent.get(conflicted.headers.location).expect(200)).text);
      assert.match(
        list('.govuk-notification-banner').text(),
        /Your declaration for Eirlys Declared has been saved/,
      );
      assert.match(list('main table').text(), /Conflict declared/);

      const audit = (await auditActions(db, campaign.id)).filter((a) => a.action === 'conflict.declared');
      assert.deepEqual(
        audit.map((a) => [a.actor_id, a.entity_id, a.before, a.after]),
        [
          [member.id, candidate.id, null, { conflicted: false }],
          [member.id, candidate.id, { conflicted: false }, { conflicted: true }],
        ],
      );
      assert.ok(!JSON.stringify(audit).includes(limit), 'the description stays out of the audit log');
    });

    it('leaves a conflicted member out of the candidate’s eligible members, and shows it to the owner', async () => {
      await postForm(chair.agent, url, url, { conflicted: 'no' });
      await postForm(independent.agent, url, url, {
        conflicted: 'yes',
        description: 'I managed this candidate until last year',
      });

      const members = await listMembers(db, [panelId]);
      const declarations = (await listDeclarations(db, [candidate.id])).filter(
        (d) => d.candidateId === candidate.id,
      );
      const eligible = eligibleMembers(members, declarations).map((m) => m.userId);
      assert.deepEqual(
        eligible,
        [chair.id],
        'the member (changed to conflicted) and the independent are out',
      );

      const declarationFor = (userId: string) => declarations.find((d) => d.userId === userId);
      assert.equal(canScore({ isMember: true, declaration: declarationFor(chair.id) }), true);
      assert.equal(canScore({ isMember: true, declaration: declarationFor(independent.id) }), false);

      const page = parse((await owner.get(`/campaigns/${campaign.id}/panels/${panelId}`).expect(200)).text);
      const row = page('table')
        .last()
        .find('tr')
        .filter((_i, tr) => page(tr).text().includes('Eirlys Declared'))
        .text()
        .replace(/\s+/g, ' ');
      assert.match(row, /Conflict declared:/);
      assert.match(row, /I managed this candidate until last year/);
      assert.ok(row.includes(independent.name));
    });
  });
});
