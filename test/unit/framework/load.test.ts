import assert from 'node:assert/strict';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FrameworkDataError } from '../../../server/framework/errors.js';
import { loadFrameworkLibrary } from '../../../server/framework/load.js';
import type { RolesFile } from '../../../server/framework/schemas.js';
import { DATA_DIR, withTempDir } from './helpers.js';

/** A writable copy of framework-data/ (without the sources) to break on purpose. */
async function copyData(dir: string): Promise<void> {
  await cp(DATA_DIR, dir, { recursive: true, filter: (src) => !src.startsWith(join(DATA_DIR, 'sources')) });
}

async function editJson(path: string, edit: (value: RolesFile) => void): Promise<void> {
  const value = JSON.parse(await readFile(path, 'utf8')) as RolesFile;
  edit(value);
  await writeFile(path, JSON.stringify(value, null, 2));
}

async function loadError(dir: string): Promise<FrameworkDataError> {
  try {
    await loadFrameworkLibrary(dir);
  } catch (error) {
    if (error instanceof FrameworkDataError) return error;
    throw error;
  }
  assert.fail('expected the data to be rejected');
}

function skillAt(roles: RolesFile, f: number, r: number, l: number, s: number) {
  const skill = roles.families[f]?.roles[r]?.levels[l]?.skills[s];
  assert.ok(skill);
  return skill;
}

describe('loadFrameworkLibrary: invalid data', () => {
  it('loads the committed data', async () => {
    const library = await loadFrameworkLibrary();
    assert.equal(library.ddatEdition().id, 'ddat-pcf-2025-08');
  });

  it('names the file and the JSON path of a schema failure', () =>
    withTempDir(async (dir) => {
      await copyData(dir);
      const roles = join(dir, 'ddat-pcf', '2025-08', 'roles.json');
      await editJson(roles, (value) => {
        (skillAt(value, 2, 0, 1, 3) as { requiredLevel: string }).requiredLevel = 'guru';
      });
      const error = await loadError(dir);
      const line = error.problems.find((p) => p.includes('requiredLevel'));
      assert.ok(line, error.message);
      assert.ok(
        line.startsWith(`${roles}: families[2].roles[0].levels[1].skills[3].requiredLevel: Invalid option`),
        line,
      );
      assert.match(line, /"awareness"\|"working"\|"practitioner"\|"expert"/);
      assert.match(error.message, new RegExp(`^Framework data in ${dir} is invalid`));
    }));

  it('reports every problem in every file at once, including a stale content hash', () =>
    withTempDir(async (dir) => {
      await copyData(dir);
      const roles = join(dir, 'ddat-pcf', '2025-08', 'roles.json');
      await editJson(roles, (value) => {
        skillAt(value, 0, 0, 0, 0).bullets[0] = 'a hand-edited bullet';
        skillAt(value, 0, 0, 0, 1).skillSlug = 'no-such-skill';
      });
      await writeFile(join(dir, 'grades.json'), '{ "version": 1, ');
      await rm(join(dir, 'success-profiles', '2018', 'behaviours.json'));
      const competencies = join(dir, 'cscf', '2012', 'competencies.json');
      const cscf = JSON.parse(await readFile(competencies, 'utf8')) as { clusters: Array<{ name: string }> };
      (cscf.clusters[1] as { name: unknown }).name = 42;
      await writeFile(competencies, JSON.stringify(cscf));
      const { problems } = await loadError(dir);
      const expect = (fragment: string) =>
        assert.ok(
          problems.some((p) => p.includes(fragment)),
          `${fragment} not in\n${problems.join('\n')}`,
        );
      expect(`${roles}: families[0].roles[0].levels[0].skills[1].skillSlug: unknown skill "no-such-skill"`);
      expect(
        `${join(dir, 'ddat-pcf', '2025-08', 'edition.json')}: contentHash: does not match the data files`,
      );
      expect(`${join(dir, 'grades.json')}: (root): invalid JSON`);
      expect(`${join(dir, 'success-profiles', '2018', 'behaviours.json')}: (root): file not found`);
      expect(`${competencies}: clusters[1].name: Invalid input: expected string, received number`);
    }));

  it('rejects an edition whose id does not match its folder', () =>
    withTempDir(async (dir) => {
      await copyData(dir);
      await cp(join(dir, 'ddat-pcf', '2025-08'), join(dir, 'ddat-pcf', '2025-11'), { recursive: true });
      const { problems } = await loadError(dir);
      assert.ok(
        problems.some(
          (p) =>
            p ===
            `${join(dir, 'ddat-pcf', '2025-11', 'edition.json')}: id: expected "ddat-pcf-2025-11" for folder ddat-pcf/2025-11`,
        ),
        problems.join('\n'),
      );
    }));

  it('says so when a framework has no edition at all', () =>
    withTempDir(async (dir) => {
      await copyData(dir);
      await rm(join(dir, 'cscf'), { recursive: true });
      const { problems } = await loadError(dir);
      assert.deepEqual(problems, [`${join(dir, 'cscf')}: no edition folder found`]);
    }));
});
