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

describe('roles: who may do what', () => {
  it('allows a user holding any one of the roles allowed, and nobody signed out', () => {
    assert.equal(hasRole({ roles: ['hiring_manager'] }, 'administrator', 'hiring_manager'), true);
    assert.equal(hasRole({ roles: ['administrator', 'hiring_manager'] }, 'hiring_manager'), true);
    assert.equal(hasRole({ roles: ['hiring_manager', 'administrator'] }, 'hiring_manager'), true);
    assert.equal(hasRole({ roles: ['administrator'] }, 'administrator'), true);
    assert.equal(hasRole({ roles: [] }, 'administrator'), false);
    assert.equal(hasRole({ roles: ['administrator'] }), false, 'nothing allowed, nobody allowed');
    assert.equal(hasRole(undefined), false);
  });

  it('splits a string claim on runs of spaces and commas, and reads only the strings of an array', () => {
    assert.deepEqual(rolesFromClaims({ groups: 'hiring,, \tpanel-admins' }, mapping), [
      'administrator',
      'hiring_manager',
    ]);
    assert.deepEqual(rolesFromClaims({ groups: [7, 'panel-admins', null] }, mapping), ['administrator']);
    assert.deepEqual(rolesFromClaims({ groups: 'panel-admins' }, { ...mapping, claim: '' }), []);
    assert.deepEqual(
      rolesFromClaims({ '': ['panel-admins'] }, { ...mapping, claim: '' }),
      [],
      'no claim configured',
    );
    assert.deepEqual(
      rolesFromClaims({ groups: 7 }, { ...mapping, administratorValues: ['Stryker was here', '7'] }),
      [],
    );
    assert.deepEqual(
      rolesFromClaims(
        { groups: [['panel-admins']] },
        { ...mapping, administratorValues: ['panel-admins', 'Stryker was here'] },
      ),
      [],
      'only strings count: a nested list grants nothing',
    );
  });

  it('sorts effective roles and lists each once', () => {
    assert.deepEqual(effectiveRoles({ roles: ['hiring_manager', 'administrator'], claim_roles: [] }), [
      'administrator',
      'hiring_manager',
    ]);
    assert.deepEqual(effectiveRoles({ roles: [], claim_roles: [] }), []);
  });
});
