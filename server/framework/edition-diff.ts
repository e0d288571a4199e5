/** How one Capability Framework edition differs from another: pure, over the roles of each. */
import type { DeepReadonly } from './types.js';
import type { RolesFile } from './schemas.js';
import { wordDiff, wordsDiffer, type DiffPart } from './word-diff.js';

type Roles = DeepReadonly<RolesFile>;
type Level = Roles['families'][number]['roles'][number]['levels'][number];

/** "role-slug/level-slug": a role level's key within an edition. */
export type LevelKey = string;

export interface LevelRef {
  readonly key: LevelKey;
  readonly roleName: string;
  readonly name: string;
}

export interface ProposedRename {
  readonly from: LevelRef;
  readonly to: LevelRef;
  /** 0…1: how alike the names and the skills are. */
  readonly likeness: number;
}

export interface SkillChange {
  readonly skillSlug: string;
  readonly name: string;
}

export interface LevelChanges {
  readonly from: LevelRef;
  readonly to: LevelRef;
  readonly renamed: boolean;
  readonly skillsAdded: readonly SkillChange[];
  readonly skillsRemoved: readonly SkillChange[];
  readonly requiredLevels: ReadonlyArray<SkillChange & { before: string | null; after: string | null }>;
  readonly wording: ReadonlyArray<SkillChange & { parts: readonly DiffPart[] }>;
  readonly grades: { readonly before: readonly string[]; readonly after: readonly string[] } | null;
}

export interface EditionDiff {
  readonly added: readonly LevelRef[];
  readonly removed: readonly LevelRef[];
  /** Unconfirmed: a removed level that looks like an added one. */
  readonly proposedRenames: readonly ProposedRename[];
  /** Matched levels (same key, or a confirmed rename) with at least one change. */
  readonly changed: readonly LevelChanges[];
  readonly unchangedLevels: number;
}

interface Entry {
  readonly ref: LevelRef;
  readonly roleSlug: string;
  readonly level: Level;
}

function entries(roles: Roles): Map<LevelKey, Entry> {
  const map = new Map<LevelKey, Entry>();
  for (const family of roles.families)
    for (const role of family.roles)
      for (const level of role.levels) {
        const key = `${role.slug}/${level.slug}`;
        map.set(key, { ref: { key, roleName: role.name, name: level.name }, roleSlug: role.slug, level });
      }
  return map;
}

const words = (name: string) => new Set(name.toLowerCase().match(/[a-z0-9]+/g) ?? []);

function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let both = 0;
  for (const x of a) if (b.has(x)) both += 1;
  return both / (a.size + b.size - both);
}

/** How alike two role levels are: half their names' words, half their skills. */
export function likeness(a: Level, b: Level): number {
  const skills = (l: Level) => new Set(l.skills.map((s) => s.skillSlug));
  return (jaccard(words(a.name), words(b.name)) + jaccard(skills(a), skills(b))) / 2;
}

/**
 * Each removed level's best match among the added ones, when it is in the same role or alike
 * enough (likeness ≥ 0.5); each added level is proposed at most once, best match first.
 */
function propose(removed: readonly Entry[], added: readonly Entry[]): ProposedRename[] {
  const candidates: ProposedRename[] = [];
  for (const r of removed)
    for (const a of added) {
      const score = likeness(r.level, a.level);
      if (score >= 0.5 || (r.roleSlug === a.roleSlug && score >= 0.25))
        candidates.push({ from: r.ref, to: a.ref, likeness: Math.round(score * 100) / 100 });
    }
  candidates.sort((x, y) => y.likeness - x.likeness || x.from.key.localeCompare(y.from.key));
  const usedFrom = new Set<string>();
  const usedTo = new Set<string>();
  const chosen: ProposedRename[] = [];
  for (const c of candidates) {
    if (usedFrom.has(c.from.key) || usedTo.has(c.to.key)) continue;
    usedFrom.add(c.from.key);
    usedTo.add(c.to.key);
    chosen.push(c);
  }
  return chosen.sort((x, y) => x.from.key.localeCompare(y.from.key));
}

const descriptor = (s: Level['skills'][number]) => s.bullets.join('\n');

