import assert from 'node:assert/strict';
import fc from 'fast-check';
import { campaignState } from '../../../server/domain/campaign-state.js';
import {
  maximumWeightedTotal,
  publishProblems,
  renumber,
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
