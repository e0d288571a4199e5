import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createCampaign } from '../../../server/features/campaigns/service.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testDatabase, testFrameworks, uniqueSuffix } from '../../helpers/database.js';
import { actorFor, publishedCampaignWithPanel, submitScores } from '../../helpers/factories.js';
import { postForm } from '../../helpers/forms.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { autosaveJson, refusalJson } from '../../helpers/json.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';

type Setup = Awaited<ReturnType<typeof publishedCampaignWithPanel>>;
type Table = 'campaigns' | 'scoresheet_criteria' | 'candidates' | 'panels' | 'users';

/** How many rows of a table hold the marker in a column: proof that something was, or was not, stored. */
async function rowsHolding(table: Table, column: string, marker: string): Promise<number> {
  const { db } = await testDatabase();
  const row = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
    where ${sql.ref(column)} like ${`%${marker}%`}`.execute(db);
  return row.rows[0]!.n;
}

/** The page refused the form: status 400, "Error:" title, the summary links to the field with the message. */
function assertRefused(
  res: { status: number; text: string },
  field: { id: string; message: string; fieldMessage?: boolean },
  where: string,
) {
  assert.equal(res.status, 400, `${where}: ${res.text.slice(0, 200)}`);
  const $ = parse(res.text);
  assert.match($('title').text(), /^Error:/, `${where}: title`);
  const links = $(`.govuk-error-summary a[href="#${field.id}"]`)
    .map((_i, a) => $(a).text().trim())
    .get();
  assert.ok(links.includes(field.message), `${where}: summary ${JSON.stringify(links)}`);
  if (field.fieldMessage !== false)
    assert.match(
      $(`#${field.id}-error`).text(),
      new RegExp(escape(field.message)),
      `${where}: field message`,
    );
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('security: text is stored exactly as sent, or refused', function () {
  this.timeout(180_000);
  let app: TestApp;
  let owner: Agent;
  let admin: Agent;
  let member: Agent;
  let setup: Setup;
  let draftId: string;

  before(async () => {
    app = await startTestApp();
    setup = await publishedCampaignWithPanel(app, {
      members: [{ subject: 'dev-member-1', role: 'member', declare: 'none' }],
      candidates: 1,
    });
    owner = await signIn(app, 'dev-hiring-manager');
    admin = await signIn(app, 'dev-administrator');
    member = await signIn(app, 'dev-member-1');
    const { db } = await testDatabase();
    const draft = await createCampaign(
      db,
      await testFrameworks(),
      await actorFor('dev-hiring-manager'),
      {
        title: `Draft ${uniqueSuffix()}`,
        vacancyReference: 'REF-D',
        grade: 'G7',
        roleLevel: 'software-developer/developer',
        behaviourFramework: 'success-profiles',
        scale: 'civil-service-1-7',
        anonymised: false,
      },
      randomUUID(),
    );
    if (!draft.ok) throw new Error(draft.problems[0]!.text);
    if (draft.replayed) throw new Error('A fresh request id was replayed');
    draftId = draft.campaign.id;
  });
  after(() => app.close());

  describe('names and titles refuse control and text-direction characters', () => {
    const campaignFields = {
      title: 'A campaign',
      vacancyReference: 'REF-1',
      grade: 'G7',
      roleLevel: 'software-developer/developer',
      behaviourFramework: 'success-profiles',
      scale: 'civil-service-1-7',
      anonymised: 'no',
    };
    const hidden = 'must not contain control characters or text-direction characters';

    /** Every name and title field in the service, each with where it is stored. */
    const NAME_FIELDS: Array<{
      what: string;
      agent: () => Agent;
      page: () => string;
      action: () => string;
      fields: (bad: string) => Record<string, string>;
      id: string;
      message: string;
      fieldMessage?: boolean;
      stored: [Table, string];
    }> = [
      {
        what: 'campaign title',
        agent: () => owner,
        page: () => '/campaigns/new',
        action: () => '/campaigns',
        fields: (bad) => ({ ...campaignFields, title: bad }),
        id: 'title',
        message: `Campaign title ${hidden}`,
        stored: ['campaigns', 'title'],
      },
      {
        what: 'vacancy reference',
        agent: () => owner,
        page: () => '/campaigns/new',
        action: () => '/campaigns',
        fields: (bad) => ({ ...campaignFields, vacancyReference: bad.slice(-40) }),
        id: 'vacancyReference',
        message: `Vacancy reference ${hidden}`,
        stored: ['campaigns', 'vacancy_reference'],
      },
      {
        what: 'criterion title',
        agent: () => owner,
        page: () => `/campaigns/${draftId}/scoresheet/criteria/new`,
        action: () => `/campaigns/${draftId}/scoresheet/criteria`,
        fields: (bad) => ({ kind: 'technical', title: bad, descriptor: 'What good looks like' }),
        id: 'title',
        message: `Criterion title ${hidden}`,
        stored: ['scoresheet_criteria', 'title'],
      },
      {
        what: 'candidate name (adding)',
        agent: () => owner,
        page: () => `/campaigns/${setup.campaign.id}/candidates/new`,
        action: () => `/campaigns/${setup.campaign.id}/candidates/new`,
        fields: (bad) => ({ name: bad, email: `c-${uniqueSuffix()}@example.com`, reference: '' }),
        id: 'name',
        message: `Candidate name ${hidden}`,
        stored: ['candidates', 'name'],
      },
      {
        what: 'candidate name (editing)',
        agent: () => owner,
        page: () => `/campaigns/${setup.campaign.id}/candidates/${setup.candidates[0]!.id}/edit`,
        action: () => `/campaigns/${setup.campaign.id}/candidates/${setup.candidates[0]!.id}/edit`,
        fields: (bad) => ({
          name: bad,
          email: setup.candidates[0]!.email!,
          reference: setup.candidates[0]!.reference,
        }),
        id: 'name',
        message: `Candidate name ${hidden}`,
        stored: ['candidates', 'name'],
      },
      {
        what: 'candidate name (CSV import)',
        agent: () => owner,
        page: () => `/campaigns/${setup.campaign.id}/candidates/import`,
        action: () => `/campaigns/${setup.campaign.id}/candidates/import`,
        fields: (bad) => ({
          csv: `name,email\nGood Person,good-${uniqueSuffix()}@example.com\n"${bad}",bad-${uniqueSuffix()}@example.com\n`,
        }),
        id: 'csv',
        message: `Row 3: candidate name ${hidden}`,
        fieldMessage: false,
        stored: ['candidates', 'name'],
      },
      {
        what: 'panel name (creating)',
        agent: () => owner,
        page: () => `/campaigns/${setup.campaign.id}/panels`,
        action: () => `/campaigns/${setup.campaign.id}/panels`,
        fields: (bad) => ({ name: bad }),
        id: 'name',
        message: `Panel name ${hidden}`,
        stored: ['panels', 'name'],
      },
      {
        what: 'panel name (renaming)',
        agent: () => owner,
        page: () => `/campaigns/${setup.campaign.id}/panels/${setup.panel.id}`,
        action: () => `/campaigns/${setup.campaign.id}/panels/${setup.panel.id}/rename`,
        fields: (bad) => ({ name: bad }),
        id: 'name',
        message: `Panel name ${hidden}`,
        stored: ['panels', 'name'],
      },
      {
        what: 'person’s name',
        agent: () => admin,
        page: () => '/admin/users/new',
        action: () => '/admin/users',
        fields: (bad) => ({ name: bad, email: `p-${uniqueSuffix()}@example.gov.uk` }),
        id: 'name',
        message: `Full name ${hidden}`,
        stored: ['users', 'name'],
      },
    ];

    const HIDDEN = [
      ['a right-to-left override', '\u202E'],
      ['a first strong isolate', '\u2068'],
      ['a right-to-left mark', '\u200F'],
      ['a bell (C0 control)', '\u0007'],
      ['a tab', '\t'],
      ['DEL', '\u007F'],
      ['a C1 control', '\u0085'],
    ] as const;

    for (const field of NAME_FIELDS) {
      it(`${field.what}: 400 with the error summary and field message, nothing saved`, async () => {
        for (const [label, ch] of HIDDEN) {
          const marker = `Mk${uniqueSuffix()}`;
          const res = await postForm(
            field.agent(),
            field.page(),
            field.action(),
            field.fields(`${marker} x${ch}y`),
          );
          assertRefused(res, field, `${field.what} with ${label}`);
          assert.equal(
            await rowsHolding(...field.stored, marker),
            0,
            `${field.what} with ${label}: nothing stored`,
          );
        }
        // The same field takes a name in any script, as typed.
        const marker = `Mk${uniqueSuffix()}`;
        const good = await postForm(
          field.agent(),
          field.page(),
          field.action(),
          field.fields(`${marker} Siân مرحبا`),
        );
        assert.equal(good.status, 303, `${field.what}: a clean name is accepted: ${good.text.slice(0, 300)}`);
        assert.ok((await rowsHolding(...field.stored, marker)) >= 1, `${field.what}: clean name stored`);
      });
    }
  });

  describe('NUL and lone surrogates are refused, never altered', () => {
    it('a form field with NUL is answered 400 on its own page, and nothing is saved', async () => {
      const email = `nul-${uniqueSuffix()}@example.gov.uk`;
      const res = await postForm(admin, '/admin/users/new', '/admin/users', { name: 'Nul\u0000Byte', email });
      assertRefused(
        res,
        { id: 'name', message: 'Remove the invisible character that cannot be saved' },
        'NUL',
      );
      const { db } = await testDatabase();
      const stored = await db.selectFrom('users').select('id').where('email', '=', email).execute();
      assert.deepEqual(stored, []);
    });

    it('a NUL in an evidence note on the no-JavaScript scoresheet is refused on the sheet, nothing saved', async () => {
      const url = `/interviews/${setup.candidates[0]!.id}/scoresheet`;
      const first = setup.criteria[0]!.id;
      const { db } = await testDatabase();
      const page = await member.get(url).expect(200);
      const sheetBefore = await db
        .selectFrom('member_sheets')
        .select('revision')
        .where('candidate_id', '=', setup.candidates[0]!.id)
        .executeTakeFirst();
      const $ = parse(page.text);
      const res = await member
        .post(url)
        .type('form')
        .send({
          _csrf: csrfTokenFrom(page.text),
          baseRevision: String($('input[name=baseRevision]').val()),
          requestId: String($('input[name=requestId]').val()),
          [`evidence-${first}`]: 'Typed\u0000note',
          action: 'save',
        });
      assertRefused(
        res,
        { id: `evidence-${first}`, message: 'Remove the invisible character that cannot be saved' },
        'evidence with NUL',
      );
      const sheetAfter = await db
        .selectFrom('member_sheets')
        .select('revision')
        .where('candidate_id', '=', setup.candidates[0]!.id)
        .executeTakeFirst();
      assert.deepEqual(sheetAfter, sheetBefore);
      assert.equal(
        (
          await db
            .selectFrom('member_scores')
            .select('evidence')
            .where('evidence', 'like', '%Typed%')
            .execute()
        ).length,
        0,
      );
    });

    it('a NUL in the web address is answered 400', async () => {
      const res = await admin.get('/admin/users').query({ q: 'a\u0000b' });
      assert.equal(res.status, 400);
      assert.match(parse(res.text)('h1').text(), /invisible character/);
    });

    it('a form whose field name holds a NUL is refused before any handler', async () => {
      const page = await owner.get(`/campaigns/${setup.campaign.id}/panels`).expect(200);
      const res = await owner
        .post(`/campaigns/${setup.campaign.id}/panels`)
        .type('form')
        .send(`_csrf=${encodeURIComponent(csrfTokenFrom(page.text))}&name=Panel%20P&na%00me=x`);
      assert.equal(res.status, 400);
      assert.equal(parse(res.text)('h1').text(), 'Remove the invisible character that cannot be saved');
    });
  });

  describe('autosave: acknowledged means stored, byte for byte', () => {
    const url = () => `/interviews/${setup.candidates[0]!.id}/scoresheet`;
    const first = () => setup.criteria[0]!.id;

    async function csrf() {
      return csrfTokenFrom((await member.get(url()).expect(200)).text);
    }

    async function savedRow() {
      const { db } = await testDatabase();
      const sheet = await db
        .selectFrom('member_sheets')
        .select(['id', 'revision'])
        .where('candidate_id', '=', setup.candidates[0]!.id)
        .executeTakeFirst();
      if (!sheet) return { revision: null, evidence: null, hex: null };
      const score = await db
        .selectFrom('member_scores')
        .select(['evidence', sql<string>`encode(convert_to(evidence, 'UTF8'), 'hex')`.as('hex')])
        .where('sheet_id', '=', sheet.id)
        .where('criterion_id', '=', first())
        .executeTakeFirst();
      return { revision: sheet.revision, evidence: score?.evidence ?? null, hex: score?.hex ?? null };
    }

    /** The body as raw JSON text, so escapes like \ud800 reach the server exactly as written. */
    async function post(json: string) {
      return member
        .post(`${url()}/autosave`)
        .set('x-csrf-token', await csrf())
        .set('accept', 'application/json')
        .set('content-type', 'application/json')
        .send(json);
    }

    it('stores emoji, combining marks, right-to-left text and bidi overrides exactly as sent', async () => {
      const note =
        'Led the migration 👩🏽‍💻🚀; café with e\u0301 and Å; Arabic مرحبا بالعالم and Hebrew שלום; ' +
        'override \u202Eevil.exe\u202C, isolate \u2067RTL\u2069, marks \u200E\u200F\u061C; tab\tnewline\nend';
      const before = await savedRow();
      const res = await post(
        JSON.stringify({
          baseRevision: before.revision ?? 0,
          requestId: randomUUID(),
          entries: { [first()]: { score: 4, evidence: note } },
        }),
      );
      assert.equal(res.status, 200, res.text);
      const after = await savedRow();
      assert.equal(after.evidence, note);
      assert.equal(
        after.hex,
        Buffer.from(note, 'utf8').toString('hex'),
        'the stored bytes are the bytes sent',
      );
      assert.equal(after.revision, autosaveJson(res).revision);
      // And the page shows it back in the textarea exactly.
      const page = parse((await member.get(url()).expect(200)).text);
      assert.equal(page(`textarea[name="evidence-${first()}"]`).val(), note);
    });

    for (const [label, escaped] of [
      ['NUL', '\\u0000'],
      ['a lone high surrogate', '\\ud800'],
      ['a lone low surrogate', '\\udfff'],
      ['a surrogate pair cut short at the end', '\\ud83d'],
    ] as const) {
      it(`refuses ${label} with a JSON 400 and saves nothing`, async () => {
        const before = await savedRow();
        const res = await post(
          `{"baseRevision":${before.revision ?? 0},"requestId":"${randomUUID()}",` +
            `"entries":{"${first()}":{"score":5,"evidence":"Before ${escaped} after"}}}`,
        );
        assert.equal(res.status, 400, res.text);
        assert.equal(refusalJson(res).error, 'invalid');
        assert.equal(refusalJson(res).message, 'Remove the invisible character that cannot be saved');
        assert.deepEqual(refusalJson(res).problems, [
          {
            path: `entries.${first()}.evidence`,
            message: 'Remove the invisible character that cannot be saved',
          },
        ]);
        assert.deepEqual(await savedRow(), before, 'nothing changed');
      });
    }

    for (const [label, json] of [
      ['10,000 nested arrays', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
      ['10,000 nested objects', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`],
      ['90,000 nested arrays', `${'['.repeat(90_000)}${']'.repeat(90_000)}`],
    ] as const) {
      it(`answers ${label} (within the size limit) with a 400, not a 500`, async () => {
        const before = await savedRow();
        const res = await post(
          `{"baseRevision":0,"requestId":"${randomUUID()}","entries":{"${first()}":${json}}}`,
        );
        assert.equal(res.status, 400, res.text.slice(0, 200));
        assert.equal(refusalJson(res).error, 'invalid');
        assert.equal(refusalJson(res).message, 'What you sent is nested too deeply to be read');
        assert.deepEqual(await savedRow(), before);
      });
    }

    it('answers deeply nested JSON sent to a page’s form address with a 400 too', async () => {
      const res = await owner
        .post(`/campaigns/${setup.campaign.id}/panels`)
        .set('x-csrf-token', csrfTokenFrom((await owner.get(`/campaigns/${setup.campaign.id}/panels`)).text))
        .set('content-type', 'application/json')
        .send(`{"name":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
      assert.equal(res.status, 400);
    });
  });
  describe('notes keep such characters, and are shown isolated', () => {
    const note = 'Strong on delivery \u202Eevil.exe <b>bold</b> & مرحبا';
    let shown: Setup;

    before(async () => {
      shown = await publishedCampaignWithPanel(app, {
        members: [
          { subject: 'dev-chair', role: 'chair', declare: 'none' },
          { subject: 'dev-member-2', role: 'member', declare: 'none' },
        ],
        candidates: 1,
      });
      const scores = Object.fromEntries(shown.criteria.map((c) => [c.id, 5]));
      for (const subject of ['dev-chair', 'dev-member-2'])
        await submitScores(subject, shown.candidates[0]!.id, scores, () => note);
    });

    it('the moderation page shows each member’s evidence inside <bdi>, escaped, and the name isolated', async () => {
      const chair = await signIn(app, 'dev-chair');
      const res = await chair.get(`/moderation/${shown.candidates[0]!.id}`).expect(200);
      assert.ok(!res.text.includes('<b>bold</b>'), 'the note is escaped');
      const $ = parse(res.text);
      const cells = $('td.app-preserve-lines');
      assert.ok(cells.length >= 2);
      cells.each((_i, td) => {
        const bdi = $(td).children('bdi');
        assert.equal(bdi.length, 1, 'the note is isolated');
        assert.equal(bdi.text(), note, 'exactly as typed');
        assert.equal(bdi.children().length, 0, 'no markup from the note');
      });
      const member = $('tbody tr td:first-child bdi').first().text();
      assert.match(member, /\S/, 'the member’s name is isolated from “(member)”');
      assert.match($('h1 bdi').text(), /Candidate Name/);
    });

    it('the comparison CSV isolates a name holding a text-direction character, and leaves plain names alone', async () => {
      const { db } = await testDatabase();
      // Names stored before names refused these characters are still exported safely.
      const legacy = `=Legacy \u202Eevil\u202C ${uniqueSuffix()}`;
      await db
        .insertInto('candidates')
        .values({
          campaign_id: shown.campaign.id,
          reference: 'C900',
          name: legacy,
          email: `l-${uniqueSuffix()}@example.com`,
        })
        .execute();
      const owner = await signIn(app, 'dev-hiring-manager');
      const res = await owner
        .get(`/campaigns/${shown.campaign.id}/comparison.csv?sort=reference`)
        .expect(200);
      const lines = res.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      const row = lines.find((l) => l.includes('C900'))!;
      assert.equal(row.split(',')[2], `'\u2068${legacy}\u2069`, 'formula guard first, then the isolate');
      const plain = lines.find((l) => l.includes('C001'))!;
      assert.equal(plain.split(',')[2], shown.candidates[0]!.name, 'plain names byte for byte');
      assert.ok(!plain.includes('\u2068'));
    });
  });
});
