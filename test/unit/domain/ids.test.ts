import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isUuid } from '../../../server/domain/ids.js';

describe('ids in URLs', () => {
  it('accepts a UUID in either case', () => {
    assert.equal(isUuid('0b7e7c5e-3f1a-4c2b-9d8e-1a2b3c4d5e6f'), true);
    assert.equal(isUuid('0B7E7C5E-3F1A-4C2B-9D8E-1A2B3C4D5E6F'), true);
    assert.equal(isUuid('00000000-0000-0000-0000-000000000000'), true);
  });

  it('refuses anything else: a short or long group, a character outside hex, text around it', () => {
    for (const value of [
      '',
      '0b7e7c5-3f1a-4c2b-9d8e-1a2b3c4d5e6f',
      '0b7e7c5e-3f1-4c2b-9d8e-1a2b3c4d5e6f',
      '0b7e7c5e-3f1a-4c2-9d8e-1a2b3c4d5e6f',
      '0b7e7c5e-3f1a-4c2b-9d8-1a2b3c4d5e6f',
      '0b7e7c5e-3f1a-4c2b-9d8e-1a2b3c4d5e6',
      '0b7e7c5e-3f1a-4c2b-9d8e-1a2b3c4d5e6f0',
      '00b7e7c5e-3f1a-4c2b-9d8e-1a2b3c4d5e6f',
      'gb7e7c5e-3f1a-4c2b-9d8e-1a2b3c4d5e6f',
      '0b7e7c5e-gf1a-4c2b-9d8e-1a2b3c4d5e6f',
      '0b7e7c5e-3f1a-gc2b-9d8e-1a2b3c4d5e6f',
      '0b7e7c5e-3f1a-4c2b-gd8e-1a2b3c4d5e6f',
      '0b7e7c5e-3f1a-4c2b-9d8e-ga2b3c4d5e6f',
      ' 0b7e7c5e-3f1a-4c2b-9d8e-1a2b3c4d5e6f',
      '0b7e7c5e-3f1a-4c2b-9d8e-1a2b3c4d5e6f\n',
      '0b7e7c5e3f1a4c2b9d8e1a2b3c4d5e6f',
      '1; drop table candidates',
    ]) {
      assert.equal(isUuid(value), false, JSON.stringify(value));
    }
  });

  it('accepts every UUID fast-check makes, and none with a character replaced by a non-hex one (property)', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.nat(35), fc.constantFrom('g', 'z', '-', ' ', 'G'), (uuid, at, ch) => {
        assert.equal(isUuid(uuid), true);
        const swapped = uuid.slice(0, at) + ch + uuid.slice(at + 1);
        if (swapped[at] !== uuid[at] && !(ch === '-' && uuid[at] === '-'))
          assert.equal(isUuid(swapped), false);
      }),
    );
  });
});
