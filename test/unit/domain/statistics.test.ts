import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  disagreement,
  distribution,
  formatSigned,
  icc11,
  icc21,
  icc31,
  iccBand,
  ICC_MIN_CANDIDATES,
  largestCompleteBlock,
  leniency,
  LENIENCY_FLAG,
  leniencyFlag,
  mean,
  meanSquares,
  type RatingCell,
} from '../../../server/domain/statistics.js';

const close = (actual: number | null | undefined, expected: number, digits = 2) => {
  assert.ok(typeof actual === 'number', `expected a number, got ${String(actual)}`);
  assert.equal(actual.toFixed(digits), expected.toFixed(digits));
};

const cell = (scores: Record<string, number>): RatingCell =>
  Object.entries(scores).map(([rater, score]) => ({ rater, score }));

describe('statistics: intraclass correlation', () => {
  /**
   * Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
   * reliability. Psychological Bulletin, 86(2), 420–428. Table 2: four judges rate six targets;
   * Table 3 and the text give BMS = 11.24, WMS = 6.26, JMS = 32.49, EMS = 1.02 and
   * ICC(1,1) = .17, ICC(2,1) = .29, ICC(3,1) = .71.
   */
  const shroutFleiss = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
  ];

  it('reproduces the mean squares of Shrout & Fleiss (1979), Table 2', () => {
    const ms = meanSquares(shroutFleiss)!;
    assert.equal(ms.n, 6);
    assert.equal(ms.k, 4);
    close(ms.rows, 11.24);
    close(ms.within, 6.26);
    close(ms.columns, 32.49);
    close(ms.error, 1.02);
  });

  it('reproduces ICC(2,1) = .29, ICC(3,1) = .71 and ICC(1,1) = .17 from Shrout & Fleiss (1979)', () => {
    const two = icc21(shroutFleiss);
    close(two.value, 0.29);
    assert.equal(two.reason, null);
    assert.equal(two.n, 6);
    assert.equal(two.k, 4);
    close(icc31(shroutFleiss).value, 0.71);
    close(icc11(shroutFleiss).value, 0.17);
  });

  it('matches a small table worked out by hand: one rater always a point higher', () => {
    // Rows 1,2 / 3,4 / 5,6. Grand mean 3.5; SS total 17.5, rows 16, raters 1.5, error 0.
    // BMS = 8, JMS = 1.5, EMS = 0, WMS = 1.5 / 3 = 0.5.
    // ICC(2,1) = 8 / (8 + 0 + 2 × 1.5 / 3) = 8/9; ICC(3,1) = 8/8 = 1; ICC(1,1) = 7.5/8.5.
    const m = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    close(icc21(m).value, 8 / 9, 10);
    close(icc31(m).value, 1, 10);
    close(icc11(m).value, 7.5 / 8.5, 10);
  });

  it('is 1 when raters agree exactly and candidates differ', () => {
    close(
      icc21([
        [2, 2, 2],
        [4, 4, 4],
        [7, 7, 7],
      ]).value,
      1,
      10,
    );
  });

  it('gives no value, with a reason, where ICC is undefined — never NaN', () => {
    assert.deepEqual(
      icc21([
        [4, 4],
        [4, 4],
        [4, 4],
      ]),
      { value: null, reason: 'no-variance', n: 3, k: 2 },
      'all scores identical: complete agreement, but nothing for reliability to measure',
    );
    assert.deepEqual(icc21([[3], [5], [6]]), { value: null, reason: 'too-few-raters', n: 3, k: 1 });
    assert.deepEqual(icc21([[3, 5, 6]]), { value: null, reason: 'too-few-targets', n: 1, k: 3 });
    assert.deepEqual(icc21([]), { value: null, reason: 'too-few-targets', n: 0, k: 0 });
    assert.equal(icc21([[3, 5], [6]]).reason, 'incomplete');
    assert.equal(
      icc21([
        [3, NaN],
        [4, 5],
      ]).reason,
      'incomplete',
    );
    // n = k = 2 with no row or rater effect: the denominator is 0 although ratings vary.
    assert.deepEqual(
      icc21([
        [1, 2],
        [2, 1],
      ]),
      { value: null, reason: 'undefined', n: 2, k: 2 },
    );
    assert.equal(meanSquares([[1, 2]]), null);
  });

  it('never returns NaN or Infinity, and never more than 1, for any table of scale scores', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }).chain((k) =>
          fc.array(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: k, maxLength: k }), {
            maxLength: 10,
          }),
        ),
        (matrix) => {
          for (const f of [icc21, icc31, icc11]) {
            const r = f(matrix);
            assert.ok(r.value === null ? r.reason !== null : Number.isFinite(r.value));
            if (r.value !== null) assert.ok(r.value <= 1 + 1e-9);
          }
        },
      ),
    );
  });

  it('reads values in Koo & Li’s bands', () => {
    assert.equal(iccBand(0.29), 'poor');
    assert.equal(iccBand(-0.2), 'poor');
    assert.equal(iccBand(0.5), 'moderate');
    assert.equal(iccBand(0.75), 'good');
    assert.equal(iccBand(0.95), 'excellent');
  });
});

