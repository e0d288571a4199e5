import assert from 'node:assert/strict';
import signature from 'cookie-signature';
import { SESSION_COOKIE } from '../../server/app.js';
import { openDatabase, type DatabaseHandle } from '../../server/db/database.js';
import { useBrowserHarness } from './harness.js';

/** A database that answers but was never migrated: reading the session store fails, the service's fault. */
function unmigratedDatabase(): Promise<DatabaseHandle> {
  return openDatabase({ dataDir: 'memory://', poolMax: 1 });
}

const database = await unmigratedDatabase();

describe('browser: the page shown when the service fails', () => {
  const { journey } = useBrowserHarness({ deps: { database } });

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
