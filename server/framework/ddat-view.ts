/** One loaded Capability Framework edition with indexed look-ups. */
import { searchEdition } from './search.js';
import type { Edition, Family, Role, RoleLevel, RoleLevelRef, SearchHit, Skill } from './types.js';

export class DdatEdition {
  readonly edition: Edition;
  readonly #families: readonly Family[];
  readonly #skills: readonly Skill[];
  readonly #roles = new Map<string, { family: Family; role: Role }>();
  readonly #levels = new Map<string, RoleLevelRef>();
  readonly #skillsBySlug = new Map<string, Skill>();

  constructor(edition: Edition, families: readonly Family[], skills: readonly Skill[]) {
    this.edition = edition;
    this.#families = families;
    this.#skills = skills;
    for (const family of families) {
      for (const role of family.roles) {
        this.#roles.set(role.slug, { family, role });
        for (const level of role.levels)
          this.#levels.set(level.slug, { editionId: edition.id, family, role, level });
      }
    }
    for (const skill of skills) this.#skillsBySlug.set(skill.slug, skill);
  }

  get id(): string {
    return this.edition.id;
  }

  families(): readonly Family[] {
    return this.#families;
  }

  family(slug: string): Family | undefined {
    return this.#families.find((f) => f.slug === slug);
  }

  roles(): readonly Role[] {
    return this.#families.flatMap((f) => f.roles);
  }

  role(slug: string): Role | undefined {
    return this.#roles.get(slug)?.role;
  }

  /** The level, only if it belongs to that role. */
  roleLevel(roleSlug: string, levelSlug: string): RoleLevel | undefined {
    const ref = this.#levels.get(levelSlug);
    return ref?.role.slug === roleSlug ? ref.level : undefined;
  }

  /** Level slugs are unique across the edition, so a level can be found without its role. */
  findRoleLevel(levelSlug: string): RoleLevelRef | undefined {
    return this.#levels.get(levelSlug);
  }

  skills(): readonly Skill[] {
    return this.#skills;
  }

  skill(slug: string): Skill | undefined {
    return this.#skillsBySlug.get(slug);
  }

  /** Every role level that lists the skill, in edition order. */
  roleLevelsRequiringSkill(skillSlug: string): RoleLevelRef[] {
    return [...this.#levels.values()].filter((ref) =>
      ref.level.skills.some((s) => s.skillSlug === skillSlug),
    );
  }

  search(query: string, limit?: number): SearchHit[] {
    return searchEdition(this.id, this.#families, this.#skills, query, limit);
  }
}
