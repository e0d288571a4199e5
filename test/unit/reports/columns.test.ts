import assert from 'node:assert/strict';
import { pack, unpack } from '../../../server/reports/columns.js';

describe('Rows packed by column for a report worker', () => {
  it('gives back every row as it was: strings, numbers, nulls, dates and objects', async () => {
    const rows = [
      { id: 'a', score: 3, note: null, at: new Date(0), content: { x: 1 } },
      { id: 'b', score: null, note: 'Ünïcödé “quoted”', at: new Date(1), content: { x: 2 } },
      { id: 'a', score: 0.5, note: '', at: new Date(2), content: null },
    ];
    assert.deepEqual(unpack(structuredClone(await pack(rows))), rows);
  });

  it('stores each distinct string once and numbers in a typed array', async () => {
    const rows = Array.from({ length: 1000 }, (_v, i) => ({ member: `m${i % 3}`, score: i % 7 }));
    const packed = await pack(rows);
    const member = packed.columns.member!;
    const score = packed.columns.score!;
    assert.equal(member.kind, 'strings');
    assert.deepEqual(member.kind === 'strings' && member.dictionary, ['m0', 'm1', 'm2']);
    assert.ok(score.kind === 'numbers' && score.values instanceof Float64Array);
    assert.deepEqual(unpack(packed), rows);
  });

  it('keeps a column of mixed kinds as plain values', async () => {
    const rows = [{ v: 'one' }, { v: 2 }];
    assert.equal((await pack(rows)).columns.v!.kind, 'values');
    assert.deepEqual(unpack(await pack(rows)), rows);
  });

  it('packs no rows into no rows', async () => {
    assert.deepEqual(unpack(await pack([])), []);
  });

  it('packs many rows a slice at a time and joins the slices into one column', async () => {
    const rows = Array.from({ length: 45_000 }, (_v, i) => ({
      member: i < 25_000 ? null : `m${i % 5}`,
      score: i < 30_000 ? i % 7 : null,
      kind: i < 20_000 ? 'a' : 3,
    }));
    const packed = await pack(rows);
    assert.equal(packed.columns.member!.kind, 'strings');
    assert.equal(packed.columns.kind!.kind, 'values');
    const score = packed.columns.score!;
    assert.ok(score.kind === 'numbers' && score.values.length === 45_000);
    assert.deepEqual(unpack(packed), rows);
    const names = await pack(rows.map((r, i) => ({ name: `n${(i * 7) % 30_001}` })));
    assert.ok(names.columns.name!.kind === 'strings' && names.columns.name!.dictionary.length === 30_001);
    assert.deepEqual(
      unpack(names),
      rows.map((_r, i) => ({ name: `n${(i * 7) % 30_001}` })),
    );
  });
});
