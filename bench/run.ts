/**
 * npm run bench — cold start on PGlite, then autosave latency and throughput on real PostgreSQL beside a
 * bare Express route on the same pool. BENCH_SCALE=short for CI; BENCH_STRICT=1 to fail on a missed target.
 * Everything talks to 127.0.0.1 only; every loop is bounded in both count and time.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { autosaveRig, withScratchDatabase } from './autosave.js';
import { autosaveBreakdown } from './breakdown.js';
import { coldStarts, type ColdStart } from './cold-start.js';
import { startCpuProfile, summariseProfile } from './cpu-profile.js';
import { localClient, runLoad, type LoadOptions, type LoadResult, type Member } from './load.js';
import { QueryProfile } from './query-profile.js';
import { reportsBench, type ReportTiming } from './reports.js';
import { faultBench, type FaultReport } from './faults.js';
import { testDatabase } from '../test/helpers/database.js';
import { round, table } from './stats.js';

const TARGET_P99_MS = 25;
const TARGET_RATIO = 0.5;

const SCALES = {
  full: {
    members: 200,
    warmupMs: 3_000,
    durationMs: 20_000,
    maxRequests: 200_000,
    profileRequests: 300,
    breakdownCalls: 300,
    pacedMs: 2_000,
    pacedDurationMs: 15_000,
  },
  short: {
    members: 24,
    warmupMs: 1_000,
    durationMs: 3_000,
    maxRequests: 30_000,
    profileRequests: 50,
    breakdownCalls: 100,
    pacedMs: 1_000,
    pacedDurationMs: 3_000,
  },
} as const;

type Scale = keyof typeof SCALES;

const scaleName = (process.env.BENCH_SCALE ?? 'full') as Scale;
if (!(scaleName in SCALES)) {
  console.error(`BENCH_SCALE must be "full" or "short", not "${process.env.BENCH_SCALE}"`);
  process.exit(2);
}
const scale = SCALES[scaleName];
const strict = process.env.BENCH_STRICT === '1';
const cpuProfile = process.env.BENCH_CPU_PROFILE === '1';
const only = process.env.BENCH_ONLY; // 'cold', 'autosave', 'reports' or 'faults', to run one part while investigating
const databaseUrl = process.env.DATABASE_URL;
const repoRoot = new URL('..', import.meta.url).pathname;
const resultsDir = path.join(repoRoot, 'test-results/bench');

let stopping = false;
process.once('SIGINT', () => {
  stopping = true;
  console.error('\nStopping: finishing the current phase, then dropping the scratch database…');
});

const log = (line: string) => console.log(line);
const cores = os.availableParallelism();
const loadBefore = os.loadavg().map((n) => round(n, 2));
const benchStarted = performance.now();

log(`npm run bench — scale ${scaleName}, ${cores} CPU cores, Node ${process.version}`);
log(`Load average before: ${loadBefore.join(' ')} (other work on this machine skews every figure).`);
log(
  only === 'faults'
    ? 'The fault bench runs the app as a process of its own; it, the load client and PostgreSQL share the cores.'
    : 'The load client runs in the same process as the app, and PostgreSQL on the same machine: all share the cores.',
);

let cold: ColdStart[] = [];
if (!only || only === 'cold') {
  const repeats = scaleName === 'full' ? 5 : 3;
  log(
    `\n== Cold start to ready on PGlite, tsx and compiled (median of ${repeats} runs; the first folder once)`,
  );
  cold = await coldStarts({ repeats });
  log(
    table(
      ['runtime', 'case', 'spawn→ready ms (median)', 'runs ms', 'app startupMs', 'target'],
      cold.map((c) => [
        c.runtime,
        c.case,
        c.medianMs,
        c.runsMs.join(' '),
        c.appStartupMs ?? '?',
        c.targetMs === undefined ? '' : `< ${c.targetMs} ${c.pass ? 'met' : 'MISSED'}`,
      ]),
    ),
  );
  for (const c of cold) log(`  phases, ${c.runtime}, ${c.case}: ${JSON.stringify(c.phases ?? {})}`);
}

let load: Awaited<ReturnType<typeof autosaveBench>> | undefined;
let reports: ReportTiming[] | undefined;
if (only === 'cold' || only === 'faults') {
  log(`\n== Autosave: skipped (BENCH_ONLY=${only})`);
} else if (!databaseUrl) {
  log('\n== Autosave: skipped (set DATABASE_URL to a PostgreSQL server on 127.0.0.1 to run it)');
} else {
  load = await withScratchDatabase(databaseUrl, async (scratchUrl) => {
    // The test helpers open the database DATABASE_URL names: point them at the scratch one.
    process.env.DATABASE_URL = scratchUrl;
    // Reports first: the autosave rig closes the shared test database handle when it finishes.
    try {
      if (!only || only === 'reports') reports = await reportsBench(scaleName === 'full' ? 1000 : 100, log);
    } catch (err) {
      await closeSharedDatabase();
      throw err;
    }
    if (only === 'reports') {
      await closeSharedDatabase();
      return undefined;
    }
    return autosaveBench();
  });
}
if (reports) printReports(reports);

// Last: it runs the app as a process of its own, on a PostgreSQL cluster of its own (see bench/faults.ts).
let faults: FaultReport | { skipped: string } | undefined;
if (!only || only === 'faults') {
  faults = await faultBench({
    scale: scaleName,
    databaseUrl,
    log,
    shouldStop: () => stopping,
    cpuProfileDir: cpuProfile ? path.join(resultsDir, 'faults-app') : undefined,
  });
}
const faultReport = faults && 'pass' in faults ? faults : undefined;

const verdict = load && judge(load.autosave, load.bare, [load.autosave, load.bare, load.paced, load.floor]);
if (load && verdict) printResults(load, verdict);

const loadAfter = os.loadavg().map((n) => round(n, 2));
const report = {
  when: new Date().toISOString(),
  scale: scaleName,
  machine: {
    cores,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
    clientAppAndPostgresShareTheMachine: true,
  },
  postgres: load?.postgresVersion,
  targets: { p99Ms: TARGET_P99_MS, throughputRatio: TARGET_RATIO },
  coldStart: cold,
  autosave: load
    ? {
        members: scale.members,
        poolMax: load.poolMax,
        scenarios: load.rows,
        ratio: verdict?.ratio,
        verdict,
        queries: load.profile,
        steps: load.steps,
        cpuProfile: load.cpu,
      }
    : 'skipped',
  reports: reports ?? 'skipped',
  faults: faults ?? 'skipped',
  totalSeconds: round((performance.now() - benchStarted) / 1000),
};
await mkdir(resultsDir, { recursive: true });
await writeFile(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
log(`\nLoad average after: ${loadAfter.join(' ')}`);
log(`Written to test-results/bench/latest.json; ${report.totalSeconds} s in all.`);

// Wrong answers always fail the run; missed targets only with BENCH_STRICT=1.
if (verdict && !verdict.errorsPass) process.exitCode = 1;
if (verdict && strict && (!verdict.p99Pass || !verdict.ratioPass)) process.exitCode = 1;
if (strict && !verdict && !faultReport && only !== 'cold') process.exitCode = 1;
if (strict && cold.some((c) => c.pass === false)) process.exitCode = 1;
// A lost save, an app process that died or a wrong answer always fails; slow recovery or /health only when strict.
if (faultReport && (!faultReport.pass.lost || !faultReport.pass.exits || !faultReport.pass.unexpected))
  process.exitCode = 1;
if (faultReport && strict && (!faultReport.pass.recovery || !faultReport.pass.health)) process.exitCode = 1;
// Keep-alive sockets and pg timers must not hold the process open.
setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();

type Verdict = ReturnType<typeof judge>;

function judge(autosave: LoadResult, bare: LoadResult, all: LoadResult[]) {
  const ratio = round(autosave.reqPerSec / bare.reqPerSec, 2);
  return {
    ratio,
    p99Pass: autosave.p99 < TARGET_P99_MS,
    ratioPass: ratio >= TARGET_RATIO,
    errors: all.reduce((sum, r) => sum + r.errors, 0),
    errorsPass: all.every((r) => r.errors === 0),
  };
}

async function autosaveBench() {
  log(`\n== Autosave on PostgreSQL (a scratch database), ${scale.members} panel members`);
  const rig = await autosaveRig(scale.members, log);
  const queries = new QueryProfile();
  try {
    const version = await sql<{ server_version: string }>`show server_version`.execute(rig.app.database.db);
    const sockets = scale.members + 10;
    // A fresh keep-alive client per scenario, so no socket the server has meanwhile closed is reused.
    const run = async (
      port: number,
      members: (client: ReturnType<typeof localClient>) => Member[],
      options: Omit<LoadOptions, 'members' | 'maxRequests'> & { maxRequests?: number; first?: number },
    ) => {
      const client = localClient(port, sockets);
      try {
        const all = members(client);
        return await runLoad({
          maxRequests: scale.maxRequests,
          shouldStop: () => stopping,
          sample: rig.poolWaiting,
          ...options,
          members: options.first ? all.slice(0, options.first) : all,
        });
      } finally {
        client.close();
      }
    };

    log(`  warming up (${scale.warmupMs} ms each)`);
    await run(rig.port, rig.autosaveMembers, { scenario: 'warm-up', durationMs: scale.warmupMs });
    await run(rig.bare.port, rig.bare.members, { scenario: 'warm-up', durationMs: scale.warmupMs });

    log(`  autosave: one member, one request at a time (${scale.profileRequests}), timing each query`);
    queries.install();
    queries.start();
    const sequential = await run(rig.port, rig.autosaveMembers, {
      scenario: 'autosave, one at a time',
      durationMs: 30_000,
      maxRequests: scale.profileRequests,
      first: 1,
    });
    queries.stop();
    queries.uninstall();

    log(`  autosave: closed loop, ${scale.members} members, ${scale.durationMs} ms`);
    const stopCpuProfile = cpuProfile ? await startCpuProfile() : undefined;
    const autosave = await run(rig.port, rig.autosaveMembers, {
      scenario: 'autosave, closed loop',
      durationMs: scale.durationMs,
    });
    let cpu: ReturnType<typeof summariseProfile> | undefined;
    if (stopCpuProfile) {
      const recorded = await stopCpuProfile();
      await mkdir(resultsDir, { recursive: true });
      await writeFile(path.join(resultsDir, 'autosave.cpuprofile'), JSON.stringify(recorded));
      cpu = summariseProfile(recorded);
    }

    log(`  bare route: closed loop, ${scale.members} members, ${scale.durationMs} ms`);
    const bare = await run(rig.bare.port, rig.bare.members, {
      scenario: 'bare route (the limit), closed loop',
      durationMs: scale.durationMs,
    });

    log(`  signed-in floor: closed loop, ${scale.members} members, ${scale.durationMs} ms`);
    const floor = await run(rig.port, rig.floorMembers, {
      scenario: 'signed-in floor (JSON 404), closed loop',
      durationMs: scale.durationMs,
      expected: (status) => status === '404',
    });

    log(`  autosave: paced, one save per member every ${scale.pacedMs} ms, ${scale.pacedDurationMs} ms`);
    const paced = await run(rig.port, rig.autosaveMembers, {
      scenario: `autosave, paced (1 per ${scale.pacedMs} ms each)`,
      durationMs: scale.pacedDurationMs,
      paceMs: scale.pacedMs,
    });

    log(`  autosave's steps called directly, one at a time (${scale.breakdownCalls} calls each)`);
    const member = rig.panelists[rig.panelists.length - 1]!;
    const steps = await autosaveBreakdown(rig.app.database.db, member, rig.criteria, scale.breakdownCalls);

    return {
      steps,
      postgresVersion: version.rows[0]?.server_version,
      poolMax: rig.poolMax,
      autosave,
      bare,
      floor,
      paced,
      sequential,
      rows: [autosave, bare, floor, paced, sequential],
      profile: queries.report(sequential.requests),
      cpu,
    };
  } finally {
    queries.uninstall();
    await rig.close();
  }
}

function printResults(load: NonNullable<Awaited<ReturnType<typeof autosaveBench>>>, verdict: Verdict) {
  log(`\n== Results (PostgreSQL ${load.postgresVersion}, pool of ${load.poolMax} connections)`);
  log(
    table(
      [
        'scenario',
        'members',
        'requests',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'max ms',
        'req/s',
        'errors',
        'CPU ms/req node+pg',
        'pool queue',
      ],
      load.rows.map((r) => [
        r.scenario,
        r.concurrency,
        r.requests,
        r.p50,
        r.p95,
        r.p99,
        r.max,
        r.reqPerSec,
        r.errors,
        r.cpuMsPerRequest ? `${r.cpuMsPerRequest.node} + ${r.cpuMsPerRequest.postgres}` : '',
        r.sampled ? `${r.sampled.mean} (max ${r.sampled.max})` : '',
      ]),
    ),
  );
  log(`\nautosave/bare throughput: ${verdict.ratio}`);
  log(
    `${verdict.p99Pass ? 'PASS' : 'FAIL'}  autosave p99 ${load.autosave.p99} ms < ${TARGET_P99_MS} ms (closed loop, ${load.autosave.concurrency} members)`,
  );
  log(`${verdict.ratioPass ? 'PASS' : 'FAIL'}  autosave/bare throughput ${verdict.ratio} ≥ ${TARGET_RATIO}`);
  log(`${verdict.errorsPass ? 'PASS' : 'FAIL'}  no unexpected answers (${verdict.errors} seen)`);
  const needed = Math.round((load.autosave.concurrency * 1000) / TARGET_P99_MS);
  log(
    `Note: with ${load.autosave.concurrency} requests always in flight, a p99 under ${TARGET_P99_MS} ms needs more than ${needed} req/s (Little's law); the paced row is the latency at a steadier save rate.`,
  );

  log('\n== Where an autosave spends its time (one member, one request at a time)');
  log(
    `${load.profile.queriesPerRequest} queries per autosave; ${load.profile.dbMsPerRequest} ms per autosave waiting on them, of ${load.sequential.mean} ms for the whole request (mean)`,
  );
  log(
    table(
      ['query', 'per req', 'mean ms', 'ms/req'],
      load.profile.rows.map((r) => [r.query, r.perRequest, r.meanMs, r.msPerRequest]),
    ),
  );
  log('\n== The steps of an autosave, called directly (no HTTP), one at a time');
  log(
    table(
      ['step', 'calls', 'wall ms', 'CPU ms', 'per autosave'],
      load.steps.map((s) => [s.step, s.calls, s.wallMs, s.cpuMs, s.perAutosave]),
    ),
  );
  if (load.cpu) {
    const cpu = load.cpu;
    log(`\n== CPU profile of this process during the closed-loop autosave (${cpu.samples} samples)`);
    log(
      table(
        ['self time in', '%', 'on the stack (inclusive)', '%'],
        cpu.self.map((s, i) => [
          s.where,
          s.percent,
          cpu.inclusive[i]?.where ?? '',
          cpu.inclusive[i]?.percent ?? '',
        ]),
      ),
    );
    log('Full profile: test-results/bench/autosave.cpuprofile (open it in Chrome DevTools).');
  }
}

function printReports(rows: ReportTiming[]) {
  log('');
  log(
    table(
      ['scenario', 'runs', 'p50 ms', 'max ms', 'peak RSS +MB'],
      rows.map((r) => [r.scenario, r.runs, r.p50, r.max, r.peakRssMb ?? '']),
    ),
  );
  const outcome = rows.find((r) => r.scenario.startsWith('candidate outcome PDF'));
  const summary = rows.find((r) => r.scenario.startsWith('campaign summary PDF'));
  if (outcome)
    log(`${outcome.p50 < 60 ? 'PASS' : 'FAIL'}  candidate outcome PDF p50 ${outcome.p50} ms < 60 ms`);
  if (summary && scaleName === 'full') {
    log(
      `${summary.p50 < 3000 ? 'PASS' : 'FAIL'}  campaign summary PDF (1,000 candidates) p50 ${summary.p50} ms < 3,000 ms`,
    );
    log(
      `${(summary.peakRssMb ?? 0) < 200 ? 'PASS' : 'FAIL'}  campaign summary PDF peak memory +${summary.peakRssMb} MB < 200 MB`,
    );
  }
}

/** Closes the test helpers' database before the scratch database is dropped under it. */
async function closeSharedDatabase() {
  const handle = await testDatabase();
  // A connection still saying goodbye when the database is dropped reports it: that is expected here.
  handle.pool.on('error', () => {});
  await handle.close();
}
