import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase, uniqueSuffix } from '../../helpers/database.js';
import { publishedCampaignWithPanel } from '../../helpers/factories.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';
import { postForm } from '../../helpers/forms.js';
import { isCleanName } from '../../../server/domain/text.js';

/** Text people might type, by accident or on purpose. Each must come back exactly as typed, as text. */
const CORPUS = [
  '<script>alert("x")</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)' data-x='",
  "Robert'); DROP TABLE candidates;--",
  '=HYPERLINK("http://evil.example","click")',
  '+SUM(A1:A9) @cmd -2',
  'Siân Ŵyn ŷ Łódź Ærøskøbing',
  'right\u202Eto\u202Cleft and zero\u200Bwidth',
  ') Tj /JavaScript (app.alert(1)) (',
  '{{7*7}} <%= 7*7 %> ${7*7}',
];
/** Names and titles refuse text-direction characters (see text-integrity.test.ts); notes keep them. */
const NAMES = CORPUS.filter(isCleanName);

/** The page is intact: the text appears exactly, and nothing typed became markup. */
function assertShownAsText(html: string, text: string, where: string) {
  const $ = parse(html);
  assert.ok($('body').text().includes(text), `${where}: "${text}" shown as typed`);
  assert.equal($('script:not([src]):not([nonce])').length, 0, `${where}: no injected script`);
  assert.equal($('img[src="x"]').length, 0, `${where}: no injected image`);
  $('*').each((_i, el) => {
    for (const name of Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {}))
      assert.ok(!/^on/i.test(name), `${where}: no ${name} attribute`);
  });
}

describe('security: hostile text through every kind of text field', function () {
  this.timeout(180_000);
  let app: TestApp;
  let owner: Agent;
  let admin: Agent;
  let setup: Awaited<ReturnType<typeof publishedCampaignWithPanel>>;

  before(async () => {
    app = await startTestApp();
    setup = await publishedCampaignWithPanel(app, {
      members: [{ subject: 'dev-member-1', role: 'member', declare: 'none' }],
      candidates: 1,
    });
    owner = await signIn(app, 'dev-hiring-manager');
    admin = await signIn(app, 'dev-administrator');
  });
  after(() => app.close());

  it('campaign titles and vacancy references', async () => {
    assert.ok(NAMES.length >= CORPUS.length - 1);
    for (const text of NAMES) {
      const res = await postForm(owner, '/campaigns/new', '/campaigns', {
        title: text,
        vacancyReference: text.slice(0, 50),
        grade: 'G7',
        roleLevel: 'software-developer/developer',
        behaviourFramework: 'success-profiles',
        scale: 'civil-service-1-7',
        anonymised: 'no',
      });
      assert.equal(res.status, 303, text);
      const page = await owner.get(res.headers.location!).expect(200);
      assertShownAsText(page.text, text, `campaign ${text}`);
      assertShownAsText((await owner.get('/campaigns').expect(200)).text, text, 'campaign list');
    }
  });

  it('custom criteria on the scoresheet builder', async () => {
    const id = setup.campaign.id;
    for (const text of CORPUS.slice(0, 4)) {
      const res = await postForm(
        owner,
        `/campaigns/${id}/scoresheet/criteria/new`,
        `/campaigns/${id}/scoresheet/criteria`,
        { kind: 'technical', title: text, descriptor: `${text}\nsecond line` },
      );
      assert.equal(res.status, 303);
    }
    assertShownAsText(
      (await owner.get(`/campaigns/${id}/scoresheet`).expect(200)).text,
      CORPUS[1]!,
      'scoresheet builder',
    );
  });

  it('people’s names in administration', async () => {
    for (const text of NAMES) {
      const res = await postForm(admin, '/admin/users/new', '/admin/users', {
        name: text,
        email: `hostile-${uniqueSuffix()}@example.gov.uk`,
      });
      assert.equal(res.status, 303, text);
      assertShownAsText((await admin.get(res.headers.location!).expect(200)).text, text, 'person page');
    }
  });

  it('panel names and candidate names', async () => {
    const id = setup.campaign.id;
    for (const text of CORPUS.slice(0, 5)) {
      const panel = await postForm(owner, `/campaigns/${id}/panels`, `/campaigns/${id}/panels`, {
        name: `${text} ${uniqueSuffix()}`,
      });
      assert.equal(panel.status, 303, text);
      const candidate = await postForm(
        owner,
        `/campaigns/${id}/candidates/new`,
        `/campaigns/${id}/candidates/new`,
        { name: text, email: `c-${uniqueSuffix()}@example.com`, reference: '' },
      );
      assert.equal(candidate.status, 303, text);
    }
    assertShownAsText((await owner.get(`/campaigns/${id}/panels`).expect(200)).text, CORPUS[0]!, 'panels');
    assertShownAsText(
      (await owner.get(`/campaigns/${id}/candidates`).expect(200)).text,
      CORPUS[1]!,
      'candidates',
    );
  });

  it('evidence notes typed while scoring', async () => {
    const member = await signIn(app, 'dev-member-1');
    const candidateId = setup.candidates[0]!.id;
    const url = `/interviews/${candidateId}/scoresheet`;
    const first = setup.criteria[0]!.id;
    for (const text of CORPUS) {
      const page = await member.get(url).expect(200);
      const $ = parse(page.text);
      const res = await member
        .post(url)
        .type('form')
        .send({
          _csrf: csrfTokenFrom(page.text),
          baseRevision: String($('input[name=baseRevision]').val()),
          requestId: String($('input[name=requestId]').val()),
          [`evidence-${first}`]: text,
          action: 'save',
        });
      assert.equal(res.status, 303, text);
      const again = await member.get(url).expect(200);
      assert.equal(parse(again.text)(`textarea[name="evidence-${first}"]`).val(), text);
      assertShownAsText(again.text, text, 'scoresheet');
    }
  });

  it('refuses text far too long with the error summary, and stores nothing', async () => {
    const huge = 'x'.repeat(150_000);
    const { db } = await testDatabase();
    const before = await db
      .selectFrom('campaigns')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await postForm(owner, '/campaigns/new', '/campaigns', {
      title: huge.slice(0, 5000),
      vacancyReference: 'R',
      grade: 'G7',
      roleLevel: 'software-developer/developer',
      behaviourFramework: 'success-profiles',
      scale: 'civil-service-1-7',
      anonymised: 'no',
    });
    assert.equal(res.status, 400);
    assert.equal(parse(res.text)('.govuk-error-summary a').attr('href'), '#title');
    const tooBig = await postForm(owner, '/campaigns/new', '/campaigns', {
      title: huge + huge,
      vacancyReference: 'R',
    });
    assert.equal(tooBig.status, 413);
    const after = await db
      .selectFrom('campaigns')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });

  it('refuses NUL characters with the error summary, and stores nothing', async () => {
    const email = `nul-${uniqueSuffix()}@example.gov.uk`;
    const res = await postForm(admin, '/admin/users/new', '/admin/users', { name: 'Nul\u0000Byte', email });
    assert.equal(res.status, 400);
    const $ = parse(res.text);
    assert.equal($('.govuk-error-summary a').attr('href'), '#name');
    assert.match($('#name-error').text(), /Remove the invisible character that cannot be saved/);
    const { db } = await testDatabase();
    assert.deepEqual(await db.selectFrom('users').select('id').where('email', '=', email).execute(), []);
  });
});
