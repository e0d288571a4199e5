import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sleep } from './load.js';

const repoRoot = new URL('..', import.meta.url).pathname;
const READY_TIMEOUT_MS = 60_000;
const POLL_EVERY_MS = 20;

export type ColdStart = {
  case: string;
  /** From spawning `node --import tsx server/index.ts` to the first 200 from GET /health/ready. */
  readyMs: number;
  /** What the app logs as its own start-up time (from its first line of code to listening). */
  appStartupMs?: number;
};

/** `npm start` on PGlite: a fresh data folder, then the same folder opened again. */
export async function coldStarts(): Promise<ColdStart[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'panel-bench-pglite-'));
  try {
    const fresh = await startOnce('PGlite, fresh data dir (creates and migrates)', dataDir);
    const reopen = await startOnce('PGlite, reopening that data dir', dataDir);
    return [fresh, reopen];
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function startOnce(label: string, dataDir: string): Promise<ColdStart> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
  };
  delete env.DATABASE_URL;
  delete env.OIDC_ISSUER;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let appStartupMs: number | undefined;
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
    for (const line of output.split('\n')) {
      const match = /"startupMs":(\d+)/.exec(line);
      if (match) appStartupMs = Number(match[1]);
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    const readyMs = await waitUntilReady(port, started, () => exited);
    if (readyMs === undefined)
      throw new Error(`${label}: not ready within ${READY_TIMEOUT_MS} ms. Output:\n${output.slice(-4000)}`);
    return { case: label, readyMs: Math.round(readyMs), appStartupMs };
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
