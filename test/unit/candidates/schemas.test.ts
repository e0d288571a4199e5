import assert from 'node:assert/strict';
import {
  editCandidateSchema,
  importSchema,
  newCandidateSchema,
  withdrawSchema,
} from '../../../server/features/candidates/schemas.js';
import { parseForm } from '../../../server/middleware/validate.js';

describe('candidates: form schemas', () => {
  it('trims, and treats a blank reference as "make one up" when adding', () => {
    const form = parseForm(newCandidateSchema, {
      _csrf: 't',
      name: ' Ada ',
      email: ' a@b.co ',
      reference: ' ',
    });
    assert.deepEqual(form, { ok: true, data: { name: 'Ada', email: 'a@b.co', reference: null } });
  });

  it('needs a reference when changing', () => {
    const form = parseForm(editCandidateSchema, { name: 'Ada', email: 'a@b.co', reference: '' });
    assert.equal(form.ok, false);
    assert.deepEqual(!form.ok && form.errors.summary, [
      { text: 'Enter the candidate reference', href: '#reference' },
    ]);
  });

  it('refuses repeated fields with the field’s own message', () => {
    const form = parseForm(newCandidateSchema, { name: ['a', 'b'], email: 'a@b.co' });
    assert.deepEqual(!form.ok && form.errors.summary, [
      { text: 'Enter the candidate’s full name', href: '#name' },
    ]);
  });

  it('needs a reason of at most 500 characters to withdraw', () => {
    assert.equal(parseForm(withdrawSchema, { reason: 'x'.repeat(500) }).ok, true);
    const long = parseForm(withdrawSchema, { reason: 'x'.repeat(501) });
    assert.deepEqual(!long.ok && long.errors.summary, [
      { text: 'Reason must be 500 characters or fewer', href: '#reason' },
    ]);
  });

  it('takes up to 1 MB of CSV, counting bytes not characters', () => {
    assert.equal(parseForm(importSchema, { csv: 'x'.repeat(1024 * 1024) }).ok, true);
    const over = parseForm(importSchema, { csv: 'é'.repeat(512 * 1024 + 1) });
    assert.deepEqual(!over.ok && over.errors.summary, [
      { text: 'The CSV must be 1 MB or smaller', href: '#csv' },
    ]);
  });
});
