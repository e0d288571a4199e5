import assert from 'node:assert/strict';
import {
  auditCandidate,
  maySeeOthersScores,
  withheldCandidates,
  WITHHELD_MESSAGE,
} from '../../../server/domain/independence.js';

describe('independence rule', () => {
  it('lets people off the candidate’s panel, conflicted members and those who submitted see scores', () => {
    assert.equal(maySeeOthersScores(undefined), true);
    assert.equal(maySeeOthersScores({ candidateId: 'c', conflicted: true, submitted: false }), true);
    assert.equal(maySeeOthersScores({ candidateId: 'c', conflicted: false, submitted: true }), true);
  });

  it('withholds scores from a panel member who has not submitted, declared or not', () => {
    assert.equal(maySeeOthersScores({ candidateId: 'c', conflicted: false, submitted: false }), false);
    assert.equal(maySeeOthersScores({ candidateId: 'c', conflicted: null, submitted: false }), false);
    const withheld = withheldCandidates([
      { candidateId: 'a', conflicted: null, submitted: false },
      { candidateId: 'b', conflicted: false, submitted: true },
    ]);
    assert.deepEqual([...withheld], ['a']);
  });

  it('finds the candidate an audit entry is about', () => {
    const base = { before: null, after: null };
    assert.equal(auditCandidate({ ...base, entity_type: 'candidate', entity_id: 'c1' }), 'c1');
    assert.equal(
      auditCandidate({
        entity_type: 'member_sheet',
        entity_id: 's',
        before: null,
        after: { candidateId: 'c2' },
      }),
      'c2',
    );
    assert.equal(auditCandidate({ ...base, entity_type: 'campaign', entity_id: 'x' }), null);
  });
});

describe('independence: what a withheld member is told', () => {
  it('says the scores come once their own are submitted', () => {
    assert.equal(WITHHELD_MESSAGE, 'You will see the panel’s scores once you have submitted your own.');
  });
});
