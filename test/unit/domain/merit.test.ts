import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  csvCell,
  csvRow,
  meritByVersion,
  meritOrder,
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