function compareLevels(before: Entry, after: Entry, renamed: boolean): LevelChanges {
  const old = new Map(before.level.skills.map((s) => [s.skillSlug, s]));
  const now = new Map(after.level.skills.map((s) => [s.skillSlug, s]));
  const skillsAdded = after.level.skills
    .filter((s) => !old.has(s.skillSlug))
    .map((s) => ({ skillSlug: s.skillSlug, name: s.name }));
  const skillsRemoved = before.level.skills
    .filter((s) => !now.has(s.skillSlug))
    .map((s) => ({ skillSlug: s.skillSlug, name: s.name }));
  const requiredLevels: Array<SkillChange & { before: string | null; after: string | null }> = [];
  const wording: Array<SkillChange & { parts: readonly DiffPart[] }> = [];
  for (const s of after.level.skills) {
    const was = old.get(s.skillSlug);
    if (was === undefined) continue;
    if (was.requiredLevel !== s.requiredLevel)
      requiredLevels.push({
        skillSlug: s.skillSlug,
        name: s.name,
        before: was.requiredLevel,
        after: s.requiredLevel,
      });
    if (wordsDiffer(descriptor(was), descriptor(s)))
      wording.push({ skillSlug: s.skillSlug, name: s.name, parts: wordDiff(descriptor(was), descriptor(s)) });
  }
  const gradesBefore = [...before.level.grades];
  const gradesAfter = [...after.level.grades];
  const grades =
    gradesBefore.join('/') === gradesAfter.join('/') ? null : { before: gradesBefore, after: gradesAfter };
  return {
    from: before.ref,
    to: after.ref,
    renamed,
    skillsAdded,
    skillsRemoved,
    requiredLevels,
    wording,
    grades,
  };
}

const hasChanges = (c: LevelChanges) =>
  c.renamed ||
  c.skillsAdded.length > 0 ||
  c.skillsRemoved.length > 0 ||
  c.requiredLevels.length > 0 ||
  c.wording.length > 0 ||
  c.grades !== null;

/**
 * `renames` maps a level key of `before` to a level key of `after` that the administrator has
 * confirmed is the same level renamed; pairs naming a level that is not removed/added are ignored.
 */
export function diffEditions(
  before: Roles,
  after: Roles,
  renames: Readonly<Record<LevelKey, LevelKey>> = {},
): EditionDiff {
  const old = entries(before);
  const now = entries(after);
  const confirmed = new Map<LevelKey, LevelKey>();
  const targets = new Set<LevelKey>();
  for (const [from, to] of Object.entries(renames))
    if (old.has(from) && !now.has(from) && now.has(to) && !old.has(to) && !targets.has(to)) {
      confirmed.set(from, to);
      targets.add(to);
    }
  const removed = [...old.values()].filter((e) => !now.has(e.ref.key) && !confirmed.has(e.ref.key));
  const added = [...now.values()].filter((e) => !old.has(e.ref.key) && !targets.has(e.ref.key));
  const changed: LevelChanges[] = [];
  let unchangedLevels = 0;
  for (const [key, was] of old) {
    const match = now.get(confirmed.get(key) ?? key);
    if (match === undefined) continue;
    const changes = compareLevels(was, match, confirmed.has(key));
    if (hasChanges(changes)) changed.push(changes);
    else unchangedLevels += 1;
  }
  return {
    added: added.map((e) => e.ref),
    removed: removed.map((e) => e.ref),
    proposedRenames: propose(removed, added),
    changed,
    unchangedLevels,
  };
}

/** One row per change, for the downloadable CSV: kind, role level before, after, skill, before, after. */
export function diffRows(diff: EditionDiff): string[][] {
  const label = (r: LevelRef) => `${r.roleName}: ${r.name}`;
  const text = (parts: readonly DiffPart[], op: 'added' | 'removed') =>
    parts
      .filter((p) => p.op === 'same' || p.op === op)
      .map((p) => p.text)
      .join('');
  const rows: string[][] = [];
  for (const r of diff.removed) rows.push(['Role level removed', label(r), '', '', '', '']);
  for (const a of diff.added) rows.push(['Role level added', '', label(a), '', '', '']);
  for (const p of diff.proposedRenames)
    rows.push(['Possible rename (not confirmed)', label(p.from), label(p.to), '', '', '']);
  for (const c of diff.changed) {
    const from = label(c.from);
    const to = label(c.to);
    if (c.renamed) rows.push(['Role level renamed', from, to, '', c.from.name, c.to.name]);
    for (const s of c.skillsAdded) rows.push(['Skill added', from, to, s.name, '', '']);
    for (const s of c.skillsRemoved) rows.push(['Skill removed', from, to, s.name, '', '']);
    for (const s of c.requiredLevels)
      rows.push(['Required level changed', from, to, s.name, s.before ?? '', s.after ?? '']);
    for (const s of c.wording)
      rows.push([
        'Descriptor wording changed',
        from,
        to,
        s.name,
        text(s.parts, 'removed'),
        text(s.parts, 'added'),
      ]);
    if (c.grades !== null)
      rows.push(['Grades changed', from, to, '', c.grades.before.join('/'), c.grades.after.join('/')]);
  }
  return rows;
}
