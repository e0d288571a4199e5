import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../server/db/types.js';
import { autosaveSchema } from '../server/features/scoring/schemas.js';
import { openSheet, saveSheet, scoringContext } from '../server/features/scoring/service.js';
import { actorFor } from '../test/helpers/factories.js';
import { round } from './stats.js';

export type Step = { step: string; calls: number; wallMs: number; cpuMs: number; perAutosave: number };

/**
 * The steps of one autosave, called directly one at a time (no HTTP, no other load): wall and CPU time
 * per call, and how many times the autosave controller makes each call. Uses one member's own sheet,
 * so run it after the load scenarios.
 */
export async function autosaveBreakdown(
  db: Kysely<Database>,
  member: { subject: string; candidateId: string },
  criteria: string[],
  iterations: number,
): Promise<Step[]> {
  const actor = await actorFor(member.subject);
  const ctx = await scoringContext(db, actor, member.candidateId);
  const { content, sheet } = await openSheet(db, actor, ctx);
  let revision = sheet.revision;
  const body = (i: number) => ({
    baseRevision: revision,
    requestId: randomUUID(),
    entries: { [criteria[i % criteria.length]!]: { score: 1 + (i % 7), evidence: `Notes, edit ${i}` } },
  });
  const cached = autosaveSchema(content);

  const steps: Array<[string, number, (i: number) => Promise<unknown>]> = [
    ['scoringContext, with the sheet (1 query)', 1, () => scoringContext(db, actor, member.candidateId)],
    ['openSheet (1 query: its entries)', 0, () => openSheet(db, actor, ctx)],
    [
      'autosaveSchema(content) built, then parsed',
      1,
      (i) => Promise.resolve(autosaveSchema(content).safeParse(body(i))),
    ],
    ['  the same parse with the schema built once', 0, (i) => Promise.resolve(cached.safeParse(body(i)))],
    [
      'saveSheet (lock with entries, then one write, in a transaction)',
      1,
      async (i) => {
        const result = await saveSheet(db, actor, ctx, { ...body(i), submit: false });
        if ('revision' in result) revision = result.revision;
      },
    ],
  ];
  const results: Step[] = [];
  for (const [step, perAutosave, fn] of steps) {
    for (let i = 0; i < 10; i++) await fn(i);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const deadline = t0 + 10_000;
    let calls = 0;
    while (calls < iterations && performance.now() < deadline) await fn(calls++);
    const cpu = process.cpuUsage(cpu0);
    results.push({
      step,
      calls,
      wallMs: round((performance.now() - t0) / calls, 2),
      cpuMs: round((cpu.user + cpu.system) / 1000 / calls, 2),
      perAutosave,
    });
  }
  return results;
}
