import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contentHash } from '../../../server/framework/hash.js';
import { committedLibrary, DATA_DIR, SEEDS } from './helpers.js';

describe('FrameworkLibrary', () => {
  it('maps grades to behaviour levels', async () => {
    const library = await committedLibrary();
    assert.deepEqual(
      library.grades().map((g) => [g.code, g.behaviourLevel]),
      [
        ['AA', 1],
        ['AO', 1],
        ['EO', 2],
        ['HEO', 3],
        ['SEO', 3],
        ['G7', 4],
        ['G6', 4],
        ['SCS1', 5],
        ['SCS2', 6],
      ],
    );
    assert.equal(library.behaviourLevelForGrade('g7'), 4);
    assert.equal(library.behaviourLevelForGrade(' SCS1 '), 5);
    assert.equal(library.behaviourLevelForGrade('G9'), undefined);
    assert.equal(library.grade('G7')?.label, 'Grade 7');
    assert.equal(library.grade('SCS1')?.label, 'Deputy Director (SCS pay band 1)');
  });

  it('finds "Principal DevOps engineer" and skills by name, case-insensitively', async () => {
    const library = await committedLibrary();
    const [first] = library.search('principal devops ENGINEER');
    assert.deepEqual(first, {
      kind: 'role-level',
      editionId: 'ddat-pcf-2025-08',
      familySlug: 'software-development',
      roleSlug: 'development-operations-devops-engineer',
      levelSlug: 'principal-devops-engineer',
      name: 'Principal DevOps engineer',
      roleName: 'Development operations (DevOps) engineer',
    });
    const skills = library.search('programming and build (software').filter((h) => h.kind === 'skill');
    assert.deepEqual(
      skills.map((h) => h.kind === 'skill' && h.skillSlug),
      ['programming-and-build-software-engineering'],
    );
    const devops = library.search('DevOps');
    assert.deepEqual(devops[0], {
      kind: 'role-level',
      editionId: 'ddat-pcf-2025-08',
      familySlug: 'software-development',
      roleSlug: 'development-operations-devops-engineer',
      levelSlug: 'devops-engineer',
      name: 'DevOps engineer',
      roleName: 'Development operations (DevOps) engineer',
    });
    assert.ok(
      devops.some((h) => h.kind === 'role' && h.roleSlug === 'development-operations-devops-engineer'),
    );
    assert.ok(devops.some((h) => h.kind === 'role-level' && h.levelSlug === 'junior-devops-engineer'));
    assert.deepEqual(library.search('   '), []);
    assert.equal(library.search('developer', 3).length, 3);
  });

  it('looks role levels up by role and level slug, and only within their role', async () => {
    const library = await committedLibrary();
    assert.equal(library.roleLevel('software-developer', 'principal-developer')?.name, 'Principal developer');
    assert.equal(library.roleLevel('software-developer', 'principal-devops-engineer'), undefined);
    assert.equal(library.role('no-such-role'), undefined);
    assert.equal(
      library.findRoleLevel('principal-devops-engineer')?.role.slug,
      'development-operations-devops-engineer',
    );
    const cto = library.role('chief-technology-officer');
    assert.equal(cto?.roleType, 'Senior Civil Service');
    const skill = cto?.levels[0]?.skills[0];
    assert.equal(skill?.requiredLevel, null);
    assert.ok((skill?.bullets.length ?? 0) > 0 && (skill?.leadershipExamples?.length ?? 0) > 0);
    const users = library
      .ddatEdition()
      .roleLevelsRequiringSkill('programming-and-build-software-engineering');
    assert.ok(users.some((u) => u.level.slug === 'principal-developer'));
  });

  it('finds behaviours and competencies by id or slug, and all of them at a level', async () => {
    const library = await committedLibrary();
    assert.equal(library.behaviour('leadership')?.name, 'Leadership');
    assert.equal(library.behaviour('success-profiles:behaviour:leadership')?.slug, 'leadership');
    assert.equal(
      library.competency('cscf-2012:competency:delivering-at-pace')?.cluster.slug,
      'delivering-results',
    );
    const sp4 = library.behavioursAtLevel('success-profiles', 4);
    assert.equal(sp4.length, 9);
    assert.equal(
      sp4.reduce((n, b) => n + b.indicators.length, 0),
      59,
    );
    assert.deepEqual(
      library.behaviourFrameworks().map((f) => [f.id, f.edition.id, f.levels.length]),
      [
        ['success-profiles', 'success-profiles-2018', 6],
        ['cscf-2012', 'cscf-2012', 6],
      ],
    );
  });

  it('supports seed 004 (Home Office Principal DevOps, grade SCS, CSCF behaviours)', async () => {
    const library = await committedLibrary();
    const seed = await readFile(join(SEEDS, '004_3b24a2b348de7dfa.txt'), 'utf8');
    const grade = /\| Grade:\s*\| (\w+)\s*\|/.exec(seed)?.[1];
    assert.equal(grade, 'SCS');
    assert.match(seed, /Civil Service Competency Framework/);
    const scsLevels = library.grades().filter((g) => g.code.startsWith(grade ?? '-'));
    assert.deepEqual(
      scsLevels.map((g) => [g.code, g.behaviourLevel]),
      [
        ['SCS1', 5],
        ['SCS2', 6],
      ],
    );
    const level = library.behaviourLevelForGrade('SCS1');
    assert.equal(level, 5);
    const competencies = library.behavioursAtLevel('cscf-2012', level ?? 1);
    assert.equal(competencies.length, 10);
    const sbp = competencies.find((c) => c.slug === 'seeing-the-big-picture');
    assert.equal(
      sbp?.effective[0],
      'Anticipate and predict the long term impact of national and international developments, including economic, political, environmental, social and technological, on own area',
    );
    assert.equal(
      sbp?.ineffective[0],
      'Have limited insight into the changes and developments surrounding own area',
    );
    assert.equal(library.cscf().levels[4]?.name, 'Deputy Director');
    const [hit] = library.search('Principal DevOps');
    assert.equal(hit?.kind === 'role-level' && hit.levelSlug, 'principal-devops-engineer');
  });

  it("offers the 1-7 scale and the four skill levels, marking the service's own wording", async () => {
    const library = await committedLibrary();
    const cs = library.scale('civil-service-1-7');
    assert.deepEqual(
      cs.points.map((p) => `${p.value} ${p.label}`),
      [
        '1 Not demonstrated',
        '2 Minimal',
        '3 Moderate',
        '4 Acceptable',
        '5 Good',
        '6 Strong',
        '7 Outstanding',
      ],
    );
    assert.ok(cs.points.every((p) => p.descriptorSource === 'service'));
    const skills = library.scale('ddat-skill-levels');
    assert.deepEqual(
      skills.points.map((p) => [p.value, p.slug]),
      [
        [1, 'awareness'],
        [2, 'working'],
        [3, 'practitioner'],
        [4, 'expert'],
      ],
    );
    assert.ok(skills.points.every((p) => p.descriptor === null));
  });

  it('gives each edition its licence, attribution and content hash', async () => {
    const library = await committedLibrary();
    assert.deepEqual(
      library.editions().map((e) => e.id),
      ['ddat-pcf-2025-08', 'success-profiles-2018', 'cscf-2012'],
    );
    const ddat = library.edition('ddat-pcf-2025-08');
    assert.ok(ddat);
    assert.equal(ddat.licence, 'Open Government Licence v3.0');
    assert.equal(
      ddat.attribution,
      'Contains public sector information licensed under the Open Government Licence v3.0. Source: Government Digital and Data Profession Capability Framework, https://understand-digital-data-roles-skills.service.gov.uk/ (formerly ddat-capability-framework.service.gov.uk). © Crown copyright.',
    );
    const read = async (file: string) =>
      JSON.parse(await readFile(join(DATA_DIR, 'ddat-pcf', '2025-08', file), 'utf8')) as unknown;
    assert.equal(
      ddat.contentHash,
      contentHash({ 'roles.json': await read('roles.json'), 'skills.json': await read('skills.json') }),
    );
    for (const e of library.editions())
      assert.match(
        e.attribution,
        /^Contains public sector information licensed under the Open Government Licence v3\.0\./,
      );
  });

  it('hands out frozen data', async () => {
    const library = await committedLibrary();
    const level = library.roleLevel('software-developer', 'developer');
    assert.ok(level);
    assert.throws(() => (level.skills as unknown as unknown[]).push({}), TypeError);
    assert.throws(() => {
      (level as { name: string }).name = 'changed';
    }, TypeError);
    assert.equal(library.roleLevel('software-developer', 'developer')?.name, 'Developer');
  });
});
