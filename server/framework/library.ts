/** FrameworkLibrary: typed, read-only access to every loaded framework edition. Build it with loadFrameworkLibrary. */
import { DdatEdition } from './ddat-view.js';
import type {
  BehaviourLevel,
  CscfFile,
  EditionFile,
  GradesFile,
  ScaleId,
  ScalesFile,
  SuccessProfilesFile,
} from './schemas.js';
import {
  deepFreeze,
  type Behaviour,
  type BehaviourFrameworkId,
  type Cluster,
  type Competency,
  type Cscf,
  type Edition,
  type Family,
  type Grade,
  type Role,
  type RoleLevel,
  type RoleLevelRef,
  type Scale,
  type SearchHit,
  type Skill,
  type SuccessProfiles,
} from './types.js';
import type { ValidEdition } from './validate.js';

export interface BehaviourFrameworkInfo {
  readonly id: BehaviourFrameworkId;
  readonly edition: Edition;
  readonly title: string;
  readonly levels: ReadonlyArray<{
    readonly level: BehaviourLevel;
    readonly name: string;
    readonly heading: string | null;
  }>;
}

export interface BehaviourAtLevel {
  readonly framework: 'success-profiles';
  readonly editionId: string;
  readonly level: BehaviourLevel;
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly paragraph: string;
  readonly indicators: readonly string[];
}

export interface CompetencyAtLevel {
  readonly framework: 'cscf-2012';
  readonly editionId: string;
  readonly level: BehaviourLevel;
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly cluster: { readonly slug: string; readonly name: string };
  readonly effective: readonly string[];
  readonly ineffective: readonly string[];
}

type Sp = { edition: Edition; data: SuccessProfiles };
type Cs = { edition: Edition; data: Cscf };

const byId = <T extends { edition: { id: string } }>(a: T, b: T) => (a.edition.id < b.edition.id ? -1 : 1);

export class FrameworkLibrary {
  /** The shipped editions (framework-data/) and, after them, the published database editions. */
  #ddat: readonly DdatEdition[];
  readonly #shippedDdat: readonly DdatEdition[];
  /** The default edition for new campaigns: the last published, else the latest shipped. */
  #defaultDdatId: string | null = null;
  readonly #sp: readonly Sp[];
  readonly #cscf: readonly Cs[];
  readonly #scales: readonly Scale[];
  readonly #grades: readonly Grade[];

  /** Takes validated editions (see load.ts); the data is frozen. */
  constructor(editions: readonly ValidEdition[], scales: ScalesFile, grades: GradesFile) {
    const ddat: DdatEdition[] = [];
    const sp: Sp[] = [];
    const cscf: Cs[] = [];
    for (const e of editions) {
      const edition = deepFreeze<EditionFile>(e.edition);
      if (e.framework === 'ddat-pcf')
        ddat.push(new DdatEdition(edition, deepFreeze(e.roles).families, deepFreeze(e.skills).skills));
      else if (e.framework === 'success-profiles')
        sp.push({ edition, data: deepFreeze<SuccessProfilesFile>(e.behaviours) });
      else cscf.push({ edition, data: deepFreeze<CscfFile>(e.competencies) });
    }
    if (ddat.length === 0 || sp.length === 0 || cscf.length === 0)
      throw new Error('FrameworkLibrary needs at least one edition of each framework');
    this.#ddat = ddat.sort(byId);
    this.#shippedDdat = this.#ddat;
    this.#sp = sp.sort(byId);
    this.#cscf = cscf.sort(byId);
    this.#scales = deepFreeze(scales).scales;
    this.#grades = deepFreeze(grades).grades;
  }

