import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { actorFor, publishedCampaignWithPanel, scoreAndFinalise } from '../../helpers/factories.js';
import { csrfTokenFrom } from '../../helpers/html.js';
import { preparedSummaryFor } from '../../helpers/prepared.js';
import { listRoutes, type RouteInfo } from '../../helpers/routes.js';
import { browser, newPerson, signIn, type Agent } from '../../helpers/sign-in.js';

/**
 * Every route of the app, read from the router itself, requested as each kind of person. A route
 * added without an entry in ACCESS fails this test, so nothing new escapes the matrix.
 */
const PERSONAS = [
  'anonymous',
  'administrator',
  'owner',
  'otherHiringManager',
  'chair',
  'member',
  'otherPanelMember',
  'conflictedMember',
] as const;
type Persona = (typeof PERSONAS)[number];

type Access =
  | 'public'
  | 'signedIn'
  | 'admin'
  | 'creator'
  | 'owner'
  | 'ownerOrChair'
  | 'onPanel'
  | 'scorer'
  | 'campaignPeople'
  | 'authFlow';

const ALLOWED: Record<Exclude<Access, 'public' | 'authFlow'>, readonly Persona[]> = {
  signedIn: [
    'administrator',
    'owner',
    'otherHiringManager',
    'chair',
    'member',
    'otherPanelMember',
    'conflictedMember',
  ],
  admin: ['administrator'],
  creator: ['administrator', 'owner', 'otherHiringManager'],
  owner: ['owner'],
  ownerOrChair: ['owner', 'chair'],
  onPanel: ['chair', 'member', 'conflictedMember'],
  scorer: ['chair', 'member'],
  campaignPeople: ['owner', 'chair', 'member', 'conflictedMember', 'otherPanelMember'],
};

