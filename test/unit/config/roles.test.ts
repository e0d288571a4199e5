import assert from 'node:assert/strict';
import { effectiveRoles, hasRole, rolesFromClaims } from '../../../server/domain/roles.js';

const mapping = {
  claim: 'groups',
  administratorValues: ['panel-admins'],
  hiringManagerValues: ['hiring', 'managers'],
};

describe('roles from identity provider claims', () => {
  it('maps array claims by the configured values', () => {
    assert.deepEqual(rolesFromClaims({ groups: ['staff', 'hiring'] }, mapping), ['hiring_manager']);
    assert.deepEqual(rolesFromClaims({ groups: ['panel-admins', 'managers'] }, mapping), [
      'administrator',
      'hiring_manager',
    ]);
  });

  it('maps a space- or comma-separated string claim', () => {
    assert.deepEqual(rolesFromClaims({ groups: 'staff panel-admins' }, mapping), ['administrator']);
  });

  it('grants nothing without a configured claim, or for unknown values and shapes', () => {
    assert.deepEqual(rolesFromClaims({ groups: ['panel-admins'] }, { ...mapping, claim: undefined }), []);
    assert.deepEqual(rolesFromClaims({ groups: ['administrator'] }, mapping), []);
    assert.deepEqual(rolesFromClaims({ groups: { admin: true } }, mapping), []);
    assert.deepEqual(rolesFromClaims({}, mapping), []);
  });

  it('combines roles granted here with roles from the provider', () => {
    assert.deepEqual(
      effectiveRoles({ roles: ['hiring_manager'], claim_roles: ['administrator', 'hiring_manager'] }),
      ['administrator', 'hiring_manager'],
    );
    assert.equal(hasRole({ roles: ['hiring_manager'] }, 'administrator'), false);
    assert.equal(hasRole(undefined, 'administrator'), false);
  });
});
