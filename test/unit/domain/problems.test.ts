import assert from 'node:assert/strict';
import { refuse } from '../../../server/domain/problems.js';

describe('domain: problems', () => {
  it('refuses with every problem, in order, and nothing done', () => {
    const email = { field: 'email', text: 'Enter an email address' };
    const name = { field: 'name', text: 'Enter a name' };
    assert.deepEqual(refuse(email, name), { ok: false, problems: [email, name] });
    assert.deepEqual(refuse(), { ok: false, problems: [] });
  });
});
