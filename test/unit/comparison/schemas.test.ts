import assert from 'node:assert/strict';
import { offerSchema, tieBreakSchema } from '../../../server/features/comparison/schemas.js';
import { parseForm } from '../../../server/middleware/validate.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';
const POSITIONS_MESSAGE = (n: number) => `Give each tied candidate a different position from 1 to ${n}`;

describe('comparison: form schemas', () => {
  it('turns a tie-break into the candidates’ positions and the trimmed reason', () => {
    const form = parseForm(tieBreakSchema, {
      _csrf: 't',
      [`position-${A}`]: '2',
      [`position-${B}`]: ' 1 ',
      reason: '  Stronger lead criterion evidence ',
    });
    assert.deepEqual(form, {
      ok: true,
      data: {
        reason: 'Stronger lead criterion evidence',
        positions: [
          { candidateId: A, position: 2 },
          { candidateId: B, position: 1 },
        ],
      },
    });
  });

  for (const [label, given] of [
    ['a repeated position', ['1', '1', '2']],
    ['a position above the number tied', ['1', '2', '4']],
    ['a position of 0', ['0', '1', '2']],
    ['a fraction', ['1', '2.5', '3']],
    ['a blank position', ['1', '', '2']],
    ['a word', ['1', 'two', '3']],
  ] as const) {
    it(`refuses ${label}, with the reason’s own message beside it`, () => {
      const form = parseForm(tieBreakSchema, {
        [`position-${A}`]: given[0],
        [`position-${B}`]: given[1],
        [`position-${C}`]: given[2],
        reason: ' ',
      });
      assert.ok(!form.ok);
      assert.deepEqual(form.errors.fields, {
        reason: { text: 'Enter the reason for this order' },
        positions: { text: POSITIONS_MESSAGE(3) },
      });
    });
  }

  it('accepts every order of three distinct positions', () => {
    const orders = [
      ['1', '2', '3'],
      ['1', '3', '2'],
      ['2', '1', '3'],
      ['2', '3', '1'],
      ['3', '1', '2'],
      ['3', '2', '1'],
    ];
    for (const [a, b, c] of orders) {
      const form = parseForm(tieBreakSchema, {
        [`position-${A}`]: a,
        [`position-${B}`]: b,
        [`position-${C}`]: c,
        reason: 'Interview notes',
      });
      assert.ok(form.ok, `${a}${b}${c}`);
    }
  });

  it('needs at least two tied candidates', () => {
    const form = parseForm(tieBreakSchema, { [`position-${A}`]: '1', reason: 'Alone' });
    assert.ok(!form.ok);
    assert.deepEqual(form.errors.fields, { positions: { text: POSITIONS_MESSAGE(2) } });
  });

  it('limits the reason to 1,000 characters, counted after trimming', () => {
    const positions = { [`position-${A}`]: '1', [`position-${B}`]: '2' };
    assert.ok(parseForm(tieBreakSchema, { ...positions, reason: ` ${'r'.repeat(1000)} ` }).ok);
    const long = parseForm(tieBreakSchema, { ...positions, reason: 'r'.repeat(1001) });
    assert.ok(!long.ok);
    assert.deepEqual(long.errors.fields, { reason: { text: 'Reason must be 1,000 characters or fewer' } });
  });

  it('refuses a reason that cannot be stored exactly, before any other message', () => {
    const form = parseForm(tieBreakSchema, {
      [`position-${A}`]: '1',
      [`position-${B}`]: '2',
      reason: 'a\u0000b',
    });
    assert.ok(!form.ok);
    assert.match(form.errors.fields.reason!.text, /cannot be saved|character/i);
  });

  it('needs an offer status from the list', () => {
    assert.ok(parseForm(offerSchema, { status: 'accepted' }).ok);
    const form = parseForm(offerSchema, { status: 'maybe' });
    assert.ok(!form.ok);
    assert.deepEqual(form.errors.summary, [{ text: 'Select what happened', href: '#status' }]);
  });
});
