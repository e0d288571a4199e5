import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  evaluate,
  givenResult,
  moderationState,
  proposeOutcome,
  rationaleRequired,
  spreadOf,
  storedResult,
} from '../../../server/domain/moderation.js';

describe('moderation rules', () => {
  it('computes mean and range, flagging a spread of 2 or more', () => {
    assert.deepEqual(spreadOf([4, 5, 4]), {
      mean: 4.33,
      min: 4,
      max: 5,
      range: 1,
      flagged: false,
      outliers: [],
    });
    assert.equal(spreadOf([3, 5])!.flagged, true);
    assert.equal(spreadOf([]), null);
  });

  it('names a member as an outlier only when 2 or more from every other member', () => {
    assert.deepEqual(spreadOf([2, 5, 5])!.outliers, [0]);
    assert.deepEqual(spreadOf([2, 4, 6])!.outliers, [0, 1, 2]);
    assert.deepEqual(spreadOf([3, 4, 6])!.outliers, [2]);
    assert.deepEqual(spreadOf([2, 6])!.outliers, [], 'two members: the spread flag says it all');
  });

  it('requires a rationale where the panel disagreed or the agreed score is outside their range', () => {
    const close = spreadOf([4, 5, 5]);
    assert.equal(rationaleRequired(5, close), false);
    assert.equal(rationaleRequired(6, close), true);
    assert.equal(rationaleRequired(3, close), true);
    assert.equal(rationaleRequired(4, spreadOf([3, 5])), true);
  });

  const criteria = [
    { id: 'a', weight: 2, passMark: 4 },
    { id: 'b', weight: 1, passMark: 4 },
  ];

  it('passes on every criterion, on the total, or on both, as the campaign says', () => {
    assert.deepEqual(
      evaluate(criteria, { passRule: 'every-criterion', overallPassMark: null }, { a: 4, b: 3 }),
      {
        criteria: [
          { id: 'a', score: 4, passed: true },
          { id: 'b', score: 3, passed: false },
        ],
        weightedTotal: 11,
        totalPassed: null,
        passed: false,
      },
    );
    assert.equal(evaluate(criteria, { passRule: 'total', overallPassMark: 11 }, { a: 4, b: 3 }).passed, true);
    assert.equal(
      evaluate(criteria, { passRule: 'every-criterion-and-total', overallPassMark: 11 }, { a: 4, b: 3 })
        .passed,
      false,
    );
    assert.equal(
      evaluate(criteria, { passRule: 'every-criterion-and-total', overallPassMark: 13 }, { a: 5, b: 4 })
        .passed,
      true,
    );
  });

  it('proposes appointable for a pass and not appointable otherwise', () => {
    assert.equal(proposeOutcome({ passed: true }), 'appointable');
    assert.equal(proposeOutcome({ passed: false }), 'not-appointable');
  });

  it('opens when every non-conflicted member has submitted', () => {
    assert.equal(
      moderationState(
        [
          { conflicted: false, submitted: true },
          { conflicted: true, submitted: false },
        ],
        false,
      ),
      'open',
    );
    assert.equal(
      moderationState(
        [
          { conflicted: false, submitted: true },
          { conflicted: null, submitted: false },
        ],
        false,
      ),
      'awaiting-scores',
    );
    assert.equal(moderationState([{ conflicted: true, submitted: false }], false), 'awaiting-scores');
    assert.equal(moderationState([], true), 'finalised');
  });

  describe('properties', () => {
    const arbitraryCampaign = fc
      .array(
        fc.record({
          weight: fc.integer({ min: 1, max: 5 }),
          passMark: fc.integer({ min: 1, max: 7 }),
          score: fc.integer({ min: 1, max: 7 }),
        }),
        { minLength: 1, maxLength: 12 },
      )
      .map((rows) => rows.map((r, i) => ({ ...r, id: `c${i}` })));

    it('the weighted total is the sum of score times weight, and every-criterion passes exactly when no criterion fails', () => {
      fc.assert(
        fc.property(arbitraryCampaign, (rows) => {
          const scores = Object.fromEntries(rows.map((r) => [r.id, r.score]));
          const result = evaluate(rows, { passRule: 'every-criterion', overallPassMark: null }, scores);
          const total = rows.reduce((s, r) => s + r.score * r.weight, 0);
          return result.weightedTotal === total && result.passed === rows.every((r) => r.score >= r.passMark);
        }),
      );
    });

    it('"both" passes exactly when "every criterion" and "total" both pass', () => {
      fc.assert(
        fc.property(arbitraryCampaign, fc.integer({ min: 1, max: 300 }), (rows, mark) => {
          const scores = Object.fromEntries(rows.map((r) => [r.id, r.score]));
          const every = evaluate(rows, { passRule: 'every-criterion', overallPassMark: null }, scores).passed;
          const total = evaluate(rows, { passRule: 'total', overallPassMark: mark }, scores).passed;
          const both = evaluate(
            rows,
            { passRule: 'every-criterion-and-total', overallPassMark: mark },
            scores,
          ).passed;
          return both === (every && total);
        }),
      );
    });

    it('raising any one score never turns a pass into a fail', () => {
      fc.assert(
        fc.property(arbitraryCampaign, fc.integer({ min: 1, max: 300 }), fc.nat(11), (rows, mark, pick) => {
          const scores = Object.fromEntries(rows.map((r) => [r.id, r.score]));
          const target = rows[pick % rows.length]!;
          const raised = { ...scores, [target.id]: Math.min(7, target.score + 1) };
          for (const passRule of ['every-criterion', 'total', 'every-criterion-and-total'] as const) {
            const before = evaluate(rows, { passRule, overallPassMark: mark }, scores).passed;
            const after = evaluate(rows, { passRule, overallPassMark: mark }, raised).passed;
            if (before && !after) return false;
          }
          return true;
        }),
      );
    });

    it('an agreed score inside a close range never needs a rationale', () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }), (scores) => {
          const spread = spreadOf(scores)!;
          if (spread.flagged) return rationaleRequired(spread.min, spread);
          return !rationaleRequired(spread.min, spread) && !rationaleRequired(spread.max, spread);
        }),
      );
    });
  });
});