describe('statistics: complete blocks of ratings', () => {
  const row = (target: string, eligible: string[], scores: Record<string, number>) => ({
    target,
    eligible,
    scores: new Map(Object.entries(scores)),
  });

  it('keeps only candidates rated by every eligible rater, grouped by the same raters', () => {
    const block = largestCompleteBlock(
      [
        row('c1', ['a', 'b', 'c'], { a: 4, b: 5, c: 3 }),
        row('c2', ['a', 'b', 'c'], { a: 6, b: 6 }), // c has not scored: left out
        row('c3', ['a', 'b'], { a: 2, b: 3 }), // c conflicted: a different set of raters
        row('c4', ['c', 'b', 'a'], { a: 5, b: 5, c: 4 }),
      ],
      ['a', 'b', 'c'],
    );
    assert.deepEqual(block, {
      raters: ['a', 'b', 'c'],
      targets: ['c1', 'c4'],
      matrix: [
        [4, 5, 3],
        [5, 5, 4],
      ],
    });
  });

  it('is empty when no candidate is complete', () => {
    assert.deepEqual(largestCompleteBlock([row('c1', ['a', 'b'], { a: 1 })]), {
      raters: [],
      targets: [],
      matrix: [],
    });
    assert.equal(ICC_MIN_CANDIDATES, 5);
  });
});

describe('statistics: leniency and severity', () => {
  it('compares each member with the rest of the panel on the same cells (worked by hand)', () => {
    // Cell 1: A 4, B 4, C 3. Cell 2: A 5, B 6, C 4.
    // C: own (3 + 4)/2 = 3.5; others (4 + 5.5)/2 = 4.75; difference -1.25 → severe.
    // A: own 4.5; others (3.5 + 5)/2 = 4.25; +0.25. B: own 5; others (3.5 + 4.5)/2 = 4; +1 → lenient.
    const result = leniency([cell({ A: 4, B: 4, C: 3 }), cell({ A: 5, B: 6, C: 4 })], ['A', 'B', 'C']);
    assert.deepEqual(result, [
      { rater: 'A', count: 2, mean: 4.5, othersMean: 4.25, difference: 0.25, flag: null },
      { rater: 'B', count: 2, mean: 5, othersMean: 4, difference: 1, flag: 'lenient' },
      { rater: 'C', count: 2, mean: 3.5, othersMean: 4.75, difference: -1.25, flag: 'severe' },
    ]);
  });

  it('uses only cells the member scored alongside someone else', () => {
    const [a, b] = leniency([cell({ A: 7 }), cell({ A: 4, B: 5 }), cell({ B: 1 })], ['A', 'B']);
    assert.deepEqual(a, { rater: 'A', count: 1, mean: 4, othersMean: 5, difference: -1, flag: 'severe' });
    assert.equal(b!.count, 1);
    assert.equal(b!.difference, 1);
  });

  it('flags at exactly the threshold, not below it', () => {
    assert.equal(LENIENCY_FLAG, 0.75);
    // A is 0.75 below B on average: (3 - 4 + 4 - 4.5) / 2 = -0.75.
    const [a] = leniency([cell({ A: 3, B: 4 }), cell({ A: 4, B: 4.5 })], ['A', 'B']);
    assert.equal(a!.flag, 'severe');
    const [a2] = leniency([cell({ A: 3, B: 3.5 }), cell({ A: 4, B: 4.9 })], ['A', 'B']);
    assert.equal(a2!.flag, null, '-0.7 is under the threshold');
  });

  it('has no figures (null, not NaN) for a member with nothing to compare, or a lone member', () => {
    assert.deepEqual(leniency([cell({ A: 4 })], ['A', 'Z']), [
      { rater: 'A', count: 0, mean: null, othersMean: null, difference: null, flag: null },
      { rater: 'Z', count: 0, mean: null, othersMean: null, difference: null, flag: null },
    ]);
    assert.deepEqual(leniency([]), []);
  });

  it('identical scores mean no difference and no flag', () => {
    const result = leniency([cell({ A: 4, B: 4, C: 4 }), cell({ A: 4, B: 4, C: 4 })]);
    assert.ok(result.every((r) => r.difference === 0 && r.flag === null));
  });
});