  // ---- editions ----
  editions(): readonly Edition[] {
    return [...this.#ddat, ...this.#sp, ...this.#cscf].map((e) => e.edition);
  }

  edition(id: string): Edition | undefined {
    return this.editions().find((e) => e.id === id);
  }

  // ---- Capability Framework (latest edition unless an id is given) ----
  ddatEditions(): readonly DdatEdition[] {
    return this.#ddat;
  }

  ddatEdition(): DdatEdition;
  ddatEdition(id: string): DdatEdition | undefined;
  ddatEdition(id?: string): DdatEdition | undefined {
    if (id === undefined)
      return (
        (this.#defaultDdatId === null ? undefined : this.#ddat.find((e) => e.id === this.#defaultDdatId)) ??
        this.#shippedDdat[this.#shippedDdat.length - 1]
      );
    return this.#ddat.find((e) => e.id === id);
  }

  /** A campaign's pinned edition (the default only if that edition is no longer loaded). */
  ddatFor(editionId: string): DdatEdition {
    return this.ddatEdition(editionId) ?? this.ddatEdition();
  }

  /** Whether an edition is one of framework-data/'s (which the database never replaces). */
  isShippedDdatEdition(id: string): boolean {
    return this.#shippedDdat.some((e) => e.id === id);
  }

  /**
   * Replaces the published database editions (validated, in publishing order: the last becomes the
   * default for new campaigns). Called at start-up and whenever an edition is published or withdrawn.
   */
  usePublishedDdatEditions(editions: ReadonlyArray<Extract<ValidEdition, { framework: 'ddat-pcf' }>>): void {
    const published = editions
      .filter((e) => !this.isShippedDdatEdition(e.edition.id))
      .map(
        (e) =>
          new DdatEdition(
            deepFreeze<EditionFile>(e.edition),
            deepFreeze(e.roles).families,
            deepFreeze(e.skills).skills,
          ),
      );
    this.#ddat = [...this.#shippedDdat, ...[...published].sort(byId)];
    this.#defaultDdatId = published[published.length - 1]?.id ?? null;
  }

  families(): readonly Family[] {
    return this.ddatEdition().families();
  }

  role(slug: string): Role | undefined {
    return this.ddatEdition().role(slug);
  }

  roleLevel(roleSlug: string, levelSlug: string): RoleLevel | undefined {
    return this.ddatEdition().roleLevel(roleSlug, levelSlug);
  }

  findRoleLevel(levelSlug: string): RoleLevelRef | undefined {
    return this.ddatEdition().findRoleLevel(levelSlug);
  }

  skill(slug: string): Skill | undefined {
    return this.ddatEdition().skill(slug);
  }

  /** Roles, role levels and skills whose names match, best first. */
  search(query: string, limit?: number): SearchHit[] {
    return this.ddatEdition().search(query, limit);
  }

  // ---- behaviours ----
  behaviourFrameworks(): readonly BehaviourFrameworkInfo[] {
    const sp = this.#latestSp();
    const cs = this.#latestCscf();
    return [
      {
        id: 'success-profiles',
        edition: sp.edition,
        title: sp.edition.title,
        levels: sp.data.levels.map((l) => ({ level: l.level, name: l.name, heading: l.heading })),
      },
      {
        id: 'cscf-2012',
        edition: cs.edition,
        title: cs.edition.title,
        levels: cs.data.levels.map((l) => ({ level: l.level, name: l.name, heading: l.headingVerbatim })),
      },
    ];
  }

  successProfiles(): SuccessProfiles {
    return this.#latestSp().data;
  }

  /** By id ("success-profiles:behaviour:leadership") or slug ("leadership"). */
  behaviour(idOrSlug: string): Behaviour | undefined {
    return this.successProfiles().behaviours.find((b) => b.id === idOrSlug || b.slug === idOrSlug);
  }

  cscf(): Cscf {
    return this.#latestCscf().data;
  }

  /** By id ("cscf-2012:competency:delivering-at-pace") or slug. */
  competency(idOrSlug: string): (Competency & { readonly cluster: Cluster }) | undefined {
    for (const cluster of this.cscf().clusters) {
      const found = cluster.competencies.find((c) => c.id === idOrSlug || c.slug === idOrSlug);
      if (found !== undefined) return { ...found, cluster };
    }
    return undefined;
  }

  behavioursAtLevel(frameworkId: 'success-profiles', level: BehaviourLevel): BehaviourAtLevel[];
  behavioursAtLevel(frameworkId: 'cscf-2012', level: BehaviourLevel): CompetencyAtLevel[];
  behavioursAtLevel(
    frameworkId: BehaviourFrameworkId,
    level: BehaviourLevel,
  ): Array<BehaviourAtLevel | CompetencyAtLevel>;
  behavioursAtLevel(
    frameworkId: BehaviourFrameworkId,
    level: BehaviourLevel,
  ): Array<BehaviourAtLevel | CompetencyAtLevel> {
    if (frameworkId === 'success-profiles') {
      const { edition, data } = this.#latestSp();
      return data.behaviours.map((b) => {
        const cell = b.levels[level - 1];
        if (cell === undefined) throw new RangeError(`No level ${level}`);
        const { id, slug, name, description } = b;
        const { paragraph, indicators } = cell;
        return {
          framework: frameworkId,
          editionId: edition.id,
          level,
          id,
          slug,
          name,
          description,
          paragraph,
          indicators,
        };
      });
    }
    const { edition, data } = this.#latestCscf();
    return data.clusters.flatMap((cluster) =>
      cluster.competencies.map((c) => {
        const cell = c.levels[level - 1];
        if (cell === undefined) throw new RangeError(`No level ${level}`);
        const { id, slug, name, description } = c;
        return {
          framework: 'cscf-2012' as const,
          editionId: edition.id,
          level,
          id,
          slug,
          name,
          description,
          cluster: { slug: cluster.slug, name: cluster.name },
          effective: cell.effective,
          ineffective: cell.ineffective,
        };
      }),
    );
  }

  // ---- scales and grades ----
  scales(): readonly Scale[] {
    return this.#scales;
  }

  scale(id: ScaleId): Scale {
    const scale = this.#scales.find((s) => s.id === id);
    if (scale === undefined) throw new Error(`Scale ${id} is not loaded`);
    return scale;
  }

  grades(): readonly Grade[] {
    return this.#grades;
  }

  /** By code, case-insensitive ("g7", "SCS1"). */
  grade(code: string): Grade | undefined {
    const wanted = code.trim().toUpperCase();
    return this.#grades.find((g) => g.code === wanted);
  }

  behaviourLevelForGrade(grade: string): BehaviourLevel | undefined {
    return this.grade(grade)?.behaviourLevel;
  }

  #latestSp(): Sp {
    const latest = this.#sp[this.#sp.length - 1];
    if (latest === undefined) throw new Error('No Success Profiles edition');
    return latest;
  }

  #latestCscf(): Cs {
    const latest = this.#cscf[this.#cscf.length - 1];
    if (latest === undefined) throw new Error('No CSCF edition');
    return latest;
  }
}