describe('results as given', () => {
  const criteria = [
    { id: 'a', weight: 2, passMark: 4 },
    { id: 'b', weight: 1.5, passMark: 5 },
  ];

  it('stores the total, pass and outcome worked out from the version given, with the chair’s override', () => {
    const scores = { a: 5, b: 4 };
    assert.deepEqual(
      givenResult(criteria, { passRule: 'every-criterion', overallPassMark: null }, scores, null),
      {
        weightedTotal: 16,
        passed: false,
        proposedOutcome: 'not-appointable',
        outcome: 'not-appointable',
      },
    );
    assert.deepEqual(givenResult(criteria, { passRule: 'total', overallPassMark: 16 }, scores, 'reserve'), {
      weightedTotal: 16,
      passed: true,
      proposedOutcome: 'appointable',
      outcome: 'reserve',
    });
  });

  it('reads back what was stored, whatever the current rules would now say', () => {
    let worked = false;
    const read = storedResult({ weightedTotal: 16, passed: true, outcome: 'reserve' }, () => {
      worked = true;
      return null;
    });
    assert.deepEqual(read, {
      weightedTotal: 16,
      passed: true,
      proposedOutcome: 'appointable',
      outcome: 'reserve',
    });
    assert.equal(worked, false);
  });

  it('works out a result finalised before results were stored from the moderation’s own version', () => {
    const own = givenResult(criteria, { passRule: 'total', overallPassMark: 10 }, { a: 5, b: 4 }, null);
    assert.deepEqual(
      storedResult({ weightedTotal: null, passed: null, outcome: null }, () => own),
      own,
    );
    assert.equal(
      storedResult({ weightedTotal: 12, passed: null, outcome: 'appointable' }, () => null),
      null,
    );
  });
});

const ONLY_EVERY = { passRule: 'every-criterion', overallPassMark: null } as const;

