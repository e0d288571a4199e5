import assert from 'node:assert/strict';
import fc from 'fast-check';
import { campaignState } from '../../../server/domain/campaign-state.js';
import {
  maximumWeightedTotal,
  publishProblems,
  renumber,
  usesTotal,
  type DraftCriterion,
} from '../../../server/domain/scoresheet.js';

const scale = { min: 1, max: 7 };
const criterion = (id: string, fields: Partial<DraftCriterion> = {}): DraftCriterion => ({
  id,
  title: `Criterion ${id}`,
  included: true,
  weight: 1,
  passMark: 4,
  ...fields,
});

describe('scoresheet rules', () => {
  it('accepts a complete scoresheet', () => {
    const problems = publishProblems(
      [criterion('a'), criterion('b')],
      { passRule: 'every-criterion', overallPassMark: null, leadCriterionId: 'a' },
      scale,
    );
    assert.deepEqual(problems, []);
  });

  it('needs at least one included criterion and a lead criterion among them', () => {
    const problems = publishProblems(
      [criterion('a', { included: false })],
      { passRule: 'every-criterion', overallPassMark: null, leadCriterionId: 'a' },
      scale,
    );
    assert.deepEqual(
      problems.map((p) => p.field),
      ['criteria', 'leadCriterionId'],
    );
    const noLead = publishProblems(
      [criterion('a')],
      { passRule: 'every-criterion', overallPassMark: null, leadCriterionId: null },
      scale,
    );
    assert.deepEqual(noLead, [
      { field: 'leadCriterionId', text: 'Choose the lead criterion used to break ties' },
    ]);
  });

  it('checks pass marks against the scale and weights above zero, for included criteria only', () => {
    const problems = publishProblems(
      [
        criterion('a', { passMark: 8 }),
        criterion('b', { weight: 0 }),
        criterion('c', { included: false, passMark: 99 }),
      ],
      { passRule: 'every-criterion', overallPassMark: null, leadCriterionId: 'a' },
      scale,
    );
    assert.deepEqual(
      problems.map((p) => p.field),
      ['passMark-a', 'weight-b'],
    );
  });

  it('needs an overall pass mark within reach when the rule uses the weighted total', () => {
    const criteria = [criterion('a', { weight: 2 }), criterion('b')];
    assert.equal(maximumWeightedTotal(criteria, scale), 21);
    const missing = publishProblems(
      criteria,
      { passRule: 'total', overallPassMark: null, leadCriterionId: 'a' },
      scale,
    );
    assert.deepEqual(
      missing.map((p) => p.field),
      ['overallPassMark'],
    );
    const tooHigh = publishProblems(
      criteria,
      { passRule: 'every-criterion-and-total', overallPassMark: 22, leadCriterionId: 'a' },
      scale,
    );
    assert.match(tooHigh[0]!.text, /no more than 21/);
    assert.deepEqual(
      publishProblems(criteria, { passRule: 'total', overallPassMark: 21, leadCriterionId: 'b' }, scale),
      [],
    );
  });

  it('any reachable overall pass mark is accepted (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (weights, share) => {
          const criteria = weights.map((w, i) => criterion(String(i), { weight: w }));
          const max = maximumWeightedTotal(criteria, scale);
          const mark = Math.max(0.01, Math.round(max * share * 100) / 100);
          return (
            publishProblems(
              criteria,
              { passRule: 'total', overallPassMark: mark, leadCriterionId: '0' },
              scale,
            ).length === 0
          );
        },
      ),
    );
  });

  it('renumbers positions from 1 in order', () => {
    assert.deepEqual(
      renumber([
        { position: 5, id: 'x' },
        { position: 2, id: 'y' },
        { position: 9, id: 'z' },
      ]).map((c) => [c.id, c.position]),
      [
        ['y', 1],
        ['x', 2],
        ['z', 3],
      ],
    );
  });
});

describe('campaign state', () => {
  it('is setting up until a scoresheet is published, then open until closed', () => {
    assert.equal(campaignState({ closed_at: null }, 0), 'setting-up');
    assert.equal(campaignState({ closed_at: null }, 2), 'open');
    assert.equal(campaignState({ closed_at: new Date() }, 1), 'closed');
  });
});

