import assert from 'node:assert/strict';
import { criteriaAcrossVersions } from '../../../server/domain/published-scoresheet.js';

describe('criteria across scoresheet versions', () => {
  it('lists each criterion once, oldest version first, as its oldest version titled it', () => {
    const v1 = {
      criteria: [
        { id: 'a', title: 'Alpha' },
        { id: 'b', title: 'Beta' },
      ],
    };
    const v2 = {
      criteria: [
        { id: 'c', title: 'Gamma' },
        { id: 'b', title: 'Beta, renamed' },
      ],
    };
    assert.deepEqual(criteriaAcrossVersions([v1, v2]), [
      { id: 'a', title: 'Alpha' },
      { id: 'b', title: 'Beta' },
      { id: 'c', title: 'Gamma' },
    ]);
  });

  it('keeps the earlier versions’ columns exactly as they were when a version is added', () => {
    const v1 = {
      criteria: [
        { id: 'a', title: 'Alpha' },
        { id: 'b', title: 'Beta' },
      ],
    };
    const v2 = { criteria: [{ id: 'b', title: 'B' }] };
    assert.deepEqual(criteriaAcrossVersions([v1, v2]).slice(0, 2), criteriaAcrossVersions([v1]));
    assert.deepEqual(criteriaAcrossVersions([]), []);
  });
});