describe('statistics: disagreement and distributions', () => {
  it('counts cells with two or more scores, and those 2 or more apart', () => {
    assert.deepEqual(
      disagreement([cell({ A: 4, B: 6 }), cell({ A: 4, B: 5, C: 4 }), cell({ A: 2 }), cell({ A: 1, B: 7 })]),
      { compared: 3, disagreed: 2, share: 2 / 3 },
    );
    assert.deepEqual(disagreement([cell({ A: 2 })]), { compared: 0, disagreed: 0, share: null });
  });

  it('counts agreed scores per scale point, keeping the scale’s order', () => {
    assert.deepEqual(distribution([4, 4, 5, 7, 9], [1, 2, 3, 4, 5, 6, 7]), {
      counts: [
        { value: 1, count: 0 },
        { value: 2, count: 0 },
        { value: 3, count: 0 },
        { value: 4, count: 2 },
        { value: 5, count: 1 },
        { value: 6, count: 0 },
        { value: 7, count: 1 },
      ],
      total: 5,
      outside: 1,
    });
  });

  it('formats signed differences without a negative zero', () => {
    assert.equal(formatSigned(-1), '-1.0');
    assert.equal(formatSigned(1.25), '+1.3');
    assert.equal(formatSigned(-0.04), '0.0');
    assert.equal(formatSigned(0), '0.0');
  });
});

describe('statistics: which candidates feed the ICC', () => {
  const row = (target: string, eligible: string[], scores: Record<string, number>) => ({
    target,
    eligible,
    scores: new Map(Object.entries(scores)),
  });
  const three = (t: string) => row(t, ['a', 'b', 'c'], { a: 1, b: 2, c: 3 });
  const two = (t: string) => row(t, ['a', 'b'], { a: 4, b: 5 });

  it('takes the group with more candidates, whichever group is met first', () => {
    for (const rows of [
      [three('t1'), two('p1'), two('p2'), three('t2'), two('p3')],
      [two('p1'), three('t1'), two('p2'), two('p3'), three('t2')],
    ]) {
      assert.deepEqual(largestCompleteBlock(rows).targets, ['p1', 'p2', 'p3']);
    }
    for (const rows of [
      [three('t1'), three('t2'), three('t3'), two('p1'), two('p2')],
      [two('p1'), two('p2'), three('t1'), three('t2'), three('t3')],
    ]) {
      assert.deepEqual(largestCompleteBlock(rows).targets, ['t1', 't2', 't3']);
    }
  });

  it('on equal numbers of candidates takes the group with more raters, then the first group met', () => {
    for (const rows of [
      [two('p1'), three('t1'), two('p2'), three('t2')],
      [three('t1'), two('p1'), three('t2'), two('p2')],
    ]) {
      const block = largestCompleteBlock(rows);
      assert.deepEqual(
        [block.raters, block.targets],
        [
          ['a', 'b', 'c'],
          ['t1', 't2'],
        ],
      );
    }
    const ab = (t: string) => row(t, ['a', 'b'], { a: 1, b: 2 });
    const cd = (t: string) => row(t, ['c', 'd'], { c: 3, d: 4 });
    assert.deepEqual(largestCompleteBlock([ab('x1'), cd('y1'), cd('y2'), ab('x2')]).targets, ['x1', 'x2']);
    assert.deepEqual(largestCompleteBlock([cd('y1'), ab('x1'), ab('x2'), cd('y2')]).targets, ['y1', 'y2']);
  });

  it('skips a candidate on whom every member is conflicted', () => {
    const nobody = (t: string) => row(t, [], { a: 1 });
    const block = largestCompleteBlock([nobody('n1'), nobody('n2'), nobody('n3'), two('p1')]);
    assert.deepEqual(block, { raters: ['a', 'b'], targets: ['p1'], matrix: [[4, 5]] });
    assert.deepEqual(largestCompleteBlock([nobody('n1')]), { raters: [], targets: [], matrix: [] });
  });

  it('puts raters in the order given, those not in it after them alphabetically, or sorted without an order', () => {
    const r = row('t', ['c', 'a', 'b', 'a'], { a: 1, b: 2, c: 3 });
    assert.deepEqual(largestCompleteBlock([r], ['b']), {
      raters: ['b', 'a', 'c'],
      targets: ['t'],
      matrix: [[2, 1, 3]],
    });
    assert.deepEqual(largestCompleteBlock([r], ['c', 'b', 'a']).raters, ['c', 'b', 'a']);
    assert.deepEqual(largestCompleteBlock([r], ['b', 'a']).raters, ['b', 'a', 'c']);
    assert.deepEqual(largestCompleteBlock([r]).raters, ['a', 'b', 'c']);
  });

  it('groups by the exact set of raters, even when their ids run together', () => {
    const block = largestCompleteBlock([
      row('x', ['ab', 'c'], { ab: 1, c: 2 }),
      row('y', ['a', 'bc'], { a: 3, bc: 4 }),
      row('z', ['a', 'bc'], { a: 5, bc: 6 }),
    ]);
    assert.deepEqual(block, {
      raters: ['a', 'bc'],
      targets: ['y', 'z'],
      matrix: [
        [3, 4],
        [5, 6],
      ],
    });
  });

  it('leaves out a candidate missing a score, or holding a score that is not a number', () => {
    const block = largestCompleteBlock([
      row('x', ['a', 'b'], { a: 1, b: Number.NaN }),
      row('y', ['a', 'b'], { a: 1 }),
      row('z', ['a', 'b'], { a: 2, b: 3 }),
    ]);
    assert.deepEqual(block.targets, ['z']);
  });
});

