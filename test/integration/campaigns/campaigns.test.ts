import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase } from '../../helpers/database.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { newPerson, signIn, type Agent } from '../../helpers/sign-in.js';
import { postForm } from '../../helpers/forms.js';

const homeOfficeRole = {
  title: 'Principal DevOps Engineer',
  vacancyReference: 'HO-12345',
  grade: 'SCS1',
  roleLevel: 'development-operations-devops-engineer/principal-devops-engineer',
  behaviourFramework: 'cscf-2012',
  scale: 'civil-service-1-7',
  anonymised: 'no',
};

export async function createCampaign(
  agent: Agent,
  fields: Record<string, string> = homeOfficeRole,
): Promise<string> {
  const res = await postForm(agent, '/campaigns/new', '/campaigns', fields);
  assert.equal(res.status, 303, res.text.slice(0, 500));
  return res.headers.location!.split('/').pop()!;
}

describe('campaigns', () => {
  let app: TestApp;
  let owner: Agent;
  before(async () => {
    app = await startTestApp();
    owner = await signIn(app, 'dev-hiring-manager');
  });
  after(() => app.close());

  it('refuses an empty campaign form with every field message, and saves nothing', async () => {
    const { db } = await testDatabase();
    const before = await db
      .selectFrom('campaigns')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await postForm(owner, '/campaigns/new', '/campaigns', {});
    assert.equal(res.status, 400);
    const $ = parse(res.text);
    assert.match($('title').text(), /^Error:/);
    const hrefs = $('.govuk-error-summary__list a')
      .map((_i, a) => $(a).attr('href'))
      .get();
    assert.deepEqual(hrefs, [
      '#title',
      '#vacancyReference',
      '#grade',
      '#roleLevel',
      '#behaviourFramework',
      '#scale',
      '#anonymised',
    ]);
    const after = await db
      .selectFrom('campaigns')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });

  it('refuses a role level that is not in the framework', async () => {
    const res = await postForm(owner, '/campaigns/new', '/campaigns', {
      ...homeOfficeRole,
      roleLevel: 'development-operations-devops-engineer/grand-wizard',
    });
    assert.equal(res.status, 400);
    assert.match(parse(res.text)('#roleLevel-error').text(), /Select a role level from the list/);
  });

  it('expresses the Home Office Principal DevOps role: SCS1, CSCF 2012 at level 5, SFIA skills typed in', async () => {
    const id = await createCampaign(owner);
    const overview = await owner.get(`/campaigns/${id}`).expect(200);
    const $ = parse(overview.text);
    assert.match($('.govuk-summary-list').text(), /Principal DevOps engineer/);
    assert.match(
      $('.govuk-summary-list').text().replace(/\s+/g, ' '),
      /Civil Service Competency Framework 2012, level 5/,
    );

    const sheet = await owner.get(`/campaigns/${id}/scoresheet`).expect(200);
    const s = parse(sheet.text);
    const titles = s('.govuk-summary-card__title')
      .map((_i, el) => s(el).text().trim())
      .get();
    assert.ok(titles.includes('Seeing the Big Picture'), 'CSCF competencies proposed');
    assert.ok(titles.length > 10);

    for (const [code, level, title] of [
      ['DESN', '6', 'Systems design'],
      ['ITOP', '5', 'IT infrastructure'],
    ] as const) {
      const added = await postForm(
        owner,
        `/campaigns/${id}/scoresheet/criteria/new`,
        `/campaigns/${id}/scoresheet/criteria`,
        {
          kind: 'sfia',
          title,
          descriptor: `Typed from the job advert: ${title} at level ${level}.`,
          sfiaCode: code.toLowerCase(),
          sfiaLevel: level,
        },
      );
      assert.equal(added.status, 303);
    }
    const withSfia = parse((await owner.get(`/campaigns/${id}/scoresheet`).expect(200)).text);
    assert.ok(withSfia('.govuk-summary-card__title').text().includes('Systems design (DESN, level 6)'));
  });

  it('validates an SFIA criterion: code and level are needed', async () => {
    const id = await createCampaign(owner);
    const res = await postForm(
      owner,
      `/campaigns/${id}/scoresheet/criteria/new`,
      `/campaigns/${id}/scoresheet/criteria`,
      { kind: 'sfia', title: 'Design', descriptor: 'x', sfiaCode: 'DES', sfiaLevel: '9' },
    );
    assert.equal(res.status, 400);
    const $ = parse(res.text);
    assert.deepEqual(
      $('.govuk-error-summary__list a')
        .map((_i, a) => $(a).attr('href'))
        .get(),
      ['#sfiaCode', '#sfiaLevel'],
    );
  });

  it('lists only the campaigns a person owns', async () => {
    const id = await createCampaign(owner, { ...homeOfficeRole, title: 'Owned by Grace' });
    const other = await signIn(app, 'dev-hiring-manager-2');
    const list = await other.get('/campaigns').expect(200);
    assert.doesNotMatch(list.text, /Owned by Grace/);
    const mine = await owner.get('/campaigns').expect(200);
    assert.match(mine.text, /Owned by Grace/);
    assert.ok(id);
  });

  describe('who may see a campaign', () => {
    let id: string;
    before(async () => {
      id = await createCampaign(owner, { ...homeOfficeRole, title: 'Access check' });
    });

    it('refuses another hiring manager, an administrator and a panel member with a 403 on every page', async () => {
      const outsiders = [
        await signIn(app, 'dev-hiring-manager-2'),
        await signIn(app, 'dev-administrator'),
        await signIn(app, 'dev-member-1'),
      ];
      for (const agent of outsiders) {
        for (const path of [
          '',
          '/scoresheet',
          '/scoresheet/criteria/new',
          '/owners',
          '/scoresheet/versions/1',
        ]) {
          const res = await agent.get(`/campaigns/${id}${path}`);
          assert.equal(res.status, 403, `${path} should be refused`);
          assert.doesNotMatch(res.text, /Access check/);
        }
        const page = await agent.get('/').expect(200);
        const csrf = csrfTokenFrom(page.text);
        for (const path of ['/scoresheet', '/scoresheet/publish', '/scoresheet/criteria', '/owners']) {
          await agent.post(`/campaigns/${id}${path}`).type('form').send({ _csrf: csrf }).expect(403);
        }
      }
    });

    it('refuses campaign creation to people without the hiring manager role', async () => {
      const member = await signIn(app, 'dev-member-2');
      await member.get('/campaigns/new').expect(403);
      const page = await member.get('/').expect(200);
      await member
        .post('/campaigns')
        .type('form')
        .send({ ...homeOfficeRole, _csrf: csrfTokenFrom(page.text) })
        .expect(403);
    });

    it('answers 404 for a campaign that does not exist', async () => {
      await owner.get('/campaigns/00000000-0000-0000-0000-000000000000').expect(404);
      await owner.get('/campaigns/not-an-id').expect(404);
    });

    it('lets a co-owner in, including one added before they ever signed in', async () => {
      const person = newPerson(app);
      const res = await postForm(owner, `/campaigns/${id}/owners`, `/campaigns/${id}/owners`, {
        email: person.email,
      });
      assert.equal(res.status, 303);
      const coOwner = await signIn(app, person.subject);
      await coOwner.get(`/campaigns/${id}`).expect(200);
      await coOwner.get(`/campaigns/${id}/scoresheet`).expect(200);
      const again = await postForm(owner, `/campaigns/${id}/owners`, `/campaigns/${id}/owners`, {
        email: person.email,
      });
      assert.equal(again.status, 400);
      assert.match(parse(again.text)('#email-error').text(), /already an owner/);
    });
  });
});