/** Who may use each route. Patterns are matched in order against "METHOD /path". */
const ACCESS: Array<[RegExp, Access]> = [
  [/^GET \/health(\/ready)?$/, 'public'],
  [/^(GET|POST) \/dev-sign-in\/:uid$/, 'authFlow'],
  [/^GET \/auth\/(sign-in|callback)$/, 'authFlow'],
  [/^POST \/auth\/sign-out$/, 'signedIn'],
  [/^GET \/(signed-out|accessibility|privacy)?$/, 'public'],
  [
    /^(GET|POST) \/admin\/frameworks(\/|\/:editionId(\/changes\.csv|\/renames|\/publish|\/withdraw)?)?$/,
    'admin',
  ],
  [/^(GET|POST) \/admin\//, 'admin'],
  [/^(GET|POST) \/interviews\/:candidateId\/scoresheet(\/autosave|\/check)?$/, 'scorer'],
  [/^(GET|POST) \/interviews\/:candidateId\/conflict$/, 'onPanel'],
  [/^GET \/interviews$/, 'signedIn'],
  [/^(GET|POST) \/moderation\/:candidateId(\/reopen|\/audit)?$/, 'ownerOrChair'],
  [/^GET \/reports\/candidates\/:candidateId\/outcome\.pdf$/, 'ownerOrChair'],
  [/^GET \/reports\/campaigns\/:campaignId\/summary\.pdf$/, 'owner'],
  [/^(GET|POST) \/reports\/campaigns\/:campaignId\/summary$/, 'owner'],
  [/^GET \/reports\/prepared\/:reportId\.pdf$/, 'owner'],
  [/^GET \/reports\/campaigns\/:campaignId\/scoresheets\/:version\.pdf$/, 'campaignPeople'],
  [/^GET \/framework(\/.*)?$/, 'signedIn'],
  [/^GET \/campaigns$/, 'signedIn'],
  [/^(GET|POST) \/campaigns(\/new)?$/, 'creator'],
  [/^(GET|POST) \/campaigns\/:id(\/.*)?$/, 'owner'],
];

const expectedGetStatus = (access: Access, persona: Persona): number => {
  if (access === 'public') return 200;
  if (persona === 'anonymous') return 302;
  return (ALLOWED[access as keyof typeof ALLOWED] as readonly string[]).includes(persona) ? 200 : 403;
};

function accessOf(route: RouteInfo): Access | undefined {
  return ACCESS.find(([pattern]) => pattern.test(`${route.method} ${route.path}`))?.[1];
}

describe('security: authorisation matrix over every route', function () {
  this.timeout(180_000);
  let app: TestApp;
  let routes: RouteInfo[];
  const agents = {} as Record<Persona, Agent>;
  const tokens = {} as Record<Persona, string>;
  let params: Record<string, string>;

  before(async () => {
    app = await startTestApp();
    routes = listRoutes(app.app);
    const setup = await publishedCampaignWithPanel(app, {
      members: [
        { subject: 'dev-chair', role: 'chair', declare: 'none' },
        { subject: 'dev-member-1', role: 'member', declare: 'none' },
        { subject: 'dev-member-2', role: 'member', declare: 'conflict' },
      ],
      candidates: 1,
    });
    const candidate = setup.candidates[0]!;
    const scores = Object.fromEntries(setup.criteria.map((c) => [c.id, 5]));
    await scoreAndFinalise(candidate.id, scores);

    const { db } = await testDatabase();
    const other = newPerson(app);
    await signIn(app, other.subject);
    const otherUser = await actorFor(other.subject);
    const panel2 = await db
      .insertInto('panels')
      .values({ campaign_id: setup.campaign.id, name: 'Second panel' })
      .returningAll()
      .executeTakeFirstOrThrow();
    const c2 = await db
      .insertInto('candidates')
      .values({
        campaign_id: setup.campaign.id,
        reference: 'C900',
        name: 'Second Panel Candidate',
        email: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await db
      .insertInto('interviews')
      .values({ candidate_id: c2.id, panel_id: panel2.id, scheduled_at: new Date() })
      .execute();
    await db
      .insertInto('panel_members')
      .values({ panel_id: panel2.id, user_id: otherUser.id, role: 'member' })
      .execute();

    const subjects: Record<Exclude<Persona, 'anonymous'>, string> = {
      administrator: 'dev-administrator',
      owner: 'dev-hiring-manager',
      otherHiringManager: 'dev-hiring-manager-2',
      chair: 'dev-chair',
      member: 'dev-member-1',
      otherPanelMember: other.subject,
      conflictedMember: 'dev-member-2',
    };
    agents.anonymous = browser(app);
    tokens.anonymous = '';
    for (const [persona, subject] of Object.entries(subjects) as Array<[Persona, string]>) {
      agents[persona] = await signIn(app, subject);
      tokens[persona] = csrfTokenFrom((await agents[persona].get('/').expect(200)).text);
    }
    const member = await actorFor('dev-member-1');
    params = {
      id: setup.campaign.id,
      campaignId: setup.campaign.id,
      candidateId: candidate.id,
      panelId: setup.panel.id,
      userId: member.id,
      adminUserId: member.id,
      criterionId: setup.criteria[0]!.id,
      version: '1',
      role: 'software-developer',
      level: 'developer',
      skill: 'accessibility',
      slug: 'seeing-the-big-picture',
      uid: 'no-such-interaction',
      // The shipped edition: its page (compared with the default) is there in every database.
      editionId: 'ddat-pcf-2025-08',
      reportId: await preparedSummaryFor('dev-hiring-manager', setup.campaign.id),
    };
  });
  after(() => app.close());

  const fill = (path: string) =>
    path.replace(/:(\w+)/g, (_m, name: string) =>
      path.startsWith('/admin/users/') && name === 'id' ? params.adminUserId! : params[name]!,
    );

  it('knows every route the app serves', () => {
    assert.ok(routes.length > 60, `found ${routes.length} routes`);
    const unmapped = routes.filter((r) => !accessOf(r)).map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(unmapped, [], 'every route needs an entry in ACCESS');
  });

  it('answers each GET as expected for every kind of person', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET' && accessOf(r) !== 'authFlow')) {
      const access = accessOf(route)!;
      for (const persona of PERSONAS) {
        const res = await agents[persona].get(fill(route.path)).redirects(0);
        const expected = expectedGetStatus(access, persona);
        if (res.status !== expected)
          failures.push(`${persona} GET ${route.path}: ${res.status}, expected ${expected}`);
        if (res.status === 403 && /Second Panel Candidate|Candidate Name/.test(res.text))
          failures.push(`${persona} GET ${route.path}: refusal leaked a candidate name`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('refuses every state-changing route to people who may not use it, even with a valid CSRF token', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method === 'POST' && accessOf(r) !== 'authFlow')) {
      const access = accessOf(route)!;
      const allowed = access === 'public' ? PERSONAS : ALLOWED[access as keyof typeof ALLOWED];
      for (const persona of PERSONAS.filter((p) => !allowed.includes(p))) {
        const res = await agents[persona]
          .post(fill(route.path))
          .type('form')
          .send({ _csrf: tokens[persona] })
          .redirects(0);
        const refused = persona === 'anonymous' ? [401, 403] : [403];
        if (!refused.includes(res.status)) failures.push(`${persona} POST ${route.path}: ${res.status}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('refuses every state-changing route without a CSRF token, even to people who may use it', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method === 'POST')) {
      const access = accessOf(route)!;
      const persona: Persona =
        access === 'authFlow' || access === 'public' ? 'member' : (ALLOWED[access][0] as Persona);
      for (const body of [{}, { _csrf: 'forged-token' }]) {
        const res = await agents[persona].post(fill(route.path)).type('form').send(body).redirects(0);
        if (res.status !== 403)
          failures.push(`${persona} POST ${route.path} ${JSON.stringify(body)}: ${res.status}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('keeps the sign-in routes working for everyone', async () => {
    for (const persona of PERSONAS) {
      await agents[persona].get('/auth/sign-in').redirects(0).expect(302);
      // A callback with no code starts a new sign-in; an interaction the provider never began is refused.
      await agents[persona].get('/auth/callback').redirects(0).expect(302);
      await agents[persona].get('/dev-sign-in/no-such-interaction').redirects(0).expect(400);
    }
  });
});
