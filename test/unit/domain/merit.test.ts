import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  csvCell,
  csvRow,
  meritByVersion,
  meritOrder,
  mixedVersionsNotice,
  reserveExpiry,
  type MeritInput,
} from '../../../server/domain/merit.js';

const c = (
  id: string,
  weightedTotal: number,
  leadScore: number,
  extra: Partial<MeritInput> = {},
): MeritInput => ({
  id,
  reference: id,
  weightedTotal,
  leadScore,
  outcome: 'appointable',
  tieBreakPosition: null,
  ...extra,
});

describe('merit order', () => {
  it('orders by weighted total, then the lead criterion', () => {
    const order = meritOrder([c('A', 30, 5), c('B', 32, 4), c('C', 30, 6)]);
    assert.deepEqual(
      order.map((e) => [e.id, e.rank]),
      [
        ['B', 1],
        ['C', 2],
        ['A', 3],
      ],
    );
    assert.ok(order.every((e) => !e.unresolvedTie));
  });

  it('leaves out candidates who are not appointable', () => {
    assert.deepEqual(
      meritOrder([c('A', 30, 5, { outcome: 'not-appointable' }), c('B', 20, 4, { outcome: 'reserve' })]).map(
        (e) => e.id,
      ),
      ['B'],
    );
  });

  it('flags a tie that total and lead criterion cannot break, giving both the same rank', () => {
    const order = meritOrder([c('A', 30, 5), c('B', 30, 5), c('C', 40, 5)]);
    assert.deepEqual(
      order.map((e) => [e.id, e.rank, e.unresolvedTie]),
      [
        ['C', 1, false],
        ['A', 2, true],
        ['B', 2, true],
      ],
    );
    assert.deepEqual(order[1]!.tiedWith, ['B']);
  });

  it('uses the recorded tie-break positions once every tied candidate has one', () => {
    const order = meritOrder([
      c('A', 30, 5, { tieBreakPosition: 2 }),
      c('B', 30, 5, { tieBreakPosition: 1 }),
    ]);
    assert.deepEqual(
      order.map((e) => [e.id, e.rank, e.unresolvedTie]),
      [
        ['B', 1, false],
        ['A', 2, false],
      ],
    );
    const half = meritOrder([c('A', 30, 5, { tieBreakPosition: 1 }), c('B', 30, 5)]);
    assert.ok(half.every((e) => e.unresolvedTie));
  });

  it('never ranks a lower total above a higher one (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ t: fc.integer({ min: 0, max: 50 }), l: fc.integer({ min: 1, max: 7 }) }), {
          maxLength: 30,
        }),
        (rows) => {
          const order = meritOrder(rows.map((r, i) => c(`R${i}`, r.t, r.l)));
          return order.every((e, i) => i === 0 || order[i - 1]!.weightedTotal >= e.weightedTotal);
        },
      ),
    );
  });
});

describe('reserve list expiry', () => {
  it('is 12 months from finalisation, clamped to the month end', () => {
    assert.equal(reserveExpiry(new Date('2026-02-28T10:00:00Z')).toISOString(), '2027-02-28T10:00:00.000Z');
    assert.equal(reserveExpiry(new Date('2028-02-29T10:00:00Z')).toISOString(), '2029-02-28T10:00:00.000Z');
  });
});

describe('CSV cells', () => {
  it('neutralises formulas and quotes what needs quoting', () => {
    assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-2'), "'-2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell(-2), '-2', 'numbers stay numbers');
    assert.equal(csvCell('Siân, Ŵyn'), '"Siân, Ŵyn"');
    assert.equal(csvRow(['a', null, 3]), 'a,,3');
  });

  it('isolates text holding a text-direction character, and leaves other text byte for byte', () => {
    assert.equal(csvCell('evil\u202Etxt.exe'), '\u2068evil\u202Etxt.exe\u2069');
    assert.equal(csvCell('a,\u200Fb'), '"\u2068a,\u200Fb\u2069"');
    assert.equal(csvCell('=1+\u202E2'), "'\u2068=1+\u202E2\u2069", 'the formula guard stays first');
    assert.equal(csvCell('مرحبا Siân'), 'مرحبا Siân', 'right-to-left letters alone need no isolate');
    assert.equal(csvRow(['\u202Eabc', 'after']), '\u2068\u202Eabc\u2069,after');
  });
});