describe('moderation rules: the overall pass mark', () => {
  const arbitraryCriteria = fc
    .array(
      fc.record({
        weight: fc.integer({ min: 1, max: 5 }),
        passMark: fc.integer({ min: 1, max: 7 }),
        score: fc.integer({ min: 1, max: 7 }),
      }),
      { minLength: 1, maxLength: 8 },
    )
    .map((rows) => rows.map((r, i) => ({ ...r, id: `c${i}` })));
  const scoresOf = (rows: ReadonlyArray<{ id: string; score: number }>) =>
    Object.fromEntries(rows.map((r) => [r.id, r.score]));

  it('passes on the total exactly when the weighted total reaches the mark: just below, at and just above it (property)', () => {
    fc.assert(
      fc.property(arbitraryCriteria, fc.constantFrom(-0.01, 0, 0.01), (rows, offset) => {
        const scores = scoresOf(rows);
        const total = rows.reduce((s, r) => s + r.score * r.weight, 0);
        const mark = Math.round((total + offset) * 100) / 100;
        const everyPassed = rows.every((r) => r.score >= r.passMark);
        const onTotal = evaluate(rows, { passRule: 'total', overallPassMark: mark }, scores);
        const onBoth = evaluate(
          rows,
          { passRule: 'every-criterion-and-total', overallPassMark: mark },
          scores,
        );
        assert.equal(onTotal.weightedTotal, total);
        assert.equal(onTotal.totalPassed, offset <= 0);
        assert.equal(onTotal.passed, offset <= 0);
        assert.equal(onBoth.totalPassed, offset <= 0);
        assert.equal(onBoth.passed, everyPassed && offset <= 0);
        assert.deepEqual(
          onBoth.criteria.map((c) => c.passed),
          rows.map((r) => r.score >= r.passMark),
        );
      }),
    );
  });

  it('fails a candidate whose total is below the mark, even when every criterion passes', () => {
    const rows = [
      { id: 'a', weight: 2, passMark: 3 },
      { id: 'b', weight: 1, passMark: 3 },
    ];
    const scores = { a: 4, b: 4 };
    for (const passRule of ['total', 'every-criterion-and-total'] as const) {
      const result = evaluate(rows, { passRule, overallPassMark: 12.01 }, scores);
      assert.equal(result.weightedTotal, 12);
      assert.equal(result.totalPassed, false, passRule);
      assert.equal(result.passed, false, passRule);
      assert.equal(evaluate(rows, { passRule, overallPassMark: 12 }, scores).passed, true, passRule);
    }
    assert.equal(
      givenResult(rows, { passRule: 'total', overallPassMark: 12.5 }, scores, null).proposedOutcome,
      'not-appointable',
    );
  });

  it('passes on the total alone, whatever the criteria, under the "total" rule', () => {
    const rows = [
      { id: 'a', weight: 1, passMark: 6 },
      { id: 'b', weight: 1, passMark: 6 },
    ];
    const result = evaluate(rows, { passRule: 'total', overallPassMark: 8 }, { a: 7, b: 1 });
    assert.deepEqual(result, {
      criteria: [
        { id: 'a', score: 7, passed: true },
        { id: 'b', score: 1, passed: false },
      ],
      weightedTotal: 8,
      totalPassed: true,
      passed: true,
    });
    assert.equal(
      evaluate(rows, { passRule: 'every-criterion-and-total', overallPassMark: 8 }, { a: 7, b: 1 }).passed,
      false,
    );
  });

  it('never passes on the total without an overall pass mark', () => {
    const rows = [{ id: 'a', weight: 1, passMark: 1 }];
    for (const passRule of ['total', 'every-criterion-and-total'] as const) {
      const result = evaluate(rows, { passRule, overallPassMark: null }, { a: 7 });
      assert.equal(result.totalPassed, false);
      assert.equal(result.passed, false);
    }
    assert.equal(
      evaluate(rows, { passRule: 'every-criterion', overallPassMark: 100 }, { a: 1 }).totalPassed,
      null,
      'every-criterion never looks at the total, even with a mark set',
    );
  });

  it('rounds the weighted total to 2 decimal places, half up', () => {
    assert.equal(
      evaluate([{ id: 'a', weight: 0.125, passMark: 1 }], ONLY_EVERY, { a: 1 }).weightedTotal,
      0.13,
    );
    assert.equal(
      evaluate([{ id: 'a', weight: 1.234, passMark: 1 }], ONLY_EVERY, { a: 3 }).weightedTotal,
      3.7,
    );
  });

  it('refuses to evaluate a criterion with no score', () => {
    assert.throws(
      () => evaluate([{ id: 'a', weight: 1, passMark: 1 }], ONLY_EVERY, {}),
      /^Error: No score for criterion a$/,
    );
  });

  it('passes a criterion at its pass mark and fails it one below', () => {
    const rows = [{ id: 'a', weight: 1, passMark: 4 }];
    assert.equal(evaluate(rows, ONLY_EVERY, { a: 4 }).passed, true);
    assert.equal(evaluate(rows, ONLY_EVERY, { a: 3 }).passed, false);
  });
});

describe('moderation rules: spread and rationale edges', () => {
  it('needs a rationale when there are no member scores to compare with', () => {
    assert.equal(rationaleRequired(4, null), true);
  });

  it('flags a range of exactly 2 and not of 1; outliers need 3 or more members', () => {
    assert.equal(spreadOf([4, 6])!.flagged, true);
    assert.equal(spreadOf([4, 5])!.flagged, false);
    assert.deepEqual(spreadOf([1, 3, 3])!.outliers, [0]);
    assert.deepEqual(spreadOf([1, 2, 3])!.outliers, []);
    assert.deepEqual(spreadOf([1, 7, 7])!, {
      mean: 5,
      min: 1,
      max: 7,
      range: 6,
      flagged: true,
      outliers: [0],
    });
  });

  it('needs no rationale for an agreed score at either end of a close range', () => {
    const close = spreadOf([4, 5])!;
    assert.equal(rationaleRequired(4, close), false);
    assert.equal(rationaleRequired(5, close), false);
  });

  it('awaits scores while nobody is needed, and while any needed member has not submitted', () => {
    assert.equal(moderationState([], false), 'awaiting-scores');
    assert.equal(
      moderationState(
        [
          { conflicted: false, submitted: false },
          { conflicted: false, submitted: true },
        ],
        false,
      ),
      'awaiting-scores',
    );
    assert.equal(moderationState([{ conflicted: null, submitted: true }], false), 'open');
    assert.equal(moderationState([{ conflicted: false, submitted: false }], true), 'finalised');
  });

  it('reads back a stored fail as not appointable, and works out a result when only the outcome is missing', () => {
    assert.deepEqual(
      storedResult({ weightedTotal: 3, passed: false, outcome: 'not-appointable' }, () => null),
      { weightedTotal: 3, passed: false, proposedOutcome: 'not-appointable', outcome: 'not-appointable' },
    );
    assert.equal(
      storedResult({ weightedTotal: 3, passed: true, outcome: null }, () => null),
      null,
    );
    assert.equal(
      storedResult({ weightedTotal: null, passed: true, outcome: 'reserve' }, () => null),
      null,
    );
  });
});
