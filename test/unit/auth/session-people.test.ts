import assert from 'node:assert/strict';
import { SessionPeople, type SessionPerson } from '../../../server/auth/session-store.js';

const ada: SessionPerson = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'ada@example.gov.uk',
  name: 'Ada',
  roles: ['hiring_manager'],
  claim_roles: [],
  active: true,
};

describe('auth: people read with their sessions', () => {
  it('gives the person read with a session to that request once, and only if it is the session’s person', () => {
    const people = new SessionPeople();
    people.put('sid-1', ada);
    assert.equal(people.take('sid-1', 'someone-else'), undefined, 'not another person');
    people.put('sid-1', ada);
    assert.deepEqual(people.take('sid-1', ada.id), ada);
    assert.equal(people.take('sid-1', ada.id), undefined, 'taken once: the next request reads again');
  });

  it('says "nobody" when the session’s person no longer exists, and forgets what is stale', () => {
    const people = new SessionPeople();
    people.put('sid-2', null);
    assert.equal(people.take('sid-2', ada.id), null);
    const realNow = Date.now;
    try {
      people.put('sid-3', ada);
      Date.now = () => realNow() + 6_000;
      assert.equal(people.take('sid-3', ada.id), undefined, 'read more than a few seconds ago');
    } finally {
      Date.now = realNow;
    }
  });
});
