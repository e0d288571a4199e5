import assert from 'node:assert/strict';
import { ImportError } from '../../../server/framework/errors.js';
import { importDdat } from '../../../server/framework/ddat-edition.js';
import type { RolesFile, SkillsFile } from '../../../server/framework/schemas.js';
import { goodRoleRows, gradesTsv, roleRow, rolesCsv, skillsCsv, type RoleRowValues } from './synthetic.js';

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportError) return error.problems;
    throw error;
  }
  assert.fail('expected an ImportError');
}

const importRows = (rows: RoleRowValues[], skills = skillsCsv(), grades: string | null = null) =>
  importDdat({ roles: rolesCsv(rows), skills, grades }, { edition: '2030-01', retrievedOn: '2030-01-31' });

describe('framework import: validation of the exports', () => {
  it('accepts the synthetic export', () => {
    const folder = importRows(goodRoleRows());
    assert.deepEqual(Object.keys(folder.files), ['edition.json', 'roles.json', 'skills.json']);
  });

  it('checks the header rows', () => {
    const roles = rolesCsv(goodRoleRows()).replace('Skill Level Description', 'Skill level text');
    const skills = skillsCsv().replace(',Roles that require Skill', ',Roles that require Skill,Extra');
    assert.deepEqual(
      problemsOf(() =>
        importDdat(
          { roles, skills, grades: 'role\tslug\n' },
          { edition: '2030-01', retrievedOn: '2030-01-31' },
        ),
      ),
      [
        'roles.csv row 1: missing column "Skill Level Description"',
        'roles.csv row 1: unexpected column "Skill level text"',
        'skills.csv row 1: unexpected column "Extra"',
        'grades.tsv row 1: missing column "level_number"',
        'grades.tsv row 1: missing column "role_level"',
        'grades.tsv row 1: missing column "civil_service_grades"',
      ],
    );
  });

  it('refuses an export without data rows', () => {
    assert.deepEqual(
      problemsOf(() =>
        importDdat(
          { roles: rolesCsv([]), skills: skillsCsv(), grades: null },
          { edition: '2030-01', retrievedOn: '2030-01-31' },
        ),
      ),
      ['roles.csv: no data rows'],
    );
  });

  it('reports field counts and CSV syntax errors', () => {
    const short = `${rolesCsv(goodRoleRows())}Software development,Software developer\n`;
    assert.deepEqual(
      problemsOf(() =>
        importDdat(
          { roles: short, skills: skillsCsv(), grades: null },
          { edition: '2030-01', retrievedOn: '2030-01-31' },
        ),
      ),
      ['roles.csv row 22: expected 10 fields, found 2'],
    );
    const unclosed = `${rolesCsv(goodRoleRows())}"Software development,x\n`;
    const [problem] = problemsOf(() =>
      importDdat(
        { roles: unclosed, skills: skillsCsv(), grades: null },
        { edition: '2030-01', retrievedOn: '2030-01-31' },
      ),
    );
    assert.match(problem ?? '', /^roles\.csv: .*quote/i);
  });

  it('reports every bad cell with its row number', () => {
    const rows = goodRoleRows();
    rows[0] = { ...rows[0]!, 'Skill Level': 'Guru', 'Role Type': 'Fast stream' };
    rows[1] = { ...rows[1]!, 'Skill Level Description': 'Some free text without bullets' };
    rows[2] = { ...rows[2]!, 'Skill Level': 'NOT IN USE' };
    rows[3] = { ...rows[3]!, Role: ' ', 'Skill Level Description': '' };
    assert.deepEqual(
      problemsOf(() => importRows(rows)),
      [
        'roles.csv row 2: Skill Level "Guru" is not one of Awareness, Working, Practitioner, Expert',
        'roles.csv row 2: Role Type "Fast stream" is neither empty nor "Senior Civil Service"',
        'roles.csv row 3: Skill Level Description is not a lead-in line (e.g. "You can:") followed by "- " bullets',
        'roles.csv row 4: Skill Level is NOT IN USE but Role Level is not',
        'roles.csv row 5: Role is empty',
        'roles.csv row 5: Skill Level Description is empty',
      ],
    );
  });

  it('checks rows against each other and against skills.csv', () => {
    const rows = goodRoleRows();
    rows.push({ ...rows[0]! });
    rows.push({ ...rows[1]!, 'Skill Level': 'Expert' });
    rows.push(
      roleRow({
        'Role Level': 'Senior developer',
        'Role Level Description': 'A senior developer leads.',
        'Skill Name': 'Skill Q',
        'Role Description': 'Other text',
      }),
    );
    rows.push(roleRow({ 'Skill Name': 'Unknown skill' }));
    rows.push(roleRow({ 'Skill Name': 'Skill B', 'Skill Description': 'Not what skills.csv says' }));
    rows.push(roleRow({ Role: 'Software developer ', 'Role Family': 'Data', 'Skill Name': 'Skill C' }));
    rows.push(roleRow({ Role: 'Tester', 'Role Level': 'Senior developer', 'Skill Name': 'Skill C' }));
    assert.deepEqual(
      problemsOf(() => importRows(rows)),
      [
        'roles.csv row 23: "Software developer" / "Senior developer" / "Skill B" already appears in row 3 with different content',
        'roles.csv row 24: Role Description of "Software developer" differs from row 2',
        'roles.csv row 25: Skill Name "Unknown skill" is not in skills.csv',
        'roles.csv row 26: Skill Description of "Skill B" differs from skills.csv row 3',
        'roles.csv row 27: role "Software developer" is in family "Data" but in "Software development" in row 2',
        // the same role in a second family also repeats the role's and its levels' slugs
        'roles.csv row 27: role "Software developer" has the same slug "software-developer" as roles.csv row 2: role "Software developer"',
        'roles.csv row 28: role level "Senior developer" has the same slug "senior-developer" as roles.csv row 2: role level "Senior developer"',
        'roles.csv row 27: role level "Developer" has the same slug "developer" as roles.csv row 12: role level "Developer"',
      ],
    );
  });

  it('removes exact duplicate rows and says which', () => {
    const rows = goodRoleRows();
    rows.push({ ...rows[4]! }, { ...rows[5]!, 'Role Level': 'Senior developer ' });
    const edition = importRows(rows).files['edition.json'] as {
      cleaning: string[];
      counts: Record<string, number>;
    };
    assert.equal(edition.counts['duplicateRoleRowsRemoved'], 2);
    assert.ok(
      edition.cleaning.some((c) =>
        c.startsWith('2 duplicate rows of roles.csv (identical to an earlier row) removed: rows 22, 23'),
      ),
    );
  });

  it('checks grades.tsv', () => {
    const bad = gradesTsv([
      ['Software developer', 'software-developer', '1', 'Developer', 'HEO/SEO'],
      ['Software developer', 'software-developer', 'two', 'Senior developer', 'G8'],
    ]);
    assert.deepEqual(
      problemsOf(() => importRows(goodRoleRows(), skillsCsv(), bad)),
      [
        'grades.tsv row 3: level_number "two" is not a whole number from 1',
        'grades.tsv row 3: civil_service_grades "G8" is not a "/"-separated list of AA, AO, EO, HEO, SEO, G7, G6, SCS1, SCS2',
      ],
    );
    const repeated = gradesTsv([
      ['Software developer', 'software-developer', '1', 'Developer', 'HEO/SEO'],
      ['Software developer', 'software-developer', '1', 'Senior developer', 'G7'],
    ]);
    assert.deepEqual(
      problemsOf(() => importRows(goodRoleRows(), skillsCsv(), repeated)),
      ['grades.tsv row 3: role "Software developer" repeats row 2 (same level or level_number)'],
    );
    const good = gradesTsv([
      ['Software developer', 'software-developer', '2', 'Senior developer', 'SEO/G7'],
      ['Software developer', 'software-developer', '1', 'Developer', ''],
    ]);
    const roles = importRows(goodRoleRows(), skillsCsv(), good).files['roles.json'] as RolesFile;
    assert.deepEqual(
      roles.families[0]?.roles[0]?.levels.map((l) => [l.levelNumber, l.name, l.grades]),
      [
        [1, 'Developer', []],
        [2, 'Senior developer', ['SEO', 'G7']],
      ],
    );
  });

  it('keeps Senior Civil Service leadership descriptors and never invents level text', () => {
    const skills = skillsCsv({
      'Skill A':
        'You can:\n- lead the organisation\nExamples of leadership using this skill:\n- growing communities',
    });
    const rows = goodRoleRows().filter((r) => r['Skill Name'] !== 'Skill A');
    rows.push(
      roleRow({
        'Role Family': 'Chief digital and data',
        Role: 'Chief widget officer',
        'Role Level': 'NOT IN USE',
        'Role Level Description': 'NOT IN USE',
        'Skill Name': 'Skill A',
        'Skill Description':
          'You can:\n- lead the organisation\nExamples of leadership using this skill:\n- growing communities',
        'Skill Level': 'NOT IN USE',
        'Skill Level Description': 'NOT IN USE',
        'Role Type': 'Senior Civil Service',
      }),
    );
    const folder = importRows(rows, skills);
    const roles = folder.files['roles.json'] as RolesFile;
    const chief = roles.families[1]?.roles[0];
    assert.deepEqual(chief?.levels[0]?.skills[0], {
      skillSlug: 'skill-a',
      name: 'Skill A',
      requiredLevel: null,
      bullets: ['lead the organisation'],
      leadershipExamples: ['growing communities'],
    });
    const skillsJson = folder.files['skills.json'] as SkillsFile;
    const a = skillsJson.skills[0];
    assert.equal(a?.description, null);
    assert.equal(a?.levels.awareness, null, '"not defined" becomes null');
    assert.equal(a?.leadership?.examplesIntro, 'Examples of leadership using this skill:');
  });
});
