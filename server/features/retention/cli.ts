import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrator.js';
import { runRetention } from './service.js';

const config = loadConfig();
const handle = await openDatabase(config.database);
try {
  await migrateToLatest(handle.db);
  const result = await runRetention(handle.db, { now: new Date(), retentionMonths: config.retentionMonths });
  console.log(
    result.skipped
      ? 'Another instance is running the retention job; nothing done.'
      : `Erased personal data of ${result.candidates} candidate(s) in ${result.campaigns} campaign(s) closed more than ${config.retentionMonths} months ago.`,
  );
} finally {
  await handle.close();
}