describe('merit lists by scoresheet version', () => {
  const v = (version: number, id: string, total: number, lead: number, extra: Partial<MeritInput> = {}) => ({
    ...c(id, total, lead, extra),
    version,
  });

  it('keeps one list per version, oldest first, each ranked from 1 and never against another', () => {
    const lists = meritByVersion([
      v(2, 'D', 40, 6),
      v(1, 'A', 30, 5),
      v(1, 'B', 32, 4),
      v(2, 'E', 10, 2),
      v(1, 'C', 20, 3, { outcome: 'not-appointable' }),
    ]);
    assert.deepEqual(
      lists.map((l) => [l.version, l.entries.map((e) => [e.id, e.rank])]),
      [
        [
          1,
          [
            ['B', 1],
            ['A', 2],
          ],
        ],
        [
          2,
          [
            ['D', 1],
            ['E', 2],
          ],
        ],
      ],
    );
  });

  it('finds a tie only within one version, and keeps tie-breaks recorded on it', () => {
    const lists = meritByVersion([
      v(1, 'A', 30, 5, { tieBreakPosition: 2 }),
      v(1, 'B', 30, 5, { tieBreakPosition: 1 }),
      v(2, 'C', 30, 5),
    ]);
    const [one, two] = lists;
    assert.deepEqual(
      one!.entries.map((e) => [e.id, e.rank, e.unresolvedTie]),
      [
        ['B', 1, false],
        ['A', 2, false],
      ],
    );
    assert.deepEqual(one!.entries[0]!.tiedWith, ['A']);
    assert.deepEqual(
      two!.entries.map((e) => [e.id, e.rank, e.unresolvedTie, e.tiedWith]),
      [['C', 1, false, []]],
    );
  });

  it('gives each version’s list exactly the order it would have alone', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            version: fc.integer({ min: 1, max: 3 }),
            total: fc.integer({ min: 0, max: 50 }),
            lead: fc.integer({ min: 1, max: 7 }),
          }),
          { maxLength: 20 },
        ),
        (items) => {
          const inputs = items.map((it, i) =>
            v(it.version, `X${String(i).padStart(2, '0')}`, it.total, it.lead),
          );
          for (const list of meritByVersion(inputs)) {
            const alone = meritOrder(inputs.filter((x) => x.version === list.version));
            assert.deepEqual(
              list.entries.map((e) => [e.id, e.rank]),
              alone.map((e) => [e.id, e.rank]),
            );
          }
        },
      ),
    );
  });
});

