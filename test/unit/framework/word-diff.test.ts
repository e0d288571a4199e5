import assert from 'node:assert/strict';
import { tokens, wordDiff, wordsDiffer } from '../../../server/framework/word-diff.js';

const show = (before: string, after: string) =>
  wordDiff(before, after)
    .map((p) => (p.op === 'same' ? p.text : p.op === 'added' ? `{+${p.text}}` : `{-${p.text}}`))
    .join('');

describe('word diff (LCS over words)', () => {
  it('keeps every character: the tokens join back to the text', () => {
    for (const text of ['', ' ', 'one', ' two  words \n', 'You can:\n- a\n- b'])
      assert.equal(tokens(text).join(''), text);
  });

  it('finds nothing to change in equal texts', () => {
    assert.deepEqual(wordDiff('a b c', 'a b c'), [{ op: 'same', text: 'a b c' }]);
    assert.deepEqual(wordDiff('', ''), []);
  });

  it('shows a word replaced, removed before added, and merges neighbours', () => {
    assert.equal(
      show('you can apply standards', 'you can use standards'),
      'you can {-apply }{+use }standards',
    );
    assert.equal(show('a b c d', 'a d'), 'a {-b c }d');
    assert.equal(show('a d', 'a b c d'), 'a {+b c }d');
  });

  it('treats a whole new or emptied text as added or removed', () => {
    assert.deepEqual(wordDiff('', 'new words'), [{ op: 'added', text: 'new words' }]);
    assert.deepEqual(wordDiff('old words', ''), [{ op: 'removed', text: 'old words' }]);
  });

  it('keeps the longest common subsequence', () => {
    const parts = wordDiff('x a b c y', 'a z b c');
    const same = parts
      .filter((p) => p.op === 'same')
      .map((p) => p.text.trim())
      .join(' ');
    assert.equal(same.split(/\s+/).length, 3);
  });

  it('reads the parts back into each side', () => {
    const before = 'You can:\n- design services\n- test them with users';
    const after = 'You can:\n- design and build services\n- test them';
    const parts = wordDiff(before, after);
    const side = (op: string) =>
      parts
        .filter((p) => p.op === 'same' || p.op === op)
        .map((p) => p.text)
        .join('');
    const words = (text: string) => text.split(/\s+/).filter(Boolean).join(' ');
    assert.equal(words(side('removed')), words(before));
    assert.equal(words(side('added')), words(after));
  });

  it('does not count whitespace alone as a change', () => {
    assert.equal(wordsDiffer('a  b\nc', 'a b c'), false);
    assert.equal(wordsDiffer('a b', 'a c'), true);
  });

  it('gives up on the table for huge texts but still shows both sides', () => {
    const big = Array.from({ length: 1500 }, (_, i) => `w${i}`).join(' ');
    const parts = wordDiff(big, `${big} more`);
    assert.deepEqual(
      parts.map((p) => p.op),
      ['removed', 'added'],
    );
  });
});
