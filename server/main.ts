/**
 * Start-up. The embedded database opens while the app's modules load (PGlite compiles its
 * WebAssembly off the main thread); the server listens at once and migrates in the background
 * (server/db/startup.ts). The "ready" log line carries each phase in milliseconds, and `startupMs`,
 * the time from the process starting to ready, which `npm run bench` reads.
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateWhenReachable } from './db/startup.js';
import { createLogger } from './logger.js';

const sinceStart = () => Math.round(performance.now());
/** Node itself and the modules start-up needs before anything else (from the process starting). */
const bootMs = sinceStart();
const config = configOrExit();

const logger = createLogger(config);
for (const warning of config.warnings) logger.warn(warning);

let databaseMs = 0;
const opening = (async () => {
  const started = performance.now();
  const handle = await openDatabase(config.database, (err) =>
    logger.warn({ err }, 'a database connection closed; the pool will reconnect'),
  );
  databaseMs = Math.round(performance.now() - started);
  return handle;
})();
opening.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled

const loading = performance.now();
let frameworksMs = 0;
const [{ createApp }, , { createHttpServer }, { runRetention }, frameworks] = await Promise.all([
  import('./app.js'),
  // Only without a real identity provider: the development one signs with a key made at start-up.
  config.oidc ? undefined : import('./auth/dev-provider.js').then((m) => m.prepareDevSigningKey()),
  import('./http-server.js'),
  import('./features/retention/service.js'),
  import('./framework/load.js').then(async ({ loadFrameworkLibrary }) => {
    const started = performance.now();
    const library = await loadFrameworkLibrary();
    frameworksMs = Math.round(performance.now() - started);
    return library;
  }),
]);
/** The app's modules and the framework library, loaded side by side (frameworksMs is part of it). */
const appLoadMs = Math.round(performance.now() - loading);

const database = await opening;
// The app answers at once (liveness, and 503 pages) and migrates when the database is reachable.
const startup = migrateWhenReachable(database, logger);
// Ready once migrated and the published framework editions are in the library, so no campaign is
// built from the shipped edition when a newer one has been published.
let editionsLoaded = false;
const ready = startup.migrated.then(async (applied) => {
  const { loadPublishedEditions } = await import('./features/editions/service.js');
  const published = await loadPublishedEditions(database.db, frameworks);
  if (published > 0)
    logger.info({ published, default: frameworks.ddatEdition().id }, 'framework editions loaded');
  editionsLoaded = true;
  return applied;
});
const readiness = { isMigrated: () => editionsLoaded && startup.isMigrated() };
const app = createApp({ config, database, logger, frameworks, readiness });
const server = createHttpServer(config.http, app);
let listeningMs: number | undefined;
server.listen(config.port, () => {
  listeningMs = sinceStart();
  logger.info(
    { url: config.baseUrl, engine: database.engine, listeningMs },
    `listening at ${config.baseUrl}`,
  );
});

let retentionTimer: NodeJS.Timeout | undefined;
ready.then(
  (applied) => {
    if (applied.length) logger.info({ applied }, 'database migrated');
    logger.info(
      {
        engine: database.engine,
        startupMs: sinceStart(),
        // CPU time of every thread so far: unlike startupMs, hardly changed by other work on the machine.
        cpuMs: cpuMs(),
        phases: {
          database: database.origin,
          bootMs,
          appLoadMs,
          frameworksMs,
          databaseMs,
          listeningMs,
          migrations: applied.length,
          ...startup.timings,
        },
      },
      `${database.engine === 'pglite' ? 'embedded PostgreSQL (PGlite)' : 'PostgreSQL'}; ready at ${config.baseUrl}`,
    );
    void retention();
    retentionTimer = setInterval(() => void retention(), 24 * 60 * 60 * 1000);
    retentionTimer.unref();
  },
  (err: unknown) => {
    if (stopping) return;
    logger.fatal({ err }, 'database migration (or loading the framework editions) failed');
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
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  startup.stop();
  clearInterval(retentionTimer);
  logger.info({ signal }, 'shutting down');
  const forced = setTimeout(() => process.exit(1), 10_000);
  forced.unref();
  server.close(() => void closeAndExit());
  server.closeIdleConnections();
}
/** Once the server has stopped taking requests: the pool closes, then the process ends. */
async function closeAndExit() {
  await database.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
}

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
