/** Name search over one Capability Framework edition. Pure. */
import type { Family, SearchHit, Skill } from './types.js';

/** Lower case, accents and punctuation removed, single spaces: "(DevOps)" → "devops". */
export function normaliseForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** 0 exact name, 1 name starts with the query, 2 every query word starts a word of the name; null no match. */
export function matchRank(query: string, name: string): number | null {
  const q = normaliseForSearch(query);
  const n = normaliseForSearch(name);
  if (q === '') return null;
  if (n === q) return 0;
  if (n.startsWith(q)) return 1;
  const words = n.split(' ');
  return q.split(' ').every((t) => words.some((w) => w.startsWith(t))) ? 2 : null;
}

const KIND_ORDER: Record<SearchHit['kind'], number> = { role: 0, 'role-level': 1, skill: 2 };

export function searchEdition(
  editionId: string,
  families: readonly Family[],
  skills: readonly Skill[],
  query: string,
  limit = 50,
): SearchHit[] {
  const hits: Array<{ hit: SearchHit; rank: number }> = [];
  const add = (hit: SearchHit) => {
    const rank = matchRank(query, hit.name);
    if (rank !== null) hits.push({ hit, rank });
  };
  for (const family of families) {
    for (const role of family.roles) {
      add({ kind: 'role', editionId, familySlug: family.slug, roleSlug: role.slug, name: role.name });
      for (const level of role.levels) {
        add({
          kind: 'role-level',
          editionId,
          familySlug: family.slug,
          roleSlug: role.slug,
          levelSlug: level.slug,
          name: level.name,
          roleName: role.name,
        });
      }
    }
  }
  for (const skill of skills) add({ kind: 'skill', editionId, skillSlug: skill.slug, name: skill.name });
  hits.sort(
    (a, b) =>
      a.rank - b.rank ||
      KIND_ORDER[a.hit.kind] - KIND_ORDER[b.hit.kind] ||
      a.hit.name.length - b.hit.name.length ||
      a.hit.name.localeCompare(b.hit.name, 'en'),
  );
  return hits.slice(0, Math.max(0, limit)).map((h) => h.hit);
}
