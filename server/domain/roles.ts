import type { Role } from '../db/types.js';

export type RoleMapping = {
  claim?: string;
  administratorValues: readonly string[];
  hiringManagerValues: readonly string[];
};

/** The roles an identity provider's claims grant, by the configured claim and values. */
export function rolesFromClaims(claims: Record<string, unknown>, mapping: RoleMapping): Role[] {
  if (!mapping.claim) return [];
  const raw = claims[mapping.claim];
  const values = Array.isArray(raw)
    ? raw.filter((v) => typeof v === 'string')
    : typeof raw === 'string'
      ? raw.split(/[\s,]+/)
      : [];
  const roles: Role[] = [];
  if (values.some((v) => mapping.administratorValues.includes(v))) roles.push('administrator');
  if (values.some((v) => mapping.hiringManagerValues.includes(v))) roles.push('hiring_manager');
  return roles;
}

export function effectiveRoles(user: { roles: readonly Role[]; claim_roles: readonly Role[] }): Role[] {
  return [...new Set([...user.roles, ...user.claim_roles])].sort();
}

export function hasRole(user: { roles: readonly Role[] } | undefined, ...allowed: Role[]): boolean {
  return !!user && user.roles.some((r) => allowed.includes(r));
}
