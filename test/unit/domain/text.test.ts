import assert from 'node:assert/strict';
import fc from 'fast-check';
import { z } from 'zod';
import {
  MAX_NESTING,
  UNSTORABLE_MESSAGE,
  cleanName,
  findHiddenCharacters,
  findUnstorable,
  isCleanName,
  isStorable,
  isolateBidi,
} from '../../../server/domain/text.js';

const BIDI = ['\u061C', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E'].concat([
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
]);

describe('domain: text integrity', () => {
  describe('isStorable', () => {
    it('refuses NUL and lone surrogates, and keeps everything else', () => {
      assert.equal(isStorable('Nul\u0000Byte'), false);
      assert.equal(isStorable('lone high \uD800 here'), false);
      assert.equal(isStorable('lone low \uDC00 here'), false);
      assert.equal(isStorable('ends high \uD83D'), false);
      assert.equal(isStorable('\uDE00 starts low'), false);
      assert.equal(isStorable('emoji 😀 👩🏽‍💻, combining é, Arabic مرحبا, override \u202E'), true);
      assert.equal(isStorable('tab\tnew\nline\r\u0001\u007F\u0085'), true);
    });

    it('agrees with a UTF-8 round trip for any string without NUL', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (s) => {
          const roundTrips = Buffer.from(s, 'utf8').toString('utf8') === s;
          assert.equal(isStorable(s), roundTrips && !s.includes('\u0000'));
        }),
      );
    });
  });

  describe('findHiddenCharacters', () => {
    it('finds C0 (with tab and newline), DEL and C1 controls', () => {
      const found = findHiddenCharacters('a\u0001b\tc\nd\u007Fe\u0080f\u009F');
      assert.deepEqual(
        found.map((f) => [f.index, f.codePoint, f.kind]),
        [
          [1, 0x01, 'control'],
          [3, 0x09, 'control'],
          [5, 0x0a, 'control'],
          [7, 0x7f, 'control'],
          [9, 0x80, 'control'],
          [11, 0x9f, 'control'],
        ],
      );
    });

    it('finds every bidirectional formatting character', () => {
      for (const ch of BIDI)
        assert.deepEqual(findHiddenCharacters(`x${ch}y`), [
          { index: 1, codePoint: ch.charCodeAt(0), kind: 'bidi' },
        ]);
    });

    it('lets notes keep tab and newline when allowed', () => {
      assert.deepEqual(findHiddenCharacters('one\ttwo\nthree', ['\t', '\n']), []);
      assert.equal(findHiddenCharacters('one\ttwo\u0007', ['\t', '\n']).length, 1);
    });

    it('leaves visible text alone: accents, scripts, emoji, zero-width joiners', () => {
      for (const text of ['Siân Ŵyn', 'Łódź', 'مرحبا', 'שלום', '👩🏽‍💻', 'e\u0301', "O'Brien-Smith", '\u00A0'])
        assert.deepEqual(findHiddenCharacters(text), [], text);
    });
  });

  describe('names', () => {
    it('isCleanName refuses any control or text-direction character', () => {
      assert.equal(isCleanName('Siân Ŵyn-مرحبا'), true);
      assert.equal(isCleanName('right\u202Eto left'), false);
      assert.equal(isCleanName('two\nlines'), false);
      assert.equal(isCleanName('tab\there'), false);
    });

    it('cleanName adds the field message to a schema', () => {
      const schema = cleanName(z.string().trim().min(1, 'Enter the panel name'), 'Panel name');
      assert.equal(schema.parse(' Panel A '), 'Panel A');
      const result = schema.safeParse('Panel \u202EA');
      assert.equal(result.success, false);
      assert.equal(
        result.error.issues[0]!.message,
        'Panel name must not contain control characters or text-direction characters',
      );
    });
  });

  describe('isolateBidi', () => {
    it('wraps text holding a bidi character in FSI … PDI', () => {
      assert.equal(isolateBidi('abc\u202Edef'), '\u2068abc\u202Edef\u2069');
      assert.equal(isolateBidi('\u200F'), '\u2068\u200F\u2069');
    });

    it('returns other text byte for byte, right-to-left letters included', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme' }), (s) => {
          fc.pre(!BIDI.some((ch) => s.includes(ch)));
          assert.equal(isolateBidi(s), s);
        }),
      );
      assert.equal(isolateBidi('مرحبا'), 'مرحبا');
    });
  });

  describe('findUnstorable', () => {
    it('finds unstorable strings and field names by path', () => {
      assert.deepEqual(
        findUnstorable({ a: 'ok', b: ['fine', 'bad\u0000'], c: { d: '\uD800' }, ['e\u0000']: 'x' }),
        [
          { path: ['b', 1], problem: 'unstorable' },
          { path: ['c', 'd'], problem: 'unstorable' },
          { path: ['e\u0000'], problem: 'unstorable-name' },
        ],
      );
      assert.deepEqual(findUnstorable({ a: 1, b: null, c: true, d: 'emoji 😀' }), []);
    });

    it('stops at MAX_NESTING without recursion, however deep the input', () => {
      let deep: unknown = 'x';
      for (let i = 0; i < 200_000; i++) deep = [deep];
      assert.deepEqual(findUnstorable(deep), [
        { path: Array.from({ length: MAX_NESTING }, () => 0), problem: 'too-deep' },
      ]);
      let shallow: unknown = 'x';
      for (let i = 0; i < MAX_NESTING; i++) shallow = { a: shallow };
      assert.deepEqual(findUnstorable(shallow), []);
    });

    it('stops after the limit', () => {
      const many = Array.from({ length: 100 }, () => '\u0000');
      assert.equal(findUnstorable(many).length, 20);
      assert.equal(findUnstorable(many, 1).length, 1);
    });
  });
});

describe('domain: text integrity, edges', () => {
  it('walks past null and other non-objects without reading into them', () => {
    assert.deepEqual(findUnstorable({ a: null, b: 3, c: [null, true], d: undefined }), []);
    assert.deepEqual(findUnstorable({ a: null, b: '\u0000' }), [{ path: ['b'], problem: 'unstorable' }]);
    assert.deepEqual(findUnstorable(null), []);
  });

  it('finds nothing too deep in a number, boolean or null at the deepest level allowed', () => {
    for (const leaf of [7, true, null, undefined]) {
      let deep: unknown = leaf;
      for (let i = 0; i < MAX_NESTING; i++) deep = [deep];
      assert.deepEqual(findUnstorable(deep), [], String(leaf));
    }
  });

  it('tells the user what to remove', () => {
    assert.equal(UNSTORABLE_MESSAGE, 'Remove the invisible character that cannot be saved');
  });
});
