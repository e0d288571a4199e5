import assert from 'node:assert/strict';
import { committedLibrary } from './helpers.js';

describe('framework data: counts', () => {
  it('Capability Framework 2025-08: 8 families, 52 roles, 205 role levels, 188 skills', async () => {
    const ddat = (await committedLibrary()).ddatEdition('ddat-pcf-2025-08');
    assert.ok(ddat);
    const roles = ddat.roles();
    const levels = roles.flatMap((r) => r.levels);
    const levelSkills = levels.flatMap((l) => l.skills);
    const skills = ddat.skills();
    const computed = {
      families: ddat.families().length,
      roles: roles.length,
      roleLevels: levels.length,
      roleLevelSkills: levelSkills.length,
      roleLevelsWithGrades: levels.filter((l) => l.grades.length > 0).length,
      seniorCivilServiceRoles: roles.filter((r) => r.roleType === 'Senior Civil Service').length,
      skills: skills.length,
      seniorCivilServiceSkills: skills.filter((s) => s.leadership !== null).length,
      skillLevelDescriptors: skills.flatMap((s) => Object.values(s.levels)).filter((l) => l !== null).length,
    };
    assert.deepEqual(computed, {
      families: 8,
      roles: 52,
      roleLevels: 205,
      roleLevelSkills: 1809,
      roleLevelsWithGrades: 192,
      seniorCivilServiceRoles: 4,
      skills: 188,
      seniorCivilServiceSkills: 22,
      skillLevelDescriptors: 604,
    });
    assert.deepEqual(ddat.edition.counts, {
      ...computed,
      sourceRoleRows: 1825,
      sourceSkillRows: 188,
      duplicateRoleRowsRemoved: 16,
    });
    assert.deepEqual(Object.fromEntries(ddat.families().map((f) => [f.slug, f.roles.length])), {
      architecture: 7,
      'chief-digital-and-data': 4,
      data: 9,
      'it-operations': 12,
      'product-and-delivery': 6,
      'quality-assurance-testing-qat': 3,
      'software-development': 3,
      'user-centred-design': 8,
    });
    const byLevel = (level: string | null) => levelSkills.filter((s) => s.requiredLevel === level).length;
    assert.deepEqual(
      [byLevel('awareness'), byLevel('working'), byLevel('practitioner'), byLevel('expert'), byLevel(null)],
      [351, 510, 545, 375, 28],
    );
  });

  it('records what the source does not provide, instead of inventing it', async () => {
    const { edition } = (await committedLibrary()).ddatEdition();
    const count = (file: string, field: string, source?: string) =>
      edition.missing.filter(
        (m) => m.file === file && m.field.startsWith(field) && (source === undefined || m.source === source),
      ).length;
    assert.equal(count('skills.json', 'description', ''), 41);
    assert.equal(count('skills.json', 'levels.', 'This skill level is currently not defined.'), 60);
    assert.equal(count('roles.json', 'description', 'NOT IN USE'), 4);
    assert.equal(count('roles.json', 'grades'), 13);
    assert.equal(edition.missing.length, 118);
    const ddat = (await committedLibrary()).ddatEdition();
    for (const m of edition.missing.filter((x) => x.file === 'skills.json')) {
      const skill = ddat.skill(m.item);
      assert.ok(skill, m.item);
      if (m.field === 'description') assert.equal(skill.description, null);
      else assert.equal(skill.levels[m.field.slice('levels.'.length) as 'awareness'], null);
    }
  });

  it('orders role levels by the ladder, with usual grades', async () => {
    const library = await committedLibrary();
    const ladder = (slug: string) =>
      library.role(slug)?.levels.map((l) => [l.levelNumber, l.slug, l.grades.join('/')]);
    assert.deepEqual(ladder('software-developer'), [
      [1, 'apprentice-developer', 'AO/EO'],
      [2, 'junior-developer', 'EO/HEO'],
      [3, 'developer', 'HEO/SEO'],
      [4, 'senior-developer', 'SEO/G7'],
      [5, 'senior-developer-management', ''],
      [6, 'lead-developer', 'G7/G6'],
      [7, 'lead-developer-management', ''],
      [8, 'principal-developer', 'G7/G6'],
      [9, 'principal-developer-management', ''],
    ]);
    assert.deepEqual(ladder('data-ethicist'), [
      [1, 'data-ethics-lead', ''],
      [2, 'head-of-data-ethics', ''],
    ]);
    assert.deepEqual(ladder('chief-technology-officer'), [[1, 'chief-technology-officer', '']]);
  });

  it('Success Profiles behaviours: 9 behaviours × 6 levels, 326 indicator sentences', async () => {
    const sp = (await committedLibrary()).successProfiles();
    assert.equal(sp.behaviours.length, 9);
    assert.ok(sp.behaviours.every((b) => b.levels.length === 6));
    const perLevel = [1, 2, 3, 4, 5, 6].map((level) =>
      sp.behaviours.reduce((n, b) => n + (b.levels[level - 1]?.indicators.length ?? 0), 0),
    );
    assert.deepEqual(perLevel, [45, 52, 53, 59, 59, 58]);
    assert.equal(
      perLevel.reduce((a, b) => a + b),
      326,
    );
    assert.deepEqual(
      sp.levels.map((l) => l.heading),
      [
        'Level 1 - AA and AO or equivalent',
        'Level 2 – EO or equivalent',
        'Level 3 – HEO and SEO or equivalent',
        'Level 4 - Grade 7 and 6 or equivalent',
        'Level 5 - Deputy Director or equivalent',
        'Level 6 - Director and Director General',
      ],
    );
    for (const b of sp.behaviours)
      for (const l of b.levels) assert.equal(l.indicators.join(' '), l.paragraph);
  });

  it('CSCF 2012: 3 clusters, 10 competencies, 60 cells, 335 effective and 335 ineffective indicators', async () => {
    const cscf = (await committedLibrary()).cscf();
    const competencies = cscf.clusters.flatMap((c) => c.competencies);
    assert.deepEqual(
      cscf.clusters.map((c) => [c.name, c.competencies.length]),
      [
        ['Setting Direction', 3],
        ['Engaging People', 3],
        ['Delivering Results', 4],
      ],
    );
    assert.equal(competencies.length, 10);
    assert.equal(competencies.flatMap((c) => c.levels).length, 60);
    const total = (pick: 'effective' | 'ineffective') =>
      competencies.reduce((n, c) => n + c.levels.reduce((m, l) => m + l[pick].length, 0), 0);
    assert.equal(total('effective'), 335);
    assert.equal(total('ineffective'), 335);
    assert.equal(cscf.corrections.length, 6);
    assert.ok(
      cscf.levels.every((l) => l.verified !== true),
      'level labels are flagged as not verified',
    );
  });
});
