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

describe('Rows packed by column: the shape that crosses to the worker', () => {
  it('packs no rows into no columns', async () => {
    assert.deepEqual(await pack([]), { length: 0, columns: {} });
  });

  it('codes a null string apart from the dictionary', async () => {
    const packed = await pack([{ a: 'x' }, { a: null }, { a: 'x' }]);
    const column = packed.columns.a!;
    assert.ok(column.kind === 'strings');
    assert.deepEqual(column.dictionary, ['x']);
    assert.deepEqual([...column.codes], [0, 0xffffffff, 0]);
  });

  it('sends a column of nulls as its length only, in one slice or many', async () => {
    for (const length of [2, 45_000]) {
      const rows = Array.from({ length }, () => ({ a: null }));
      const packed = await pack(rows);
      assert.deepEqual(packed.columns.a, { kind: 'nulls', length });
      assert.deepEqual(unpack(packed), rows);
    }
  });

  it('joins slices of different kinds as plain values, whichever kind comes first', async () => {
    for (const [first, then] of [
      [1, 'x'],
      ['x', 1],
      [new Date(0), 1],
      [true, false],
    ] as const) {
      const rows = Array.from({ length: 20_001 }, (_v, i) => ({ a: i < 20_000 ? first : then }));
      const packed = await pack(rows);
      assert.equal(packed.columns.a!.kind, 'values');
      assert.deepEqual(unpack(packed), rows);
    }
  });

  it('lets other work in between slices, and packs a single slice without waiting', async () => {
    let ran = false;
    setImmediate(() => (ran = true));
    await pack([{ a: 1 }]);
    assert.equal(ran, false, 'one slice: no wait');
    await pack(Array.from({ length: 20_001 }, () => ({ a: 1 })));
    assert.equal(ran, true, 'many slices: other work ran in between');
  });
});
