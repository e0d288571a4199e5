import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runImport, type ImportIo } from '../../../server/framework/import-run.js';
import type { EditionFile, RolesFile } from '../../../server/framework/schemas.js';
import { DATA_DIR, GRADES_TSV, ROLES_CSV, SKILLS_CSV, withTempDir } from './helpers.js';
import { goodRoleRows, rolesCsv, skillsCsv } from './synthetic.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const handle: ImportIo = { log: (l) => out.push(l), error: (l) => err.push(l), today: () => '2030-01-31' };
  return { handle, out, err };
}

const FILES = ['edition.json', 'roles.json', 'skills.json'];

async function writeInputs(dir: string, roles: string, skills = skillsCsv()) {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'roles.csv'), roles);
  await writeFile(join(dir, 'skills.csv'), skills);
  return [join(dir, 'roles.csv'), join(dir, 'skills.csv')] as const;
}

const listing = (dir: string) => readdir(dir, { recursive: true }).catch(() => [] as string[]);

describe('framework:import', () => {
  it('round-trips the shipped 2025-08 CSVs to the committed edition, byte for byte', () =>
    withTempDir(async (out) => {
      const { handle, err } = io();
      const code = await runImport(
        [ROLES_CSV, SKILLS_CSV, GRADES_TSV, '--edition', '2025-08', '--out', out],
        handle,
      );
      assert.equal(code, 0, err.join('\n'));
      for (const file of FILES) {
        const fresh = await readFile(join(out, 'ddat-pcf', '2025-08', file), 'utf8');
        const committed = await readFile(join(DATA_DIR, 'ddat-pcf', '2025-08', file), 'utf8');
        assert.ok(fresh === committed, `${file} differs from the committed copy`);
      }
    }));

  it('rejects a bad row with its row number and writes nothing', () =>
    withTempDir(async (dir) => {
      const rows = goodRoleRows();
      const row17 = rows[15];
      assert.ok(row17);
      row17['Skill Level'] = 'Guru';
      const [roles, skills] = await writeInputs(join(dir, 'in'), rolesCsv(rows));
      const { handle, err } = io();
      const code = await runImport(
        [roles, skills, '--edition', '2030-01', '--out', join(dir, 'out')],
        handle,
      );
      assert.equal(code, 1);
      assert.match(
        err.join('\n'),
        /^ {2}roles\.csv row 17: Skill Level "Guru" is not one of Awareness, Working, Practitioner, Expert$/m,
      );
      assert.match(err.join('\n'), /Nothing was written\.$/);
      assert.deepEqual(await listing(join(dir, 'out')), []);
    }));

  it('leaves an existing edition untouched when the new input is bad', () =>
    withTempDir(async (dir) => {
      const out = join(dir, 'out');
      const [roles, skills] = await writeInputs(join(dir, 'good'), rolesCsv(goodRoleRows()));
      assert.equal(await runImport([roles, skills, '--edition', '2030-01', '--out', out], io().handle), 0);
      const before = await Promise.all(
        FILES.map((f) => readFile(join(out, 'ddat-pcf', '2030-01', f), 'utf8')),
      );

      const bad = goodRoleRows();
      bad.push({ ...goodRoleRows()[0]!, 'Skill Name': 'Skill Z' });
      const [badRoles, badSkills] = await writeInputs(join(dir, 'bad'), rolesCsv(bad));
      const { handle, err } = io();
      assert.equal(await runImport([badRoles, badSkills, '--edition', '2030-01', '--out', out], handle), 1);
      assert.match(err.join('\n'), /roles\.csv row 22: Skill Name "Skill Z" is not in skills\.csv/);
      const after = await Promise.all(
        FILES.map((f) => readFile(join(out, 'ddat-pcf', '2030-01', f), 'utf8')),
      );
      assert.deepEqual(after, before);
      assert.deepEqual((await readdir(join(out, 'ddat-pcf'))).sort(), ['2030-01']);
    }));

  it('imports a new export without grades.tsv: ladder by level names, grades unknown, hashes recorded', () =>
    withTempDir(async (dir) => {
      const out = join(dir, 'out');
      const [roles, skills] = await writeInputs(join(dir, 'in'), rolesCsv(goodRoleRows()));
      const { handle, out: log } = io();
      const code = await runImport(
        [roles, skills, '--edition=2030-01', '--out', out, '--retrieved', '2030-01-15'],
        handle,
      );
      assert.equal(code, 0);
      assert.match(log.join('\n'), /roleLevels 2/);
      const read = async <T>(f: string) =>
        JSON.parse(await readFile(join(out, 'ddat-pcf', '2030-01', f), 'utf8')) as T;
      const edition = await read<EditionFile>('edition.json');
      assert.equal(edition.id, 'ddat-pcf-2030-01');
      assert.equal(edition.retrievedOn, '2030-01-15');
      assert.equal(edition.sources.length, 2);
      assert.match(edition.sources[0]?.sha256 ?? '', /^[0-9a-f]{64}$/);
      const rolesJson = await read<RolesFile>('roles.json');
      const levels = rolesJson.families[0]?.roles[0]?.levels ?? [];
      assert.deepEqual(
        levels.map((l) => [l.levelNumber, l.slug, l.grades]),
        [
          [1, 'developer', []],
          [2, 'senior-developer', []],
        ],
      );
      assert.equal(
        edition.missing.filter((m) => m.field === 'grades' && m.source === 'no grades.tsv').length,
        2,
      );
    }));

  it('explains its usage', async () => {
    const { handle, err } = io();
    assert.equal(await runImport(['roles.csv'], handle), 2);
    assert.match(
      err.join('\n'),
      /skills\.csv are required[\s\S]*Usage: node --import tsx server\/framework\/import\.ts/,
    );
    assert.equal(await runImport(['a.csv', 'b.csv'], handle), 2);
    assert.match(err.join('\n'), /--edition is required/);
    assert.equal(await runImport(['a.csv', 'b.csv', '--edition', '2025-13'], handle), 2);
    assert.match(err.join('\n'), /--edition "2025-13" is not a month like 2025-08/);
    assert.equal(
      await runImport(['missing-roles.csv', 'missing-skills.csv', '--edition', '2025-08'], handle),
      1,
    );
    assert.match(err.join('\n'), /ENOENT[^\n]*missing-roles\.csv[\s\S]*Nothing was written/);
    assert.equal(await runImport(['a.csv', 'b.csv', '--edition', '2025-08', '--force'], handle), 2);
  });

  it('runs as a command: exit code 1 and the row errors on stderr', () =>
    withTempDir(async (dir) => {
      const rows = goodRoleRows();
      rows[3]!['Role Level'] = 'NOT IN USE';
      const [roles, skills] = await writeInputs(join(dir, 'in'), rolesCsv(rows));
      const run = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'server/framework/import.ts',
          roles,
          skills,
          '--edition',
          '2030-01',
          '--out',
          join(dir, 'out'),
        ],
        { encoding: 'utf8' },
      );
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, /roles\.csv row 5: Role Level is NOT IN USE but Skill Level is "Working"/);
      assert.match(
        run.stderr,
        /roles\.csv row 5: Role Level is NOT IN USE but Skill Level Description is not NOT IN USE/,
      );
      assert.deepEqual(await listing(join(dir, 'out')), []);
    }));
});