describe('merit order: ties in every input order', () => {
  /** The rules written out plainly: what meritOrder must give, whatever order its input is in. */
  function expectedOrder(inputs: readonly MeritInput[]) {
    const eligible = inputs.filter((x) => x.outcome !== 'not-appointable');
    const same = (a: MeritInput, b: MeritInput) =>
      a.weightedTotal === b.weightedTotal && a.leadScore === b.leadScore;
    const better = (a: MeritInput, b: MeritInput) =>
      a.weightedTotal > b.weightedTotal || (a.weightedTotal === b.weightedTotal && a.leadScore > b.leadScore);
    const position = (x: MeritInput) => x.tieBreakPosition ?? Number.MAX_SAFE_INTEGER;
    const sorted = [...eligible].sort((a, b) =>
      better(a, b)
        ? -1
        : better(b, a)
          ? 1
          : position(a) - position(b) || (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0),
    );
    return sorted.map((x) => {
      const group = eligible.filter((o) => same(o, x));
      const positions = group.map((g) => g.tieBreakPosition);
      const settled =
        group.length === 1 || (!positions.includes(null) && new Set(positions).size === group.length);
      const ahead = eligible.filter((o) => better(o, x)).length;
      const aheadInGroup = group.filter((g) => position(g) < position(x)).length;
      return {
        id: x.id,
        rank: 1 + ahead + (settled ? aheadInGroup : 0),
        unresolvedTie: !settled,
        tiedWith: sorted.filter((g) => same(g, x) && g.id !== x.id).map((g) => g.reference),
      };
    });
  }

  const arbitraryCandidates = fc
    .array(
      fc.record({
        total: fc.constantFrom(20, 30),
        lead: fc.constantFrom(4, 5),
        position: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
        outcome: fc.constantFrom('appointable', 'reserve', 'not-appointable'),
      }),
      { minLength: 1, maxLength: 7 },
    )
    .map((rows) =>
      rows.map((r, i) =>
        c(`R${i}`, r.total, r.lead, {
          tieBreakPosition: r.position,
          outcome: r.outcome,
        }),
      ),
    );

  it('gives the same order, ranks and ties whatever order the candidates come in (property)', () => {
    fc.assert(
      fc.property(
        arbitraryCandidates.chain((list) =>
          fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })),
        ),
        ([list, shuffled]) => {
          const expected = expectedOrder(list);
          for (const input of [list, shuffled, [...list].reverse()]) {
            assert.deepEqual(
              meritOrder(input).map((e) => ({
                id: e.id,
                rank: e.rank,
                unresolvedTie: e.unresolvedTie,
                tiedWith: e.tiedWith,
              })),
              expected,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts a recorded tie-break position ahead of none, in every input order', () => {
    const a = c('A', 30, 5, { tieBreakPosition: 2 });
    const b = c('B', 30, 5, { tieBreakPosition: null });
    const d = c('D', 30, 5, { tieBreakPosition: 1 });
    for (const input of [
      [a, b, d],
      [a, d, b],
      [b, a, d],
      [b, d, a],
      [d, a, b],
      [d, b, a],
    ]) {
      assert.deepEqual(
        meritOrder(input).map((e) => [e.id, e.rank, e.unresolvedTie]),
        [
          ['D', 1, true],
          ['A', 1, true],
          ['B', 1, true],
        ],
      );
    }
  });

  it('leaves a tie unresolved when two tied candidates were given the same position', () => {
    const order = meritOrder([
      c('A', 30, 5, { tieBreakPosition: 1 }),
      c('B', 30, 5, { tieBreakPosition: 1 }),
      c('C', 30, 5, { tieBreakPosition: 2 }),
    ]);
    assert.deepEqual(
      order.map((e) => [e.id, e.rank, e.unresolvedTie]),
      [
        ['A', 1, true],
        ['B', 1, true],
        ['C', 1, true],
      ],
    );
  });

  it('settles a tie of three with distinct positions, ranks counting on after the leaders', () => {
    const order = meritOrder([
      c('X', 40, 5),
      c('A', 30, 5, { tieBreakPosition: 3 }),
      c('B', 30, 5, { tieBreakPosition: 1 }),
      c('C', 30, 5, { tieBreakPosition: 2 }),
    ]);
    assert.deepEqual(
      order.map((e) => [e.id, e.rank, e.unresolvedTie, e.tiedWith]),
      [
        ['X', 1, false, []],
        ['B', 2, false, ['C', 'A']],
        ['C', 3, false, ['B', 'A']],
        ['A', 4, false, ['B', 'C']],
      ],
    );
  });
});

describe('mixed versions notice', () => {
  it('names one, two or more versions in a sentence', () => {
    assert.match(
      mixedVersionsNotice([3]),
      /^This campaign holds candidates scored against different scoresheet versions \(version 3\)\. Each version has its own list/,
    );
    assert.match(mixedVersionsNotice([1, 2]), /\(versions 1 and 2\)\. /);
    assert.match(mixedVersionsNotice([1, 2, 4]), /\(versions 1, 2 and 4\)\. /);
    assert.ok(
      mixedVersionsNotice([1, 2]).endsWith(
        'Each version has its own list, with its own weights, pass marks and pass rule: totals from different versions are never ranked against each other. To put candidates in one list, they must be scored and moderated again against the same version. The service cannot move a result to another version: reopening a moderation keeps the version it was given against.',
      ),
    );
  });
});

describe('reserve list expiry: months and month ends', () => {
  it('counts the months given, clamping the day to the end of a shorter month', () => {
    assert.equal(
      reserveExpiry(new Date('2026-03-31T09:00:00Z'), 1).toISOString(),
      '2026-04-30T09:00:00.000Z',
    );
    assert.equal(
      reserveExpiry(new Date('2026-01-31T09:00:00Z'), 1).toISOString(),
      '2026-02-28T09:00:00.000Z',
    );
    assert.equal(
      reserveExpiry(new Date('2026-01-15T09:00:00Z'), 6).toISOString(),
      '2026-07-15T09:00:00.000Z',
    );
    assert.equal(reserveExpiry(new Date('2026-08-31T23:30:00Z')).toISOString(), '2027-08-31T23:30:00.000Z');
  });

  it('never moves the finalisation date itself', () => {
    const finalisedAt = new Date('2026-05-31T12:00:00Z');
    reserveExpiry(finalisedAt, 1);
    assert.equal(finalisedAt.toISOString(), '2026-05-31T12:00:00.000Z');
  });
});

describe('CSV cells: the formula guard and names', () => {
  it('guards a cell only when its first character starts a formula, so hyphenated names stay as typed', () => {
    assert.equal(csvCell('Smith-Jones'), 'Smith-Jones');
    assert.equal(csvCell('Jean-Luc Picard-Smith'), 'Jean-Luc Picard-Smith');
    assert.equal(csvCell('a=b+c@d'), 'a=b+c@d');
    assert.equal(csvCell('-Smith'), "'-Smith");
    assert.equal(csvCell('\rx'), `"'\rx"`);
    assert.equal(csvCell('=1'), "'=1");
    assert.equal(csvCell(''), '');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(0), '0');
  });

  it('quotes a cell holding a quote, a comma or a line break, doubling quotes', () => {
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('cr\rin'), '"cr\rin"');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('plain text'), 'plain text');
  });

  it('a hyphen, plus, equals or at sign anywhere but first is never guarded (property)', () => {
    const safe = fc.string({ unit: fc.constantFrom('a', 'B', ' ', '-', '+', '=', '@', 'é'), minLength: 1 });
    fc.assert(
      fc.property(fc.constantFrom('J', 'é', 'O'), safe, (first, rest) => {
        assert.equal(csvCell(first + rest), first + rest);
        assert.equal(csvCell(`-${first}${rest}`), `'-${first}${rest}`);
      }),
    );
  });
});
