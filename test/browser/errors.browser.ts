import assert from 'node:assert/strict';
import signature from 'cookie-signature';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { SESSION_COOKIE } from '../../server/app.js';
import type { DatabaseHandle } from '../../server/db/database.js';
import type { Database } from '../../server/db/types.js';
import { useBrowserHarness } from './harness.js';

/** A database nobody answers at: every query fails at once. */
function unreachableDatabase(): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: 'postgres://nobody@127.0.0.1:9/nowhere',
    connectionTimeoutMillis: 2_000,
  });
  return {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    pool,
    engine: 'postgresql',
    close: () => pool.end(),
  };
}

describe('browser: the page shown when the service fails', () => {
  const { journey } = useBrowserHarness({ deps: { database: unreachableDatabase() } });

  it(
    'apologises and gives a reference to quote',
    journey(async (j, app) => {
      // A signed session cookie makes the app read its session store, which is unreachable.
      await j.context.addCookies([
        {
          name: SESSION_COOKIE,
          value: `s:${signature.sign('a-session', app.config.session.secret)}`,
          url: app.baseUrl,
        },
      ]);
      const response = await j.visit('/');
      assert.equal(response?.status(), 500);
      assert.equal(await j.heading(), 'Sorry, there is a problem with the service');
      assert.match(await j.page.locator('main').innerText(), /quote reference \S+/);
    }),
  );
});
