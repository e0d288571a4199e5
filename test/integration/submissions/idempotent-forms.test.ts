import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase, uniqueSuffix } from '../../helpers/database.js';
import { requestIdFrom } from '../../helpers/forms.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { newPerson, signIn, type Agent } from '../../helpers/sign-in.js';

/**
 * Every form that creates something, swept from one list: the same request id sent twice (one after
 * the other, or at the same moment) makes one thing and both answers lead to the same place; a fresh
 * request id makes another; no request id makes nothing; and nobody else can replay one.
 */
type Fields = Record<string, string>;
type CreationForm = {
  name: string;
  /** Who fills the form in, and someone else who may use the same form. */
  who: () => Agent;
  other: () => Agent;
  page: () => string;
  action: () => string;
  /** The fields for the n-th distinct thing. */
  fields: (n: number) => Fields;
  /** How many of the n-th thing exist. */
  count: (n: number) => Promise<number>;
  /** Where the answer leads. */
  location: RegExp;
  /** Two tabs (two request ids, the same fields): both make one, or the second gets a field error. */
  twoTabs: 'both' | { field: string; text: RegExp };
};

describe('creation forms: one request id makes one thing', function () {
  this.timeout(120_000);
  let app: TestApp;
  let owner: Agent;
  let coOwner: Agent;
  let admin: Agent;
  let otherAdmin: Agent;
  let campaignId: string;
  let panelId: string;
  const candidateIds: string[] = [];
  const s = uniqueSuffix();
  let serial = 0;
  const next = () => ++serial;

  const db = async () => (await testDatabase()).db;
  const campaignUrl = () => `/campaigns/${campaignId}`;
  const uuid = '[0-9a-f-]{36}';

  const FORMS: CreationForm[] = [
    {
      name: 'create a campaign',
      who: () => owner,
      other: () => coOwner,
      page: () => '/campaigns/new',
      action: () => '/campaigns',
      fields: (n) => ({
        title: `Idempotent ${s} ${n}`,
        vacancyReference: 'IDEM-1',
        grade: 'G7',
        roleLevel: 'software-developer/developer',
        behaviourFramework: 'success-profiles',
        scale: 'civil-service-1-7',
        anonymised: 'no',
      }),
      count: async (n) =>
        (
          await (
            await db()
          )
            .selectFrom('campaigns')
            .where('title', '=', `Idempotent ${s} ${n}`)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      location: new RegExp(`^/campaigns/${uuid}$`),
      twoTabs: 'both',
    },
    {
      name: 'add a criterion',
      who: () => owner,
      other: () => coOwner,
      page: () => `${campaignUrl()}/scoresheet/criteria/new`,
      action: () => `${campaignUrl()}/scoresheet/criteria`,
      fields: (n) => ({
        kind: 'technical',
        title: `Criterion ${s} ${n}`,
        descriptor: 'What good looks like',
      }),
      count: async (n) =>
        (
          await (
            await db()
          )
            .selectFrom('scoresheet_criteria')
            .where('campaign_id', '=', campaignId)
            .where('title', '=', `Criterion ${s} ${n}`)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      location: new RegExp(`^/campaigns/${uuid}/scoresheet$`),
      twoTabs: 'both',
    },
    {
      name: 'add a co-owner',
      who: () => owner,
      other: () => coOwner,
      page: () => `${campaignUrl()}/owners`,
      action: () => `${campaignUrl()}/owners`,
      fields: (n) => ({ email: `co-owner-${s}-${n}@example.gov.uk` }),
      count: async (n) =>
        (
          await (
            await db()
          )
            .selectFrom('campaign_owners')
            .innerJoin('users', 'users.id', 'campaign_owners.user_id')
            .where('campaign_id', '=', campaignId)
            .where('users.email', '=', `co-owner-${s}-${n}@example.gov.uk`)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      location: new RegExp(`^/campaigns/${uuid}/owners$`),
      twoTabs: { field: 'email', text: /already an owner of this campaign/ },
    },
    {
      name: 'add a candidate',
      who: () => owner,
      other: () => coOwner,
      page: () => `${campaignUrl()}/candidates/new`,
      action: () => `${campaignUrl()}/candidates/new`,
      fields: (n) => ({ name: `Candidate ${n}`, email: `candidate-${s}-${n}@example.com`, reference: '' }),
      count: (n) => candidatesWithEmails([`candidate-${s}-${n}@example.com`]),
      location: new RegExp(`^/campaigns/${uuid}/candidates\\?added=${uuid}$`),
      twoTabs: { field: 'email', text: /already in this campaign/ },
    },
    {
      name: 'import candidates',
      who: () => owner,
      other: () => coOwner,
      page: () => `${campaignUrl()}/candidates/import`,
      action: () => `${campaignUrl()}/candidates/import`,
      fields: (n) => ({
        csv: ['name,email', ...importEmails(n).map((e, i) => `Imported ${n}-${i},${e}`)].join('\n'),
      }),
      // Each import is two candidates: "one thing" is one import, so two rows.
      count: async (n) => (await candidatesWithEmails(importEmails(n))) / 2,
      location: new RegExp(`^/campaigns/${uuid}/candidates\\?imported=2$`),
      twoTabs: { field: 'csv', text: /Nothing has been imported/ },
    },
    {
      name: 'create a panel',
      who: () => owner,
      other: () => coOwner,
      page: () => `${campaignUrl()}/panels`,
      action: () => `${campaignUrl()}/panels`,
      fields: (n) => ({ name: `Panel ${s} ${n}` }),
      count: async (n) =>
        (
          await (
            await db()
          )
            .selectFrom('panels')
            .where('campaign_id', '=', campaignId)
            .where('name', '=', `Panel ${s} ${n}`)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      location: new RegExp(`^/campaigns/${uuid}/panels/${uuid}$`),
      twoTabs: { field: 'name', text: /already has a panel with this name/ },
    },
    {
      name: 'add a panel member',
      who: () => owner,
      other: () => coOwner,
      page: () => `${campaignUrl()}/panels/${panelId}`,
      action: () => `${campaignUrl()}/panels/${panelId}/members`,
      fields: (n) => ({ email: `member-${s}-${n}@example.gov.uk`, role: 'member' }),
      count: async (n) =>
        (
          await (
            await db()
          )
            .selectFrom('panel_members')
            .innerJoin('users', 'users.id', 'panel_members.user_id')
            .where('panel_id', '=', panelId)
            .where('users.email', '=', `member-${s}-${n}@example.gov.uk`)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      location: new RegExp(`^/campaigns/${uuid}/panels/${uuid}\\?added=1$`),
      twoTabs: { field: 'email', text: /already on this panel/ },
    },
    {
      name: 'schedule an interview',
      who: () => owner,
      other: () => coOwner,
      page: () => `${campaignUrl()}/panels/interviews/new`,
      action: () => `${campaignUrl()}/panels/interviews`,
      fields: (n) => ({
        candidateId: candidateIds[n]!,
        panelId,
        'interviewDate-day': '14',
        'interviewDate-month': '7',
        'interviewDate-year': '2031',
        interviewTime: `${String(9 + (n % 8)).padStart(2, '0')}:00`,
      }),
      count: async (n) =>
        (
          await (
            await db()
          )
            .selectFrom('interviews')
            .where('candidate_id', '=', candidateIds[n]!)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      location: new RegExp(`^/campaigns/${uuid}/panels/${uuid}$`),
      twoTabs: { field: 'candidateId', text: /already has an interview/ },
    },
    {
      name: 'add a person',
      who: () => admin,
      other: () => otherAdmin,
      page: () => '/admin/users/new',
      action: () => '/admin/users',
      fields: (n) => ({ name: `Person ${n}`, email: `person-${s}-${n}@example.gov.uk` }),
      count: async (n) =>
        (
          await (
            await db()
          )
            .selectFrom('users')
            .where('email', '=', `person-${s}-${n}@example.gov.uk`)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      location: new RegExp(`^/admin/users/${uuid}\\?added=1$`),
      twoTabs: { field: 'email', text: /already exists/ },
    },
  ];

  const importEmails = (n: number) => [0, 1].map((i) => `imported-${s}-${n}-${i}@example.com`);
  async function candidatesWithEmails(emails: string[]): Promise<number> {
    const row = await (
      await db()
    )
      .selectFrom('candidates')
      .where('campaign_id', '=', campaignId)
      .where('email', 'in', emails)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Opens the form's page as a browser would: its CSRF token and the request id it rendered. */
  async function open(agent: Agent, form: CreationForm) {
    const page = await agent.get(form.page()).expect(200);
    const requestId = requestIdFrom(page.text, form.action());
    assert.ok(requestId, `${form.name}: the page renders a request id`);
    return { csrf: csrfTokenFrom(page.text), requestId };
  }
  const send = (agent: Agent, form: CreationForm, body: Fields) =>
    agent.post(form.action()).type('form').send(body).redirects(0);
  const created = async (form: CreationForm, n: number) => Number(await form.count(n));

  before(async () => {
    app = await startTestApp();
    owner = await signIn(app, 'dev-hiring-manager');
    coOwner = await signIn(app, 'dev-hiring-manager-2');
    admin = await signIn(app, 'dev-administrator');
    otherAdmin = await signIn(app, newPerson(app, { roles: ['administrator'] }).subject);
    const handle = await db();
    const first = await open(owner, FORMS[0]!);
    const made = await send(owner, FORMS[0]!, {
      ...FORMS[0]!.fields(0),
      requestId: first.requestId,
      _csrf: first.csrf,
    });
    assert.equal(made.status, 303, made.text.slice(0, 300));
    campaignId = made.headers.location!.split('/').pop()!;
    const coOwnerUser = await handle
      .selectFrom('users')
      .select('id')
      .where('subject', '=', 'dev-hiring-manager-2')
      .executeTakeFirstOrThrow();
    await handle
      .insertInto('campaign_owners')
      .values({ campaign_id: campaignId, user_id: coOwnerUser.id, added_by: null })
      .execute();
    panelId = (
      await handle
        .insertInto('panels')
        .values({ campaign_id: campaignId, name: `Interview panel ${s}` })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const candidates = await handle
      .insertInto('candidates')
      .values(
        Array.from({ length: 120 }, (_v, i) => ({
          campaign_id: campaignId,
          reference: `IDEM${i}`,
          name: `To interview ${i}`,
          email: `interview-${s}-${i}@example.com`,
        })),
      )
      .returning('id')
      .execute();
    candidateIds.push(...candidates.map((c) => c.id));
  });
  after(() => app.close());

  for (const form of FORMS) {
    describe(form.name, () => {
      it('makes one thing when the same form is sent twice, and both answers lead to the same place', async () => {
        const n = next();
        const { csrf, requestId } = await open(form.who(), form);
        const body = { ...form.fields(n), requestId, _csrf: csrf };
        const first = await send(form.who(), form, body);
        assert.equal(first.status, 303, first.text.slice(0, 500));
        assert.match(first.headers.location!, form.location);
        const again = await send(form.who(), form, body);
        assert.equal(again.status, 303, again.text.slice(0, 500));
        assert.equal(again.headers.location, first.headers.location);
        assert.equal(await created(form, n), 1);
      });

      it('makes one thing when the same form is sent three times at the same moment', async () => {
        const n = next();
        const { csrf, requestId } = await open(form.who(), form);
        const body = { ...form.fields(n), requestId, _csrf: csrf };
        const answers = await Promise.all([1, 2, 3].map(() => send(form.who(), form, body)));
        assert.deepEqual(
          answers.map((a) => a.status),
          [303, 303, 303],
          answers.map((a) => a.text.slice(0, 200)).join('\n'),
        );
        assert.equal(new Set(answers.map((a) => a.headers.location)).size, 1);
        assert.equal(await created(form, n), 1);
      });

      it('makes another thing with a fresh request id', async () => {
        const [a, b] = [next(), next()];
        for (const n of [a, b]) {
          const { csrf, requestId } = await open(form.who(), form);
          const res = await send(form.who(), form, { ...form.fields(n), requestId, _csrf: csrf });
          assert.equal(res.status, 303, res.text.slice(0, 500));
        }
        assert.equal(await created(form, a), 1);
        assert.equal(await created(form, b), 1);
      });

      const tabs = form.twoTabs;
      it(
        tabs === 'both'
          ? 'makes two from two tabs: each tab is its own intent'
          : `refuses the same ${tabs.field} from a second tab with a field error`,
        async () => {
          const n = next();
          const tab1 = await open(form.who(), form);
          const tab2 = await open(form.who(), form);
          assert.notEqual(tab1.requestId, tab2.requestId);
          const first = await send(form.who(), form, {
            ...form.fields(n),
            requestId: tab1.requestId,
            _csrf: tab1.csrf,
          });
          assert.equal(first.status, 303, first.text.slice(0, 500));
          const second = await send(form.who(), form, {
            ...form.fields(n),
            requestId: tab2.requestId,
            _csrf: tab2.csrf,
          });
          if (tabs === 'both') {
            assert.equal(second.status, 303);
            assert.equal(await created(form, n), 2);
          } else {
            assert.equal(second.status, 400, second.text.slice(0, 500));
            const $ = parse(second.text);
            assert.match($(`#${tabs.field}-error`).text(), tabs.text);
            assert.ok($(`.govuk-error-summary a[href="#${tabs.field}"]`).length > 0);
            assert.equal(await created(form, n), 1);
          }
        },
      );

      it('answers two tabs sent at the same moment without a server error', async () => {
        const n = next();
        const tab1 = await open(form.who(), form);
        const tab2 = await open(form.who(), form);
        const answers = await Promise.all(
          [tab1, tab2].map((tab) =>
            send(form.who(), form, { ...form.fields(n), requestId: tab.requestId, _csrf: tab.csrf }),
          ),
        );
        const statuses = answers.map((a) => a.status).sort();
        assert.deepEqual(statuses, tabs === 'both' ? [303, 303] : [303, 400]);
        assert.equal(await created(form, n), tabs === 'both' ? 2 : 1);
      });

      it('saves nothing without a valid request id, and asks for the page to be reloaded', async () => {
        const n = next();
        const { csrf } = await open(form.who(), form);
        for (const requestId of [undefined, 'not-a-request-id']) {
          const res = await send(form.who(), form, {
            ...form.fields(n),
            ...(requestId && { requestId }),
            _csrf: csrf,
          });
          assert.equal(res.status, 400, res.text.slice(0, 500));
          const $ = parse(res.text);
          assert.match($('.govuk-error-summary').text(), /Reload the page and try again/);
          assert.match($('title').text(), /^Error:/);
          // The form is shown again with a request id that works.
          const fresh = requestIdFrom(res.text, form.action());
          assert.ok(fresh && /^[0-9a-f-]{36}$/.test(fresh));
        }
        assert.equal(await created(form, n), 0);
      });

      it('refuses someone else replaying the request id, and makes nothing more', async () => {
        const n = next();
        const { csrf, requestId } = await open(form.who(), form);
        const first = await send(form.who(), form, { ...form.fields(n), requestId, _csrf: csrf });
        assert.equal(first.status, 303, first.text.slice(0, 500));
        const theirs = await open(form.other(), form);
        const replay = await send(form.other(), form, {
          ...form.fields(n),
          requestId,
          _csrf: theirs.csrf,
        });
        assert.equal(replay.status, 403);
        assert.equal(replay.headers.location, undefined);
        assert.equal(await created(form, n), 1);
      });
    });
  }

  describe('the request id', () => {
    const campaign = () => FORMS[0]!;

    it('stays with a form shown again with errors, so the corrected form still makes one thing', async () => {
      const n = next();
      const { csrf, requestId } = await open(owner, campaign());
      const refused = await send(owner, campaign(), {
        ...campaign().fields(n),
        title: '',
        requestId,
        _csrf: csrf,
      });
      assert.equal(refused.status, 400);
      assert.equal(requestIdFrom(refused.text, '/campaigns'), requestId);
      const body = { ...campaign().fields(n), requestId, _csrf: csrf };
      const made = await send(owner, campaign(), body);
      assert.equal(made.status, 303);
      const again = await send(owner, campaign(), body);
      assert.equal(again.headers.location, made.headers.location);
      assert.equal(await created(campaign(), n), 1);
      const audit = await (
        await db()
      )
        .selectFrom('audit_log')
        .where('action', '=', 'campaign.created')
        .where('entity_id', '=', made.headers.location!.split('/').pop()!)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(audit.n), 1, 'one audit entry for one campaign');
    });

    it('is renewed each time the page is opened', async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 3; i++) ids.add((await open(owner, campaign())).requestId);
      assert.equal(ids.size, 3);
    });

    it('is refused on a different kind of form, even by the same person', async () => {
      const n = next();
      const { csrf, requestId } = await open(owner, campaign());
      assert.equal(
        (await send(owner, campaign(), { ...campaign().fields(n), requestId, _csrf: csrf })).status,
        303,
      );
      const panels = FORMS.find((f) => f.name === 'create a panel')!;
      const reused = await send(owner, panels, { ...panels.fields(n), requestId, _csrf: csrf });
      assert.equal(reused.status, 400);
      assert.equal(await created(panels, n), 0);
    });

    it('is checked only after the person is allowed to use the form', async () => {
      const member = await signIn(app, 'dev-member-1');
      const token = csrfTokenFrom((await member.get('/').expect(200)).text);
      for (const form of FORMS) {
        const res = await member
          .post(form.action())
          .type('form')
          .send({ ...form.fields(next()), requestId: randomUUID(), _csrf: token })
          .redirects(0);
        assert.equal(res.status, 403, `${form.name}: ${res.status}`);
      }
    });
  });
});
