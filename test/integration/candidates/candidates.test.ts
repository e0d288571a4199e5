import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { uniqueSuffix } from '../../helpers/database.js';
import { csrfTokenFrom, parse } from '../../helpers/html.js';
import { signIn, type Agent } from '../../helpers/sign-in.js';
import { addCandidate, auditIn, candidatesIn, createCampaign, postForm, summaryOf } from './helpers.js';

const email = (label: string) => `${label}-${uniqueSuffix()}@example.com`;

describe('candidates: adding, changing, withdrawing', () => {
  let app: TestApp;
  let owner: Agent;
  before(async () => {
    app = await startTestApp();
    owner = await signIn(app, 'dev-hiring-manager');
  });
  after(() => app.close());

  describe('adding', () => {
    let id: string;
    let base: string;
    beforeEach(async () => {
      id = await createCampaign(owner);
      base = `/campaigns/${id}/candidates`;
    });

    it('lists no candidates at first, with links to add and import', async () => {
      const $ = parse((await owner.get(base).expect(200)).text);
      assert.match($('title').text(), /^Candidates/);
      assert.equal($('#candidate-count').text().trim(), '0 candidates');
      assert.equal($(`a[href="${base}/new"]`).length, 1);
      assert.equal($(`a[href="${base}/import"]`).length, 1);
    });

    it('adds candidates, making references C001 and C002 when left blank, and audits without personal data', async () => {
      const first = email('ada');
      const res = await postForm(owner, `${base}/new`, `${base}/new`, {
        name: 'Ada Lovelace',
        email: first,
        reference: '',
      });
      assert.equal(res.status, 303);
      const list = parse((await owner.get(res.headers.location!).expect(200)).text);
      assert.match(list('.govuk-notification-banner').text(), /Ada Lovelace \(C001\) added/);
      await addCandidate(owner, id, { name: 'Bob Bobson', email: email('bob') });
      await addCandidate(owner, id, { name: 'Own Ref', email: email('own'), reference: 'HO-123_4' });

      const saved = await candidatesIn(id);
      assert.deepEqual(saved.map((c) => [c.reference, c.name]).sort(), [
        ['C001', 'Ada Lovelace'],
        ['C002', 'Bob Bobson'],
        ['HO-123_4', 'Own Ref'],
      ]);
      assert.equal(saved.find((c) => c.reference === 'C001')!.email, first);

      const audit = await auditIn(id, 'candidate.added');
      assert.equal(audit.length, 3);
      assert.equal(audit[0]!.entity_type, 'candidate');
      assert.equal(audit[0]!.entity_id, saved.find((c) => c.reference === 'C001')!.id);
      assert.deepEqual(audit[0]!.after, { reference: 'C001', referenceMadeUp: true });
      const logged = JSON.stringify(audit);
      assert.doesNotMatch(logged, /@example\.com/);
      assert.doesNotMatch(logged, /Ada Lovelace/);

      const $ = parse((await owner.get(base).expect(200)).text);
      assert.equal($('#candidate-count').text().trim(), '3 candidates (3 active, 0 withdrawn)');
      const rows = $('tbody tr')
        .map((_i, tr) => [
          $(tr)
            .find('td')
            .map((_j, td) => $(td).text().trim())
            .get(),
        ])
        .get();
      assert.deepEqual(rows[0]!.slice(0, 4), ['C001', 'Ada Lovelace', first, 'Active']);
      assert.match(rows[0]![4]!, /Change/);
    });

    it('refuses an empty form with the error summary and saves nothing', async () => {
      const res = await postForm(owner, `${base}/new`, `${base}/new`, { name: '', email: '', reference: '' });
      assert.equal(res.status, 400);
      const $ = parse(res.text);
      assert.match($('title').text(), /^Error: Add a candidate/);
      assert.deepEqual(summaryOf(res.text), [
        ['#name', 'Enter the candidate’s full name'],
        ['#email', 'Enter the candidate’s email address'],
      ]);
      assert.match($('#name-error').text(), /Enter the candidate’s full name/);
      assert.deepEqual(await candidatesIn(id), []);
    });

    it('refuses bad values with field messages, re-shows them, and saves nothing', async () => {
      const values = { name: 'x'.repeat(201), email: 'not-an-email', reference: 'has space' };
      const res = await postForm(owner, `${base}/new`, `${base}/new`, values);
      assert.equal(res.status, 400);
      const $ = parse(res.text);
      assert.deepEqual(summaryOf(res.text), [
        ['#name', 'Full name must be 200 characters or fewer'],
        ['#email', 'Enter an email address in the correct format, like name@example.com'],
        ['#reference', 'Reference must only include letters, numbers, hyphens (-) and underscores (_)'],
      ]);
      assert.equal($('#name').val(), values.name);
      assert.equal($('#email').val(), values.email);
      assert.equal($('#reference').val(), values.reference);

      const long = await postForm(owner, `${base}/new`, `${base}/new`, {
        name: 'Long Email',
        email: `${'a'.repeat(250)}@example.com`,
        reference: 'R'.repeat(31),
      });
      assert.equal(long.status, 400);
      assert.deepEqual(summaryOf(long.text), [
        ['#email', 'Email address must be 254 characters or fewer'],
        ['#reference', 'Reference must be 30 characters or fewer'],
      ]);
      assert.deepEqual(await candidatesIn(id), []);
    });

    it('refuses fields it does not expect', async () => {
      const res = await postForm(owner, `${base}/new`, `${base}/new`, {
        name: 'Extra',
        email: email('extra'),
        campaign_id: '00000000-0000-0000-0000-000000000000',
      });
      assert.equal(res.status, 400);
      assert.deepEqual(await candidatesIn(id), []);
    });

    it('refuses an email or reference already in the campaign, ignoring case', async () => {
      const taken = email('taken');
      await addCandidate(owner, id, { name: 'First', email: taken, reference: 'Ref-1' });
      const sameEmail = await postForm(owner, `${base}/new`, `${base}/new`, {
        name: 'Second',
        email: taken.toUpperCase(),
        reference: '',
      });
      assert.equal(sameEmail.status, 400);
      assert.deepEqual(summaryOf(sameEmail.text), [
        ['#email', 'A candidate with this email address is already in this campaign'],
      ]);
      assert.equal(parse(sameEmail.text)('#name').val(), 'Second');
      const sameReference = await postForm(owner, `${base}/new`, `${base}/new`, {
        name: 'Third',
        email: email('third'),
        reference: 'REF-1',
      });
      assert.equal(sameReference.status, 400);
      assert.match(parse(sameReference.text)('#reference-error').text(), /already has this reference/);
      assert.equal((await candidatesIn(id)).length, 1);
    });

    it('allows the same email in two different campaigns', async () => {
      const shared = email('shared');
      await addCandidate(owner, id, { name: 'Shared', email: shared });
      await addCandidate(owner, await createCampaign(owner), { name: 'Shared', email: shared });
    });
  });

  describe('changing, withdrawing and reinstating', () => {
    let id: string;
    let base: string;
    let candidateId: string;
    let otherId: string;
    let otherEmail: string;
    let originalEmail: string;
    before(async () => {
      id = await createCampaign(owner);
      base = `/campaigns/${id}/candidates`;
      originalEmail = email('grace');
      otherEmail = email('other');
      candidateId = await addCandidate(owner, id, { name: 'Grace Original', email: originalEmail });
      otherId = await addCandidate(owner, id, {
        name: 'Other Person',
        email: otherEmail,
        reference: 'OTHER',
      });
    });

    it('shows the current details and changes them, auditing field names and references only', async () => {
      const editUrl = `${base}/${candidateId}/edit`;
      const page = parse((await owner.get(editUrl).expect(200)).text);
      assert.equal(page('#name').val(), 'Grace Original');
      assert.equal(page('#email').val(), originalEmail);
      assert.equal(page('#reference').val(), 'C001');

      const res = await postForm(owner, editUrl, editUrl, {
        name: 'Grace Changed',
        email: originalEmail,
        reference: 'G-1',
      });
      assert.equal(res.status, 303);
      assert.match(
        parse((await owner.get(res.headers.location!).expect(200)).text)('.govuk-notification-banner').text(),
        /Grace Changed \(G-1\) updated/,
      );
      const saved = (await candidatesIn(id)).find((c) => c.id === candidateId)!;
      assert.equal(saved.name, 'Grace Changed');
      assert.equal(saved.reference, 'G-1');
      const [entry, ...more] = await auditIn(id, 'candidate.updated');
      assert.equal(more.length, 0);
      assert.equal(entry!.entity_id, candidateId);
      assert.deepEqual(entry!.before, { fields: ['name', 'reference'], reference: 'C001' });
      assert.deepEqual(entry!.after, { fields: ['name', 'reference'], reference: 'G-1' });
      assert.doesNotMatch(JSON.stringify(entry), /Grace|@example/);

      const unchanged = await postForm(owner, editUrl, editUrl, {
        name: 'Grace Changed',
        email: originalEmail,
        reference: 'G-1',
      });
      assert.equal(unchanged.status, 303);
      assert.equal((await auditIn(id, 'candidate.updated')).length, 1, 'no change, no audit entry');
    });

    it('refuses bad changes and duplicates, changing nothing', async () => {
      const editUrl = `${base}/${otherId}/edit`;
      const blank = await postForm(owner, editUrl, editUrl, { name: '', email: 'x', reference: '' });
      assert.equal(blank.status, 400);
      assert.match(parse(blank.text)('title').text(), /^Error:/);
      assert.deepEqual(summaryOf(blank.text), [
        ['#name', 'Enter the candidate’s full name'],
        ['#email', 'Enter an email address in the correct format, like name@example.com'],
        ['#reference', 'Enter the candidate reference'],
      ]);
      const duplicate = await postForm(owner, editUrl, editUrl, {
        name: 'Other Person',
        email: originalEmail.toUpperCase(),
        reference: 'OTHER',
      });
      assert.equal(duplicate.status, 400);
      assert.match(parse(duplicate.text)('#email-error').text(), /already in this campaign/);
      const duplicateRef = await postForm(owner, editUrl, editUrl, {
        name: 'Other Person',
        email: otherEmail,
        reference: 'g-1',
      });
      assert.equal(duplicateRef.status, 400);
      assert.match(parse(duplicateRef.text)('#reference-error').text(), /already has this reference/);
      const saved = (await candidatesIn(id)).find((c) => c.id === otherId)!;
      assert.deepEqual([saved.name, saved.email, saved.reference], ['Other Person', otherEmail, 'OTHER']);
    });

    it('needs a reason to withdraw, then withdraws with the reason in the audit log', async () => {
      const editUrl = `${base}/${otherId}/edit`;
      const noReason = await postForm(owner, editUrl, `${base}/${otherId}/withdraw`, { reason: ' ' });
      assert.equal(noReason.status, 400);
      assert.deepEqual(summaryOf(noReason.text), [
        ['#reason', 'Enter the reason for withdrawing the candidate'],
      ]);
      assert.equal((await candidatesIn(id)).find((c) => c.id === otherId)!.withdrawn_at, null);

      const res = await postForm(owner, editUrl, `${base}/${otherId}/withdraw`, {
        reason: 'Accepted another offer',
      });
      assert.equal(res.status, 303);
      assert.ok((await candidatesIn(id)).find((c) => c.id === otherId)!.withdrawn_at);
      const [entry] = await auditIn(id, 'candidate.withdrawn');
      assert.equal(entry!.reason, 'Accepted another offer');
      assert.equal(entry!.entity_id, otherId);

      const $ = parse((await owner.get(res.headers.location!).expect(200)).text);
      assert.match($('.govuk-notification-banner').text(), /Other Person \(OTHER\) withdrawn/);
      assert.equal($('#candidate-count').text().trim(), '2 candidates (1 active, 1 withdrawn)');
      const edit = parse((await owner.get(editUrl).expect(200)).text);
      assert.equal(edit(`form[action="${base}/${otherId}/reinstate"]`).length, 1);

      const again = await postForm(owner, editUrl, `${base}/${otherId}/withdraw`, { reason: 'Twice' });
      assert.equal(again.status, 303);
      assert.equal((await auditIn(id, 'candidate.withdrawn')).length, 1, 'withdrawing twice changes nothing');
    });

    it('needs a reason to reinstate, then reinstates', async () => {
      const editUrl = `${base}/${otherId}/edit`;
      const noReason = await postForm(owner, editUrl, `${base}/${otherId}/reinstate`, {});
      assert.equal(noReason.status, 400);
      assert.match(parse(noReason.text)('#reason-error').text(), /Enter the reason for reinstating/);
      const res = await postForm(owner, editUrl, `${base}/${otherId}/reinstate`, {
        reason: 'Offer fell through',
      });
      assert.equal(res.status, 303);
      assert.equal((await candidatesIn(id)).find((c) => c.id === otherId)!.withdrawn_at, null);
      const [entry] = await auditIn(id, 'candidate.reinstated');
      assert.equal(entry!.reason, 'Offer fell through');
    });
  });

  describe('anonymised campaigns', () => {
    it('still shows names to owners, and says panels see references only', async () => {
      const id = await createCampaign(owner, { anonymised: 'yes' });
      await addCandidate(owner, id, { name: 'Named Person', email: email('named') });
      const $ = parse((await owner.get(`/campaigns/${id}/candidates`).expect(200)).text);
      assert.match($('tbody').text(), /Named Person/);
      assert.match($('.govuk-inset-text').text(), /panels see candidate references only/);
    });
  });

  describe('hostile text', () => {
    it('stores text as typed and always shows it escaped', async () => {
      const id = await createCampaign(owner);
      const base = `/campaigns/${id}/candidates`;
      const names = ['<script>alert(1)</script>', '" onmouseover="x', '=HYPERLINK("http://x")'];
      const ids: string[] = [];
      for (const name of names) ids.push(await addCandidate(owner, id, { name, email: email('hostile') }));
      assert.deepEqual((await candidatesIn(id)).map((c) => c.name).sort(), [...names].sort());

      const list = await owner.get(base).expect(200);
      const $ = parse(list.text);
      const shown = $('tbody tr td:nth-child(2)')
        .map((_i, td) => $(td).text().trim())
        .get();
      assert.deepEqual(shown.sort(), [...names].sort());
      assert.doesNotMatch(list.text, /<script>alert\(1\)/);
      assert.doesNotMatch(list.text, /" onmouseover="x/);
      assert.equal($('[onmouseover]').length, 0);

      const edit = await owner.get(`${base}/${ids[1]}/edit`).expect(200);
      assert.equal(parse(edit.text)('#name').val(), names[1]);
      assert.equal(parse(edit.text)('[onmouseover]').length, 0);

      const invalid = await postForm(owner, `${base}/new`, `${base}/new`, {
        name: names[0]!,
        email: names[1]!,
        reference: names[2]!,
      });
      assert.equal(invalid.status, 400);
      assert.doesNotMatch(invalid.text, /<script>alert\(1\)/);
      assert.equal(parse(invalid.text)('[onmouseover]').length, 0);
      assert.equal(parse(invalid.text)('#reference').val(), names[2]);
    });
  });

  describe('candidates of other campaigns', () => {
    it('answers 404 for a candidate id from another campaign, never showing them', async () => {
      const mine = await createCampaign(owner);
      const theirs = await createCampaign(owner);
      const foreign = await addCandidate(owner, theirs, { name: 'Foreign Person', email: email('foreign') });
      const base = `/campaigns/${mine}/candidates`;
      const csrf = csrfTokenFrom((await owner.get(`${base}/new`).expect(200)).text);
      const res = await owner.get(`${base}/${foreign}/edit`);
      assert.equal(res.status, 404);
      assert.doesNotMatch(res.text, /Foreign Person/);
      for (const action of ['edit', 'withdraw', 'reinstate']) {
        await owner
          .post(`${base}/${foreign}/${action}`)
          .type('form')
          .send({ _csrf: csrf, name: 'Hijack', email: email('hijack'), reference: 'X', reason: 'x' })
          .expect(404);
      }
      const saved = (await candidatesIn(theirs))[0]!;
      assert.equal(saved.name, 'Foreign Person');
      assert.equal(saved.withdrawn_at, null);
      await owner.get(`${base}/00000000-0000-0000-0000-000000000000/edit`).expect(404);
      await owner.get(`${base}/not-an-id/edit`).expect(404);
      await owner.get('/campaigns/00000000-0000-0000-0000-000000000000/candidates').expect(404);
    });
  });
});
