import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { uniqueSuffix } from '../../helpers/database.js';
import { parse } from '../../helpers/html.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';
import { addCandidate, auditIn, candidatesIn, createCampaign, postForm, summaryOf } from './helpers.js';

describe('candidates: CSV import', () => {
  let app: TestApp;
  let owner: Agent;
  let id: string;
  let base: string;
  let suffix: string;
  const importCsv = (csv: string) => postForm(owner, `${base}/import`, `${base}/import`, { csv });
  const at = (label: string) => `${label}-${suffix}@example.com`;

  before(async () => {
    app = await startTestApp();
    owner = await signIn(app, 'dev-hiring-manager');
  });
  beforeEach(async () => {
    id = await createCampaign(owner);
    base = `/campaigns/${id}/candidates`;
    suffix = uniqueSuffix();
  });
  after(() => app.close());

  it('offers a paste box labelled and hinted with the columns', async () => {
    const $ = parse((await owner.get(`${base}/import`).expect(200)).text);
    assert.equal($('label[for="csv"]').text().trim(), 'Paste the CSV');
    assert.match($('#csv-hint').text(), /name, email and, optionally, reference/);
    assert.equal($('textarea#csv').attr('name'), 'csv');
  });

  it('imports nothing when one row of five is bad, and names the row', async () => {
    const csv = [
      'name,email',
      `Ann,${at('ann')}`,
      `Ben,${at('ben')}`,
      'Cat,cat-at-example.com',
      `Dan,${at('dan')}`,
      `Eve,${at('eve')}`,
    ].join('\n');
    const res = await importCsv(csv);
    assert.equal(res.status, 400);
    const $ = parse(res.text);
    assert.match($('title').text(), /^Error: Import candidates/);
    assert.deepEqual(summaryOf(res.text), [
      ['#csv', 'Row 4: enter an email address in the correct format, like name@example.com'],
    ]);
    assert.match($('#csv-error').text(), /Nothing has been imported/);
    assert.equal($('#csv').val(), csv, 'what was pasted is shown again');
    assert.deepEqual(await candidatesIn(id), []);
    assert.deepEqual(await auditIn(id, 'candidate.imported'), []);
  });

  it('reports every bad row, each linked to the paste box', async () => {
    const csv = [
      'name,email,reference',
      `,${at('a')},`,
      `Good,${at('good')},`,
      `Bad Ref,${at('b')},no spaces allowed`,
      `${'x'.repeat(201)},,`,
      `Good Two,${at('good2')},`,
      `Extra,${at('c')},R1,surplus`,
    ].join('\r\n');
    const res = await importCsv(csv);
    assert.equal(res.status, 400);
    assert.deepEqual(summaryOf(res.text), [
      ['#csv', 'Row 2: enter the candidate’s full name'],
      ['#csv', 'Row 4: reference must only include letters, numbers, hyphens (-) and underscores (_)'],
      ['#csv', 'Row 5: full name must be 200 characters or fewer'],
      ['#csv', 'Row 5: enter the candidate’s email address'],
      ['#csv', 'Row 7: has 4 columns but the header row has 3'],
    ]);
    assert.match(parse(res.text)('#csv-error').text(), /Fix the 5 problems listed/);
    assert.deepEqual(await candidatesIn(id), []);
  });

  it('refuses duplicates within the file and against the campaign, ignoring case', async () => {
    await addCandidate(owner, id, { name: 'Existing', email: at('existing'), reference: 'EX-1' });
    const csv = [
      'name,email,reference',
      `One,${at('one')},R1`,
      `Two,${at('ONE')},r1`,
      `Three,${at('Existing')},`,
      `Four,${at('four')},ex-1`,
    ].join('\n');
    const res = await importCsv(csv);
    assert.equal(res.status, 400);
    assert.deepEqual(
      summaryOf(res.text).map(([, text]) => text),
      [
        'Row 3: email address is the same as row 2',
        'Row 3: reference is the same as row 2',
        'Row 4: a candidate with this email address is already in this campaign',
        'Row 5: another candidate in this campaign already has this reference',
      ],
    );
    assert.equal((await candidatesIn(id)).length, 1);
  });

  it('refuses header problems: missing, unknown and repeated columns, and an empty paste', async () => {
    const cases: Array<[string, string[]]> = [
      ['', ['Paste the CSV']],
      ['   \n  ', ['Paste the CSV']],
      [`name\nAnn`, ['Row 1: add a column called “email” to the header row']],
      [
        `name,email,phone\nAnn,${at('ann')},0123`,
        ['Row 1: remove the column “phone”: the only columns allowed are name, email and reference'],
      ],
      [`name,email,Email\nAnn,${at('ann')},x`, ['Row 1: the column “email” appears more than once']],
      [
        `name;email\nAnn;${at('ann')}`,
        ['Row 1: separate the columns with commas, like name,email,reference'],
      ],
      ['name,email\n', ['The CSV has a header row but no candidates']],
    ];
    for (const [csv, expected] of cases) {
      const res = await importCsv(csv);
      assert.equal(res.status, 400, csv);
      assert.deepEqual(
        summaryOf(res.text).map(([, text]) => text),
        expected,
        csv,
      );
    }
    assert.deepEqual(await candidatesIn(id), []);
  });

  it('imports a good file with columns in any order, makes references, and audits once with the count', async () => {
    await addCandidate(owner, id, { name: 'Already Here', email: at('here') });
    const csv = [
      'EMAIL,Reference,Name',
      `${at('x')},,Xan Smith`,
      '',
      `${at('y')},CSJ-99,"Young, Yolanda"`,
      `${at('z')},,Zed`,
    ].join('\n');
    const res = await importCsv(csv);
    assert.equal(res.status, 303, res.text.slice(0, 1000));
    const $ = parse((await owner.get(res.headers.location!).expect(200)).text);
    assert.match($('.govuk-notification-banner').text(), /3 candidates imported/);
    const saved = await candidatesIn(id);
    assert.deepEqual(saved.map((c) => [c.reference, c.name]).sort(), [
      ['C001', 'Already Here'],
      ['C002', 'Xan Smith'],
      ['C003', 'Zed'],
      ['CSJ-99', 'Young, Yolanda'],
    ]);
    const audit = await auditIn(id, 'candidate.imported');
    assert.equal(audit.length, 1);
    const after = audit[0]!.after as { count: number; candidateIds: string[] };
    assert.equal(after.count, 3);
    assert.equal(after.candidateIds.length, 3);
    assert.doesNotMatch(JSON.stringify(audit), /@example\.com|Xan Smith/);
    assert.equal((await auditIn(id, 'candidate.added')).length, 1, 'only the one added by hand');
  });

  it('says "1 candidate imported" for one', async () => {
    const res = await importCsv(`name,email\nSolo,${at('solo')}`);
    assert.equal(res.status, 303);
    const $ = parse((await owner.get(res.headers.location!).expect(200)).text);
    assert.match($('.govuk-notification-banner').text(), /1 candidate imported/);
  });

  it('imports 1000 rows', async function () {
    this.timeout(60_000);
    const lines = ['name,email'];
    for (let i = 1; i <= 1000; i++) lines.push(`Candidate ${i},c${i}-${suffix}@example.com`);
    const res = await importCsv(lines.join('\n'));
    assert.equal(res.status, 303, res.text.slice(0, 1000));
    const saved = await candidatesIn(id);
    assert.equal(saved.length, 1000);
    assert.equal(new Set(saved.map((c) => c.reference)).size, 1000);
    assert.ok(saved.some((c) => c.reference === 'C1000' && c.name === 'Candidate 1000'));
    assert.ok(saved.some((c) => c.reference === 'C001' && c.name === 'Candidate 1'));
    const $ = parse((await owner.get(res.headers.location!).expect(200)).text);
    assert.match($('.govuk-notification-banner').text(), /1000 candidates imported/);
    assert.equal($('tbody tr').length, 1000);
    assert.equal($('tbody tr').first().find('td').first().text().trim(), 'C001');
    assert.equal($('tbody tr').last().find('td').first().text().trim(), 'C1000');
  });

  it('stores hostile text as typed and shows it escaped', async () => {
    const names = ['<script>alert(1)</script>', '" onmouseover="x', '=HYPERLINK("http://x")'];
    const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const csv = ['name,email', ...names.map((n, i) => `${quote(n)},h${i}-${suffix}@example.com`)].join('\n');
    const res = await importCsv(csv);
    assert.equal(res.status, 303, res.text.slice(0, 1000));
    assert.deepEqual((await candidatesIn(id)).map((c) => c.name).sort(), [...names].sort());
    const list = await owner.get(base).expect(200);
    const $ = parse(list.text);
    assert.deepEqual(
      $('tbody tr td:nth-child(2)')
        .map((_i, td) => $(td).text().trim())
        .get()
        .sort(),
      [...names].sort(),
    );
    assert.doesNotMatch(list.text, /<script>alert\(1\)/);
    assert.equal($('[onmouseover]').length, 0);

    const bad = await importCsv(`name,email\n${quote(names[0]!)},${quote(names[1]!)}`);
    assert.equal(bad.status, 400);
    assert.doesNotMatch(bad.text, /<script>alert\(1\)/);
    assert.equal(parse(bad.text)('[onmouseover]').length, 0);
  });

  it('imports a paste larger than the app-wide 200 KB form limit (up to 1 MB)', async function () {
    this.timeout(120_000);
    // Needs the import route's own body parser in server/app.ts, ahead of the app-wide one.
    const lines = ['name,email'];
    for (let i = 1; i <= 4000; i++) lines.push(`Candidate number ${i} Surname,c${i}-${suffix}@example.com`);
    const csv = lines.join('\n');
    assert.ok(Buffer.byteLength(csv) > 200 * 1024 && Buffer.byteLength(csv) < 1024 * 1024);
    const res = await importCsv(csv);
    assert.equal(res.status, 303, `status ${res.status}: is the 1 MB import body parser mounted in app.ts?`);
    assert.equal((await candidatesIn(id)).length, 4000);
  });

  it('refuses text over 1 MB and saves nothing', async () => {
    const res = await importCsv(`name,email\n${'x'.repeat(1024 * 1024)}`);
    assert.equal(res.status, 400, `status ${res.status}`);
    assert.deepEqual(summaryOf(res.text), [['#csv', 'The CSV must be 1 MB or smaller']]);
    assert.deepEqual(await candidatesIn(id), []);
  });
});
