import { createServer } from 'node:http';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { loadFrameworkLibrary } from './framework/load.js';
import { createLogger } from './logger.js';

const started = performance.now();
let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const logger = createLogger(config);
const database = await openDatabase(config.database);
const applied = await migrateToLatest(database.db);
if (applied.length) logger.info({ applied }, 'database migrated');

const frameworks = await loadFrameworkLibrary();
const app = createApp({ config, database, logger, frameworks });
const server = createServer(app);
server.listen(config.port, () => {
  logger.info(
    { url: config.baseUrl, engine: database.engine, startupMs: Math.round(performance.now() - started) },
    `${database.engine === 'pglite' ? 'embedded PostgreSQL (PGlite)' : 'PostgreSQL'}; ready at ${config.baseUrl}`,
  );
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
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
