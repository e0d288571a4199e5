import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RoleLevelSkill } from '../../../server/framework/types.js';
import { committedLibrary, SEEDS } from './helpers.js';
import { descriptionLines, parseSeed } from './seed-parser.js';

const PAGES = {
  '000_92337c5d5d5d2444.txt': ['software-developer', 'principal-developer', 10],
  '001_b1521d219524850f.txt': ['software-developer', 'developer', 10],
  '002_9a3ef4ff726df3af.txt': ['development-operations-devops-engineer', 'principal-devops-engineer', 10],
  '003_70a37c4ecdaf05c1.txt': ['development-operations-devops-engineer', 'junior-devops-engineer', 9],
} as const;

describe('framework data: seeds 000-003 word for word', () => {
  for (const [file, [roleSlug, levelSlug, skillCount]] of Object.entries(PAGES)) {
    it(`${file}: ${levelSlug}`, async () => {
      const library = await committedLibrary();
      const seed = parseSeed(await readFile(join(SEEDS, file), 'utf8'));
      assert.equal(seed.skills.length, skillCount);

      const ref = library.findRoleLevel(levelSlug);
      assert.ok(ref, `role level ${levelSlug} not found`);
      assert.equal(ref.role.slug, roleSlug);
      assert.equal(ref.family.name, seed.family);
      assert.equal(ref.role.name, seed.role);
      assert.equal(ref.level.name, seed.level);
      assert.deepEqual(descriptionLines(ref.role.description), seed.roleLines);
      assert.deepEqual(descriptionLines(ref.level.description), seed.levelLines);

      assert.deepEqual(
        ref.level.skills.map((s) => s.name),
        seed.skills.map((s) => s.name),
        'skill names and order',
      );
      for (const [i, seedSkill] of seed.skills.entries()) {
        const skill: RoleLevelSkill | undefined = ref.level.skills[i];
        assert.ok(skill);
        assert.deepEqual(skill.bullets, seedSkill.bullets, `bullets of ${seedSkill.name}`);
        assert.equal(
          skill.levelDescription,
          ['You can:', ...seedSkill.bullets.map((b) => `- ${b}`)].join('\n'),
        );
        assert.ok(library.skill(skill.skillSlug), `skill ${skill.skillSlug} in skills.json`);
        const levelText: { readonly text: readonly string[] } | null | undefined =
          skill.requiredLevel === null ? null : library.skill(skill.skillSlug)?.levels[skill.requiredLevel];
        assert.deepEqual(
          levelText?.text,
          seedSkill.bullets,
          `skills.json ${skill.requiredLevel} text of ${seedSkill.name}`,
        );
      }
    });
  }

  it('the seeds keep source typos as published ("apply apply")', async () => {
    const library = await committedLibrary();
    const level = library.roleLevel('development-operations-devops-engineer', 'junior-devops-engineer');
    const standards = level?.skills.find((s) => s.skillSlug === 'modern-development-standards');
    assert.ok(
      standards?.bullets.includes('apply apply modern development standards principles under guidance'),
    );
  });
});
