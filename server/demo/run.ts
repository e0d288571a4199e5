// `npm run demo`: a fresh embedded database with a realistic campaign, then the app on it.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { loadFrameworkLibrary } from '../framework/load.js';
import { seedDemo } from './seed.js';

const DEMO_DIR = './.data-demo';
const environment = { ...process.env, DATA_DIR: DEMO_DIR, DATABASE_URL: '' };
const config = loadConfig(environment);
if (config.env === 'production') throw new Error('The demo never runs in production');

await rm(DEMO_DIR, { recursive: true, force: true });
const handle = await openDatabase(config.database);
try {
  await migrateToLatest(handle.db);
  const { campaignId } = await seedDemo(handle.db, await loadFrameworkLibrary());
  console.log(
    `Demo campaign ready: sign in as Grace Hopper and open ${config.baseUrl}/campaigns/${campaignId}`,
  );
} finally {
  await handle.close();
}

const app = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
  env: environment,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.kill(signal));
app.on('exit', (code) => process.exit(code ?? 0));
