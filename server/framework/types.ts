/** Read-only types of the loaded framework library. */
import type {
  CscfFile,
  EditionFile,
  GradesFile,
  RolesFile,
  ScalesFile,
  SkillsFile,
  SuccessProfilesFile,
} from './schemas.js';

export type DeepReadonly<T> = T extends (infer U)[]
  ? ReadonlyArray<DeepReadonly<U>>
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type Edition = DeepReadonly<EditionFile>;
export type Family = DeepReadonly<RolesFile['families'][number]>;
export type Role = Family['roles'][number];
export type RoleLevel = Role['levels'][number];
export type RoleLevelSkill = RoleLevel['skills'][number];
export type Skill = DeepReadonly<SkillsFile['skills'][number]>;
export type SuccessProfiles = DeepReadonly<SuccessProfilesFile>;
export type Behaviour = SuccessProfiles['behaviours'][number];
export type Cscf = DeepReadonly<CscfFile>;
export type Cluster = Cscf['clusters'][number];
export type Competency = Cluster['competencies'][number];
export type Scale = DeepReadonly<ScalesFile['scales'][number]>;
export type Grade = DeepReadonly<GradesFile['grades'][number]>;

export type BehaviourFrameworkId = 'success-profiles' | 'cscf-2012';

/** A role level with the role and family it belongs to. */
export interface RoleLevelRef {
  readonly editionId: string;
  readonly family: Family;
  readonly role: Role;
  readonly level: RoleLevel;
}

export type SearchHit =
  | {
      readonly kind: 'role';
      readonly editionId: string;
      readonly familySlug: string;
      readonly roleSlug: string;
      readonly name: string;
    }
  | {
      readonly kind: 'role-level';
      readonly editionId: string;
      readonly familySlug: string;
      readonly roleSlug: string;
      readonly levelSlug: string;
      readonly name: string;
      readonly roleName: string;
    }
  | { readonly kind: 'skill'; readonly editionId: string; readonly skillSlug: string; readonly name: string };

export function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value as DeepReadonly<T>;
}
