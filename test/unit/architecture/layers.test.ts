import assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

/**
 * The layer rules live in eslint.config.js, not only in prose; these check that each rule still
 * fails the code it is there to stop, and lets through the code it is not.
 */
const eslint = new ESLint({
  cwd: new URL('../../..', import.meta.url).pathname,
  // The layer rules need no type information, and some snippets are linted as files that do not
  // exist, which the type-aware rules' project service would refuse to parse.
  overrideConfig: tseslint.configs.disableTypeChecked,
});

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.message);
}

const QUERY = /Queries belong in a repository/;
const REPOSITORY = /never repositories/;
const LOCALS = /Only middleware writes res.locals/;

describe('architecture: layer rules in lint', function () {
  this.timeout(60_000);

  it('refuses a query outside a repository, and a kysely value import there', async () => {
    const query = `export const f = (db: { selectFrom: (t: string) => { selectAll: () => { execute: () => unknown } } }) =>\n  db.selectFrom('campaigns').selectAll().execute();\n`;
    assert.match((await problems('server/features/campaigns/service.ts', query)).join(), QUERY);
    assert.match((await problems('server/middleware/example.ts', query)).join(), QUERY);
    assert.deepEqual(await problems('server/features/campaigns/repository.ts', query), []);
    assert.deepEqual(await problems('server/features/reports/prepared-repository.ts', query), []);

    const sqlImport = `import { sql } from 'kysely';\nexport const q = sql\`select 1\`;\n`;
    assert.match((await problems('server/features/campaigns/service.ts', sqlImport)).join(), QUERY);
    assert.deepEqual(await problems('server/db/example.ts', sqlImport), []);
    const typeImport = `import type { Kysely } from 'kysely';\nexport type Db = Kysely<object>;\n`;
    assert.deepEqual(await problems('server/features/campaigns/service.ts', typeImport), []);
  });

  it('refuses a controller or routes file that imports a repository', async () => {
    const value = `import { findCampaign } from './repository.js';\nexport const f = findCampaign;\n`;
    assert.match((await problems('server/features/campaigns/controller.ts', value)).join(), REPOSITORY);
    assert.match(
      (await problems('server/features/panels/routes.ts', value.replace('./', '../audit/'))).join(),
      REPOSITORY,
    );
    assert.deepEqual(await problems('server/features/campaigns/service.ts', value), []);
    const typeOnly = `import type { Candidate } from './repository.js';\nexport type C = Candidate;\n`;
    assert.deepEqual(await problems('server/features/candidates/controller.ts', typeOnly), []);
  });

  it('lets only middleware write res.locals', async () => {
    const write = `export function f(res: { locals: Record<string, unknown> }) {\n  res.locals.user = 1;\n}\n`;
    assert.match((await problems('server/features/campaigns/controller.ts', write)).join(), LOCALS);
    const whole = `export function f(res: { locals: Record<string, unknown> }) {\n  res.locals = {};\n}\n`;
    assert.match((await problems('server/features/campaigns/service.ts', whole)).join(), LOCALS);
    assert.deepEqual(await problems('server/middleware/locals.ts', write), []);
  });
});
