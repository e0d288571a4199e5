import { prepareSummary } from '../../server/features/reports/prepared.js';
import { createLogger } from '../../server/logger.js';
import { actorFor } from './factories.js';
import { testConfig, testDatabase } from './database.js';

/** Waits (bounded) until the person's prepared report is no longer being prepared; returns its state. */
export async function waitUntilPrepared(reportId: string, withinMs = 60_000) {
  const { db } = await testDatabase();
  const until = Date.now() + withinMs;
  for (;;) {
    const row = await db
      .selectFrom('prepared_reports')
      .select(['status'])
      .where('id', '=', reportId)
      .executeTakeFirstOrThrow();
    if (row.status !== 'preparing') return row.status;
    if (Date.now() > until) throw new Error(`report ${reportId} still being prepared after ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A campaign summary prepared for this owner, ready to download; returns its id. */
export async function preparedSummaryFor(subject: string, campaignId: string): Promise<string> {
  const { db } = await testDatabase();
  const state = await prepareSummary(db, await actorFor(subject), campaignId, {
    logger: createLogger(testConfig()),
  });
  const status = await waitUntilPrepared(state.id);
  if (status !== 'ready') throw new Error(`the summary was not prepared: ${status}`);
  return state.id;
}
