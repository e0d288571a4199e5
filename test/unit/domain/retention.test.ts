import assert from 'node:assert/strict';
import { erasureCutoff, isDueForErasure } from '../../../server/domain/retention.js';

describe('retention rules', () => {
  it('counts whole calendar months back, clamping to the end of shorter months', () => {
    assert.equal(
      erasureCutoff(new Date('2026-11-25T10:00:00Z'), 12).toISOString(),
      '2025-11-25T10:00:00.000Z',
    );
    assert.equal(
      erasureCutoff(new Date('2026-03-31T00:00:00Z'), 1).toISOString(),
      '2026-02-28T00:00:00.000Z',
    );
    assert.equal(
      erasureCutoff(new Date('2028-03-31T00:00:00Z'), 1).toISOString(),
      '2028-02-29T00:00:00.000Z',
    );
    assert.equal(
      erasureCutoff(new Date('2026-01-15T00:00:00Z'), 13).toISOString(),
      '2024-12-15T00:00:00.000Z',
    );
  });

  it('erases only campaigns closed at least the retention period ago', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    assert.equal(isDueForErasure(null, now, 12), false);
    assert.equal(isDueForErasure(new Date('2025-11-25T12:00:00Z'), now, 12), true);
    assert.equal(isDueForErasure(new Date('2025-11-25T12:00:01Z'), now, 12), false);
    assert.equal(isDueForErasure(new Date('2026-10-01T00:00:00Z'), now, 1), true);
  });
});
