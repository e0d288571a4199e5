import assert from 'node:assert/strict';
import request from 'supertest';
import { createApp } from '../../../server/app.js';
import { openDatabase } from '../../../server/db/database.js';
import { createLogger } from '../../../server/logger.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { testConfig, testFrameworks } from '../../helpers/database.js';
import { healthJson } from '../../helpers/json.js';
import { onRealPostgres, withScratchDatabase } from '../../helpers/postgres.js';

describe('health checks', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('GET /health answers while the process is alive', async () => {
    const res = await request(app.baseUrl).get('/health').expect(200).expect('content-type', /json/);
    assert.equal(healthJson(res).status, 'ok');
  });

  it('GET /health/ready is 200 when the database answers and is migrated', async () => {
    const res = await request(app.baseUrl).get('/health/ready').expect(200);
    assert.deepEqual(res.body, { status: 'ready', checks: { database: 'ok', migrations: 'current' } });
  });

  it('GET /health/ready is 503 when the database is unreachable', async () => {
    const config = testConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    const database = await openDatabase(config.database);
    try {
      const unreachable = createApp({
        config,
        database,
        logger: createLogger(config),
        frameworks: await testFrameworks(),
      });
      const res = await request(unreachable).get('/health/ready').expect(503);
      assert.equal(healthJson(res).status, 'not ready');
      assert.equal(healthJson(res).checks?.database, 'unreachable');
      await request(unreachable).get('/health').expect(200);
    } finally {
      await database.close();
    }
  });

  if (onRealPostgres) {
    it('GET /health/ready is 503 while start-up has not migrated the database', async () => {
      await withScratchDatabase(async (url) => {
        const config = testConfig({ DATABASE_URL: url });
        const database = await openDatabase(config.database);
        try {
          const res = await request(
            createApp({
              config,
              database,
              logger: createLogger(config),
              frameworks: await testFrameworks(),
              readiness: { isMigrated: () => false },
            }),
          )
            .get('/health/ready')
            .expect(503);
          assert.deepEqual(healthJson(res).checks, { database: 'ok', migrations: 'pending' });
        } finally {
          await database.close();
        }
      });
    });
  }
});
