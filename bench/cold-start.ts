import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sleep } from './load.js';

const repoRoot = new URL('..', import.meta.url).pathname;
const READY_TIMEOUT_MS = 60_000;
const POLL_EVERY_MS = 20;

/** Issue #17's targets, from spawning the process to the first 200 from /health/ready. */
export const COLD_START_TARGETS = { newFolderMs: 3000, reopenMs: 1500 } as const;

export type Runtime = 'tsx' | 'compiled';
const COMMANDS: Record<Runtime, { label: string; args: string[] }> = {
  tsx: { label: 'npm start (tsx)', args: ['scripts/start.js'] },
  compiled: { label: 'node dist/server/index.js', args: ['dist/server/index.js'] },
};

type Case = 'first' | 'new' | 'reopen';
const CASES: Record<Case, string> = {
  first: 'first new folder (initdb, migrations, caches the snapshot)',
  new: 'new folder (from the snapshot)',
  reopen: 'reopening a folder',
};

export type ColdStart = {
  runtime: string;
  case: string;
  /** Spawn → first 200 from GET /health/ready, each run, in order. */
  runsMs: number[];
  medianMs: number;
  /** What the app logs as `startupMs` (process start → ready), median. */
  appStartupMs?: number;
  /** The `phases` the app logged on its last run of this case. */
  phases?: Record<string, unknown>;
  targetMs?: number;
  pass?: boolean;
};

/**
 * Starts on PGlite, with each runtime: the first new data folder on a machine (no snapshot cached
 * and, on Node 22, no compiled-code cache yet), then `repeats` times a new folder (unpacked from
 * the snapshot) and that folder reopened. The snapshot and compile caches are scratch folders,
 * so every bench run starts from nothing. The compiled runs use dist/, built first unless
 * BENCH_SKIP_BUILD=1 (CI has just built it).
 */
export async function coldStarts(options: { repeats: number; runtimes?: Runtime[] }): Promise<ColdStart[]> {
  const runtimes = options.runtimes ?? ['tsx', 'compiled'];
  if (runtimes.includes('compiled')) ensureBuild();
  const results: ColdStart[] = [];
  for (const runtime of runtimes) {
    const scratch = await mkdtemp(path.join(tmpdir(), 'panel-bench-cold-'));
    try {
      const env = {
        PGLITE_SNAPSHOT_DIR: path.join(scratch, 'snapshots'),
        NODE_COMPILE_CACHE: path.join(scratch, 'compile-cache'),
      };
      const runs: Record<Case, Run[]> = { first: [], new: [], reopen: [] };
      runs.first.push(await startOnce(runtime, path.join(scratch, 'first'), env));
      for (let i = 0; i < options.repeats; i++) {
        const dataDir = path.join(scratch, `data-${i}`);
        runs.new.push(await startOnce(runtime, dataDir, env));
        runs.reopen.push(await startOnce(runtime, dataDir, env));
      }
      for (const [name, list] of Object.entries(runs) as Array<[Case, Run[]]>) {
        const targetMs =
          name === 'new'
            ? COLD_START_TARGETS.newFolderMs
            : name === 'reopen'
              ? COLD_START_TARGETS.reopenMs
              : undefined;
        const medianMs = median(list.map((r) => r.readyMs));
        const startups = list.flatMap((r) => (r.appStartupMs === undefined ? [] : [r.appStartupMs]));
        results.push({
          runtime: COMMANDS[runtime].label,
          case: CASES[name],
          runsMs: list.map((r) => r.readyMs),
          medianMs,
          appStartupMs: startups.length ? median(startups) : undefined,
          phases: list.at(-1)?.phases,
          targetMs,
          pass: targetMs === undefined ? undefined : medianMs < targetMs,
        });
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  return results;
}

function ensureBuild() {
  if (process.env.BENCH_SKIP_BUILD === '1') {
    if (!existsSync(path.join(repoRoot, 'dist/server/index.js')))
      throw new Error('BENCH_SKIP_BUILD=1 but there is no dist/: run `npm run build` first');
    return;
  }
  execFileSync(process.execPath, ['scripts/build.js'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

type Run = { readyMs: number; appStartupMs?: number; phases?: Record<string, unknown> };

async function startOnce(runtime: Runtime, dataDir: string, extraEnv: Record<string, string>): Promise<Run> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extraEnv,
    NODE_ENV: 'development',
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
  };
  delete env.DATABASE_URL;
  delete env.OIDC_ISSUER;
  delete env.PGLITE_SNAPSHOTS;
  delete env.NODE_DISABLE_COMPILE_CACHE;
  const label = `${COMMANDS[runtime].label}, ${dataDir}`;
  const started = performance.now();
  const child = spawn(process.execPath, COMMANDS[runtime].args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let run: Omit<Run, 'readyMs'> = {};
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
    for (const line of output.split('\n')) {
      if (!line.includes('"startupMs"')) continue;
      try {
        const entry = JSON.parse(line) as { startupMs: number; phases?: Record<string, unknown> };
        run = { appStartupMs: entry.startupMs, phases: entry.phases };
      } catch {
        // a line still being written
      }
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    const readyMs = await waitUntilReady(port, started, () => exited);
    if (readyMs === undefined)
      throw new Error(`${label}: not ready within ${READY_TIMEOUT_MS} ms. Output:\n${output.slice(-4000)}`);
    // The ready line is written just before readiness turns 200; give it a moment to arrive.
    for (let i = 0; i < 50 && run.appStartupMs === undefined; i++) await sleep(10);
    return { readyMs: Math.round(readyMs), ...run };
  } finally {
    await stop(child);
  }
}

async function waitUntilReady(port: number, started: number, exited: () => boolean) {
  const maxPolls = Math.ceil(READY_TIMEOUT_MS / POLL_EVERY_MS);
  for (let i = 0; i < maxPolls && performance.now() - started < READY_TIMEOUT_MS; i++) {
    if (exited()) return undefined;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await sleep(POLL_EVERY_MS);
  }
  return undefined;
}

/** SIGTERM (the app closes PGlite cleanly, so the folder can be reopened), SIGKILL after 15 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
