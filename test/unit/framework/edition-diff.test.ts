import assert from 'node:assert/strict';
import { diffEditions, diffRows } from '../../../server/framework/edition-diff.js';
import type { RolesFile } from '../../../server/framework/schemas.js';

type Skill = {
  slug: string;
  level?: 'awareness' | 'working' | 'practitioner' | 'expert';
  bullets?: string[];
};
const level = (slug: string, name: string, skills: Skill[], grades: Array<'G7' | 'G6' | 'SEO'> = ['G7']) => ({
  id: `ddat-pcf:role-level:${slug}`,
  slug,
  name,
  description: null,
  levelNumber: 1,
  grades,
  skills: skills.map((s) => ({
    skillSlug: s.slug,
    name: s.slug.toUpperCase(),
    requiredLevel: s.level ?? 'working',
    bullets: s.bullets ?? ['You can do it'],
  })),
});
const roles = (
  ...roleList: Array<{ slug: string; name: string; levels: ReturnType<typeof level>[] }>
): RolesFile => ({
  editionId: 'ddat-pcf-test',
  families: [
    {
      id: 'ddat-pcf:family:f',
      slug: 'f',
      name: 'F',
      roles: roleList.map((r) => ({
        id: `ddat-pcf:role:${r.slug}`,
        slug: r.slug,
        name: r.name,
        description: null,
        family: 'f',
        roleType: null,
        levels: r.levels,
      })),
    },
  ],
});

const base = () =>
  roles(
    {
      slug: 'ethicist',
      name: 'Data ethicist',
      levels: [level('data-ethics-lead', 'Data ethics lead', [{ slug: 'ethics' }, { slug: 'law' }])],
    },
    {
      slug: 'engineer',
      name: 'Data engineer',
      levels: [
        level('data-engineer', 'Data engineer', [
          { slug: 'build', bullets: ['You can build pipelines'] },
          { slug: 'tech' },
        ]),
      ],
    },
  );

describe('edition diff', () => {
  it('finds nothing between an edition and itself', () => {
    const diff = diffEditions(base(), base());
    assert.deepEqual(
      { ...diff, unchangedLevels: 0 },
      { added: [], removed: [], proposedRenames: [], changed: [], unchangedLevels: 0 },
    );
    assert.equal(diff.unchangedLevels, 2);
    assert.deepEqual(diffRows(diff), []);
  });

  it('lists added and removed levels and proposes a rename in the same role', () => {
    const after = base();
    after.families[0]!.roles[0]!.levels[0] = level('data-and-ai-ethics-lead', 'Data and AI ethics lead', [
      { slug: 'ethics' },
      { slug: 'law' },
    ]);
    after.families[0]!.roles.push({
      id: 'ddat-pcf:role:agile-coach',
      slug: 'agile-coach',
      name: 'Agile coach',
      description: null,
      family: 'f',
      roleType: null,
      levels: [level('agile-coach', 'Agile coach', [{ slug: 'coaching' }])],
    });
    const diff = diffEditions(base(), after);
    assert.deepEqual(
      diff.removed.map((r) => r.key),
      ['ethicist/data-ethics-lead'],
    );
    assert.deepEqual(
      diff.added.map((r) => r.key),
      ['ethicist/data-and-ai-ethics-lead', 'agile-coach/agile-coach'],
    );
    assert.equal(diff.proposedRenames.length, 1);
    assert.equal(diff.proposedRenames[0]!.to.key, 'ethicist/data-and-ai-ethics-lead');
    assert.ok(diff.proposedRenames[0]!.likeness >= 0.5);

    const confirmed = diffEditions(base(), after, {
      'ethicist/data-ethics-lead': 'ethicist/data-and-ai-ethics-lead',
    });
    assert.deepEqual(confirmed.removed, []);
    assert.deepEqual(
      confirmed.added.map((r) => r.key),
      ['agile-coach/agile-coach'],
    );
    assert.equal(confirmed.changed.length, 1);
    assert.equal(confirmed.changed[0]!.renamed, true);
    assert.deepEqual(confirmed.proposedRenames, []);
  });

  it('ignores a confirmed rename that names levels still present', () => {
    const diff = diffEditions(base(), base(), { 'ethicist/data-ethics-lead': 'engineer/data-engineer' });
    assert.deepEqual(diff.changed, []);
  });

  it('does not propose unlike levels of different roles', () => {
    const after = roles({
      slug: 'other',
      name: 'Other',
      levels: [level('x', 'Something else', [{ slug: 'zzz' }])],
    });
    assert.deepEqual(diffEditions(base(), after).proposedRenames, []);
  });

  it('finds skills added and removed, required levels, wording and grades changed', () => {
    const after = base();
    after.families[0]!.roles[1]!.levels[0] = level(
      'data-engineer',
      'Data engineer',
      [{ slug: 'build', level: 'expert', bullets: ['You can build and run pipelines'] }, { slug: 'new' }],
      ['G6'],
    );
    const diff = diffEditions(base(), after);
    assert.equal(diff.changed.length, 1);
    const c = diff.changed[0]!;
    assert.equal(c.renamed, false);
    assert.deepEqual(
      c.skillsAdded.map((s) => s.skillSlug),
      ['new'],
    );
    assert.deepEqual(
      c.skillsRemoved.map((s) => s.skillSlug),
      ['tech'],
    );
    assert.deepEqual(
      c.requiredLevels.map((s) => [s.skillSlug, s.before, s.after]),
      [['build', 'working', 'expert']],
    );
    assert.deepEqual(c.wording[0]!.parts, [
      { op: 'same', text: 'You can build ' },
      { op: 'added', text: 'and run ' },
      { op: 'same', text: 'pipelines' },
    ]);
    assert.deepEqual(c.grades, { before: ['G7'], after: ['G6'] });
    const kinds = diffRows(diff).map((r) => r[0]);
    assert.deepEqual(kinds, [
      'Skill added',
      'Skill removed',
      'Required level changed',
      'Descriptor wording changed',
      'Grades changed',
    ]);
    const wordingRow = diffRows(diff)[3]!;
    assert.deepEqual(wordingRow.slice(4), ['You can build pipelines', 'You can build and run pipelines']);
  });
});