describe('scoresheet rules: the ends of the scale and of the total', () => {
  const arbitraryScale = fc
    .tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 9 }))
    .map(([min, span]) => ({ min, max: min + span }));
  const passMarkProblems = (scale: { min: number; max: number }, passMark: number) =>
    publishProblems(
      [criterion('a', { passMark })],
      { passRule: 'every-criterion', overallPassMark: null, leadCriterionId: 'a' },
      scale,
    );

  it('accepts a pass mark at either end of the scale and refuses one just outside it (property)', () => {
    fc.assert(
      fc.property(arbitraryScale, (range) => {
        assert.deepEqual(passMarkProblems(range, range.min), []);
        assert.deepEqual(passMarkProblems(range, range.max), []);
        for (const outside of [range.min - 1, range.max + 1, range.min - 0.5, range.max + 0.5]) {
          assert.deepEqual(passMarkProblems(range, outside), [
            {
              field: 'passMark-a',
              text: `Pass mark for Criterion a must be between ${range.min} and ${range.max}`,
            },
          ]);
        }
      }),
    );
  });

  it('accepts an overall pass mark at the highest reachable total, refuses 0 and anything above (property)', () => {
    fc.assert(
      fc.property(
        arbitraryScale,
        fc.array(fc.record({ weight: fc.integer({ min: 1, max: 5 }), included: fc.boolean() }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.constantFrom('total' as const, 'every-criterion-and-total' as const),
        (range, rows, passRule) => {
          const criteria = [
            criterion('lead', { passMark: range.min }),
            ...rows.map((r, i) => criterion(`c${i}`, { ...r, passMark: range.max })),
          ];
          const max = [1, ...rows.filter((r) => r.included).map((r) => r.weight)].reduce(
            (s, w) => s + w * range.max,
            0,
          );
          assert.equal(maximumWeightedTotal(criteria, range), max);
          const problemsAt = (overallPassMark: number) =>
            publishProblems(criteria, { passRule, overallPassMark, leadCriterionId: 'lead' }, range);
          const refused = [
            {
              field: 'overallPassMark',
              text: `Weighted total needed to pass must be more than 0 and no more than ${max}`,
            },
          ];
          assert.deepEqual(problemsAt(max), []);
          assert.deepEqual(problemsAt(0.01), []);
          assert.deepEqual(problemsAt(0), refused);
          assert.deepEqual(problemsAt(-1), refused);
          assert.deepEqual(problemsAt(max + 0.01), refused);
        },
      ),
    );
  });

  it('does not count excluded criteria towards the highest reachable total', () => {
    const criteria = [criterion('a', { weight: 2 }), criterion('b', { weight: 3, included: false })];
    assert.equal(maximumWeightedTotal(criteria, scale), 14);
    assert.deepEqual(
      publishProblems(criteria, { passRule: 'total', overallPassMark: 15, leadCriterionId: 'a' }, scale).map(
        (p) => p.text,
      ),
      ['Weighted total needed to pass must be more than 0 and no more than 14'],
    );
    assert.equal(maximumWeightedTotal([criterion('a', { weight: 0.333 })], { min: 1, max: 5 }), 1.67);
  });

  it('ignores the overall pass mark when the rule is every criterion', () => {
    for (const overallPassMark of [null, 0, 999]) {
      assert.deepEqual(
        publishProblems(
          [criterion('a')],
          { passRule: 'every-criterion', overallPassMark, leadCriterionId: 'a' },
          scale,
        ),
        [],
      );
    }
    assert.equal(usesTotal('every-criterion'), false);
    assert.equal(usesTotal('total'), true);
    assert.equal(usesTotal('every-criterion-and-total'), true);
  });

  it('says what to fix, with the field it belongs to', () => {
    assert.deepEqual(
      publishProblems(
        [criterion('a', { weight: -1 }), criterion('b', { included: false })],
        { passRule: 'total', overallPassMark: null, leadCriterionId: 'b' },
        scale,
      ),
      [
        { field: 'weight-a', text: 'Weight for Criterion a must be more than 0' },
        { field: 'leadCriterionId', text: 'The lead criterion must be one of the included criteria' },
        { field: 'overallPassMark', text: 'Enter the weighted total needed to pass' },
      ],
    );
    assert.deepEqual(
      publishProblems(
        [criterion('a', { weight: Number.NaN })],
        { passRule: 'every-criterion', overallPassMark: null, leadCriterionId: null },
        scale,
      ),
      [
        { field: 'weight-a', text: 'Weight for Criterion a must be more than 0' },
        { field: 'leadCriterionId', text: 'Choose the lead criterion used to break ties' },
      ],
    );
    assert.deepEqual(
      publishProblems(
        [],
        { passRule: 'every-criterion', overallPassMark: null, leadCriterionId: 'a' },
        scale,
      ),
      [
        { field: 'criteria', text: 'Include at least one criterion in the scoresheet' },
        { field: 'leadCriterionId', text: 'The lead criterion must be one of the included criteria' },
      ],
    );
  });

  it('renumbers keeping tied positions in their current order, without changing the input', () => {
    const items = [
      { position: 2, id: 'x' },
      { position: 1, id: 'y' },
      { position: 2, id: 'z' },
    ];
    assert.deepEqual(
      renumber(items).map((c) => [c.id, c.position]),
      [
        ['y', 1],
        ['x', 2],
        ['z', 3],
      ],
    );
    assert.deepEqual(
      items.map((c) => c.position),
      [2, 1, 2],
    );
  });
});
