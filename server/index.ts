import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateWhenReachable } from './db/startup.js';
import { loadFrameworkLibrary } from './framework/load.js';
import { createHttpServer } from './http-server.js';
import { createLogger } from './logger.js';
import { runRetention } from './features/retention/service.js';

const started = performance.now();
const config = configOrExit();

const logger = createLogger(config);
for (const warning of config.warnings) logger.warn(warning);
const database = await openDatabase(config.database, (err) =>
  logger.warn({ err }, 'a database connection closed; the pool will reconnect'),
);
// The app answers at once (liveness, and 503 pages) and migrates when the database is reachable.
const startup = migrateWhenReachable(database, logger);

const frameworks = await loadFrameworkLibrary();
const app = createApp({ config, database, logger, frameworks, readiness: startup });
const server = createHttpServer(config.http, app);
server.listen(config.port, () => {
  logger.info(
    { url: config.baseUrl, engine: database.engine, listeningMs: Math.round(performance.now() - started) },
    `listening at ${config.baseUrl}`,
  );
});

let retentionTimer: NodeJS.Timeout | undefined;
startup.migrated.then(
  (applied) => {
    if (applied.length) logger.info({ applied }, 'database migrated');
    logger.info(
      { engine: database.engine, startupMs: Math.round(performance.now() - started) },
      `${database.engine === 'pglite' ? 'embedded PostgreSQL (PGlite)' : 'PostgreSQL'}; ready at ${config.baseUrl}`,
    );
    void retention();
    retentionTimer = setInterval(() => void retention(), 24 * 60 * 60 * 1000);
    retentionTimer.unref();
  },
  (err: unknown) => {
    if (stopping) return;
    logger.fatal({ err }, 'database migration failed');
    process.exit(1);
  },
);

// Personal data past its retention period is erased at start-up and then daily.
async function retention() {
  try {
    const result = await runRetention(database.db, {
      now: new Date(),
      retentionMonths: config.retentionMonths,
    });
    if (!result.skipped && result.candidates > 0) logger.info(result, 'retention: personal data erased');
  } catch (err) {
    logger.error({ err }, 'retention job failed');
  }
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  startup.stop();
  clearInterval(retentionTimer);
  logger.info({ signal }, 'shutting down');
  const forced = setTimeout(() => process.exit(1), 10_000);
  forced.unref();
  server.close(async () => {
    await database.close();
    logger.info('stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
