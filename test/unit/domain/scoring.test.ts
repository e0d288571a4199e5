import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  changedEntries,
  decideSave,
  isScaleValue,
  progress,
  submitProblems,
} from '../../../server/domain/scoring.js';

const sheet = {
  scale: {
    id: 's',
    name: 's',
    points: [1, 2, 3, 4, 5, 6, 7].map((value) => ({ value, label: String(value), descriptor: null })),
  },
  criteria: [
    { id: 'a', title: 'Communicating' },
    { id: 'b', title: 'Delivering' },
  ],
};

describe('scoring rules', () => {
  it('accepts only values on the scale', () => {
    assert.equal(isScaleValue(sheet, 4), true);
    assert.equal(isScaleValue(sheet, 0), false);
    assert.equal(isScaleValue(sheet, 8), false);
    assert.equal(isScaleValue(sheet, 4.5), false);
  });

  it('reports progress and what is still unscored', () => {
    assert.deepEqual(progress(sheet, { a: { score: 5, evidence: '' } }), {
      total: 2,
      scored: 1,
      unscored: [{ id: 'b', title: 'Delivering' }],
    });
  });

  it('needs every score, and evidence only when the campaign requires it', () => {
    const entries = { a: { score: 5, evidence: '  ' }, b: { score: null, evidence: 'notes' } };
    assert.deepEqual(
      submitProblems(sheet, entries, true).map((p) => p.field),
      ['evidence-a', 'score-b'],
    );
    assert.deepEqual(
      submitProblems(sheet, entries, false).map((p) => p.field),
      ['score-b'],
    );
    assert.deepEqual(
      submitProblems(sheet, { a: { score: 1, evidence: 'x' }, b: { score: 7, evidence: 'y' } }, true),
      [],
    );
  });

  it('applies a save only on the current revision; a retry is a duplicate; submitted sheets are locked', () => {
    const current = { revision: 3, lastRequestId: 'r3', submitted: false };
    assert.equal(decideSave(current, { baseRevision: 3, requestId: 'r4' }), 'apply');
    assert.equal(decideSave(current, { baseRevision: 3, requestId: 'r3' }), 'duplicate');
    assert.equal(decideSave(current, { baseRevision: 2, requestId: 'r4' }), 'conflict');
    assert.equal(decideSave({ ...current, submitted: true }, { baseRevision: 3, requestId: 'r4' }), 'locked');
  });

  it('never applies a save based on another revision (property)', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.nat(100), fc.boolean(), (revision, base, submitted) => {
        const decision = decideSave(
          { revision, lastRequestId: 'x', submitted },
          { baseRevision: base, requestId: 'y' },
        );
        return decision !== 'apply' || (base === revision && !submitted);
      }),
    );
  });

  it('finds only the entries that changed', () => {
    const current = { a: { score: 5, evidence: 'same' }, b: { score: 2, evidence: 'old' } };
    assert.deepEqual(
      changedEntries(current, {
        a: { score: 5, evidence: 'same' },
        b: { score: 2, evidence: 'new' },
        c: { score: null, evidence: '' },
      }),
      {
        b: { score: 2, evidence: 'new' },
        c: { score: null, evidence: '' },
      },
    );
  });

  it('finds an entry whose score alone changed, including to and from no score', () => {
    const current = {
      a: { score: 5, evidence: 'same' },
      b: { score: null, evidence: '' },
      c: { score: 3, evidence: '' },
    };
    assert.deepEqual(
      changedEntries(current, {
        a: { score: 6, evidence: 'same' },
        b: { score: 1, evidence: '' },
        c: { score: null, evidence: '' },
      }),
      {
        a: { score: 6, evidence: 'same' },
        b: { score: 1, evidence: '' },
        c: { score: null, evidence: '' },
      },
    );
  });

  it('an entry is written exactly when its score or evidence differs, or it is new (property)', () => {
    const entry = fc.record({
      score: fc.option(fc.integer({ min: 1, max: 7 }), { nil: null }),
      evidence: fc.constantFrom('', 'notes', 'other notes'),
    });
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), entry),
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), entry),
        (current, incoming) => {
          const expected = Object.fromEntries(
            Object.entries(incoming).filter(([id, e]) => {
              const before = current[id];
              return !before || before.score !== e.score || before.evidence !== e.evidence;
            }),
          );
          assert.deepEqual(changedEntries(current, incoming), expected);
        },
      ),
    );
  });

  it('answers a retry as a duplicate even when the sheet is submitted or the revision moved on', () => {
    assert.equal(
      decideSave({ revision: 5, lastRequestId: 'r', submitted: true }, { baseRevision: 1, requestId: 'r' }),
      'duplicate',
    );
    assert.equal(
      decideSave({ revision: 5, lastRequestId: null, submitted: true }, { baseRevision: 1, requestId: 'r' }),
      'locked',
    );
  });

  it('lists every problem, exactly, for criteria with no entry at all', () => {
    assert.deepEqual(submitProblems(sheet, {}, true), [
      { field: 'score-a', text: 'Select a score for Communicating' },
      { field: 'evidence-a', text: 'Enter evidence notes for Communicating' },
      { field: 'score-b', text: 'Select a score for Delivering' },
      { field: 'evidence-b', text: 'Enter evidence notes for Delivering' },
    ]);
    assert.deepEqual(submitProblems(sheet, {}, false), [
      { field: 'score-a', text: 'Select a score for Communicating' },
      { field: 'score-b', text: 'Select a score for Delivering' },
    ]);
    assert.deepEqual(
      submitProblems(sheet, { a: { score: 3, evidence: '  ' }, b: { score: 0, evidence: 'x' } }, true),
      [{ field: 'evidence-a', text: 'Enter evidence notes for Communicating' }],
      'a score of 0 is a score; blank evidence is none',
    );
  });
});