describe('statistics: edges of the figures', () => {
  it('has no mean for no values, or for values that overflow', () => {
    assert.equal(mean([]), null);
    assert.equal(mean([Number.MAX_VALUE, Number.MAX_VALUE]), null);
    assert.equal(mean([1, 2]), 1.5);
  });

  it('finds the raters in the order first met when none are given', () => {
    assert.deepEqual(
      leniency([cell({ B: 4, A: 5 }), cell({ C: 3, A: 4 })]).map((l) => l.rater),
      ['B', 'A', 'C'],
    );
  });

  it('has no difference, not 0, for a member with nothing compared', () => {
    const [lone] = leniency([cell({ A: 4 })]);
    assert.equal(lone!.difference, null);
    assert.equal(lone!.mean, null);
  });

  it('flags a difference within floating-point noise of the threshold, both ways', () => {
    assert.equal(leniencyFlag(LENIENCY_FLAG - 1e-9), 'lenient');
    assert.equal(leniencyFlag(-(LENIENCY_FLAG - 1e-9)), 'severe');
    assert.equal(leniencyFlag(LENIENCY_FLAG - 1e-6), null);
    assert.equal(leniencyFlag(null), null);
    assert.equal(leniencyFlag(3), 'lenient');
  });

  it('counts a disagreement within floating-point noise of the gap, and ignores scores that are not numbers', () => {
    assert.deepEqual(disagreement([cell({ A: 0, B: 2 - 1e-9 })]), { compared: 1, disagreed: 1, share: 1 });
    assert.deepEqual(disagreement([cell({ A: 0, B: 2 - 1e-6 })]), { compared: 1, disagreed: 0, share: 0 });
    assert.deepEqual(disagreement([cell({ A: Number.NaN, B: 3 })]), {
      compared: 0,
      disagreed: 0,
      share: null,
    });
    assert.deepEqual(disagreement([cell({ A: 1, B: 2 })], 1), { compared: 1, disagreed: 1, share: 1 });
  });

  it('gives no mean squares for a table too small, ragged or holding a non-number', () => {
    assert.equal(meanSquares([]), null);
    assert.equal(meanSquares([[1, 2]]), null);
    assert.equal(meanSquares([[1], [2]]), null);
    assert.equal(meanSquares([[1, 2], [3]]), null);
    assert.equal(
      meanSquares([
        [1, 2],
        [3, 4, 5],
      ]),
      null,
    );
    assert.equal(
      meanSquares([
        [1, 2],
        [3, Number.NaN],
      ]),
      null,
    );
    assert.equal(
      meanSquares([
        [1, 2],
        [Number.POSITIVE_INFINITY, 4],
        [5, 6],
      ]),
      null,
    );
    assert.ok(
      meanSquares([
        [1, 2],
        [3, 5],
      ]),
    );
  });

  it('calls a table incomplete before counting its rows or raters', () => {
    for (const icc of [icc21, icc31, icc11]) {
      assert.equal(icc([[1, Number.NaN]]).reason, 'incomplete');
      assert.equal(icc([[Number.NaN], [2]]).reason, 'incomplete');
      assert.equal(icc([[1], [2, 3]]).reason, 'incomplete');
      assert.equal(icc([[1, 2], [3]]).reason, 'incomplete');
    }
  });

  it('gives no coefficient when the denominator is within floating-point noise of zero', () => {
    assert.deepEqual(
      icc31([
        [0, 1e-6],
        [1e-6, 0],
      ]),
      { value: null, reason: 'undefined', n: 2, k: 2 },
    );
  });

  it('formats a figure to the digits asked for', () => {
    assert.equal(formatSigned(0.04), '0.0');
    assert.equal(formatSigned(-0.04), '0.0');
    assert.equal(formatSigned(1.25, 2), '+1.25');
    assert.equal(formatSigned(-0.5), '-0.5');
  });
});
