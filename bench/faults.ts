/**
 * The fault bench (BENCH_ONLY=faults): the app runs as its own process (`node --import tsx
 * server/index.ts`, as `npm start` does) against a PostgreSQL cluster this bench creates on a port of
 * its own, while 50 panel members autosave about once a second each. The cluster is restarted (fast,
 * then immediate: a crash) and every backend of the app's database is terminated. Afterwards the
 * database is read back and compared with every save the app acknowledged.
 *
 * Then /health is timed while the summary of a 10,000-candidate campaign is prepared (2,000 in the short
 * form), beside a bare Node server in a process of its own as the control.
 *
 * The app runs with NODE_ENV=test: development, but with templates compiled once (see AppProcess.start).
 *
 * People sign in through the real OIDC flow. A separate app process only knows the six standard
 * development people, so this bench runs the development identity provider itself (in this process,
 * with 50 people of its own) and the app is configured for it as for any external provider (OIDC_*).
 * Each person signs in from their own loopback address (127.0.0.x), as people on their own machines
 * would, so the sign-in rate limit (per address) is not what is measured.
 *
 * Without Debian's PostgreSQL tools (pg_createcluster), the bench says so and only terminates
 * backends, of a scratch database on DATABASE_URL's server, the app's connections being told apart
 * by application_name. The cluster is always dropped at the end, also after a failure or Ctrl-C.
 */
import { execFile as execFileCb, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import express from 'express';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { DEV_CLIENT_ID, DEV_SCOPE, createDevIdentityProvider } from '../server/auth/dev-provider.js';
import { DevelopmentUserDirectory } from '../server/auth/dev-users.js';
import { SESSION_COOKIE } from '../server/app.js';
import { openDatabase, type DatabaseHandle } from '../server/db/database.js';
import type { Database } from '../server/db/types.js';
import { effectiveRoles } from '../server/domain/roles.js';
import { findUserBySubject } from '../server/features/users/repository.js';
import { testConfig, testFrameworks, uniqueSuffix } from '../test/helpers/database.js';
import { csrfTokenFrom, parse } from '../test/helpers/html.js';
import { mapLimit, sleep } from './load.js';
import { DOWNLOAD_LINK, publishedBenchCampaign, seedFinalisedCampaign } from './reports.js';
import { percentile, round, table } from './stats.js';

const execFile = promisify(execFileCb);
const repoRoot = new URL('..', import.meta.url).pathname;

export const FAULT_SCALES = {
  full: { members: 50, steadyMs: 6_000, rounds: 2, summaryCandidates: 10_000, idleHealthMs: 5_000 },
  short: { members: 50, steadyMs: 2_500, rounds: 1, summaryCandidates: 2_000, idleHealthMs: 2_000 },
} as const;

/** A save refused (503) or not answered is sent again, with the same request id, after this long. */
const RETRY_MS = 200;
/** A save still not acknowledged after this long is given up (counted, never as lost). */
const GIVE_UP_MS = 60_000;
const SAVE_EVERY_MS = 1_000;
const TARGET_RECOVERY_S = 5;
const TARGET_HEALTH_P99_MS = 50;
const HEALTH_EVERY_MS = 20;
const APP_NAME = `panel-bench-app-${process.pid}`;
const PANEL_ROLES = ['chair', 'member', 'member', 'independent'] as const;

export type FaultRow = {
  fault: string;
  commandMs: number;
  refused: number;
  refusingForS: number;
  firstAckAfterRefusalS: number | null;
  everyMemberS: number;
  longestWaitS: number;
};

export type FaultReport = {
  database: string;
  members: number;
  acknowledged: number;
  lost: number;
  unavailable503: number;
  networkErrors: number;
  unexpected: Record<string, number>;
  gaveUp: number;
  processExits: number;
  retryAfterSeen: string[];
  faults: FaultRow[];
  health?: HealthReport;
  pass: { lost: boolean; exits: boolean; unexpected: boolean; recovery: boolean; health: boolean };
};

export type HealthReport = {
  candidates: number;
  seedS: number;
  idle: { app: HealthStats; bare: HealthStats };
  preparing: { app: HealthStats; bare: HealthStats };
  preparedS: number;
  downloadedS: number;
  pdfKb: number;
};

type HealthStats = {
  requests: number;
  p50: number;
  p99: number;
  max: number;
  failed: number;
  /** The slowest answers of 50 ms or more: [seconds after the summary was asked for, ms]. */
  slow: Array<[number, number]>;
};

type Log = (line: string) => void;

// ---------------------------------------------------------------------------------------------------
// Where the database comes from: a cluster of our own, or a scratch database on a shared server.

type Fault = { name: string; run: () => Promise<void> };

type Target = {
  description: string;
  /** The app's DATABASE_URL: its connections are named, so that only they are terminated. */
  appUrl: string;
  /** For this process: seeding and reading back. */
  benchUrl: string;
  faults: Fault[];
  close: () => Promise<void>;
  /** For an exit handler: synchronous, best effort. */
  closeSync: () => void;
};

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Why a cluster of our own cannot be made here, or undefined when it can. */
function clusterToolsMissing(): string | undefined {
  for (const tool of ['pg_createcluster', 'pg_ctlcluster', 'pg_dropcluster'])
    if (!existsSync(`/usr/bin/${tool}`)) return `/usr/bin/${tool} is missing (Debian's postgresql-common)`;
  if (!postgresVersion()) return 'no PostgreSQL server binaries under /usr/lib/postgresql';
  if (process.getuid?.() !== 0)
    return 'pg_createcluster needs root (to write /etc/postgresql) and this is not';
  return undefined;
}

function postgresVersion(): string | undefined {
  if (!existsSync('/usr/lib/postgresql')) return undefined;
  return readdirSync('/usr/lib/postgresql')
    .filter((v) => /^\d+$/.test(v) && existsSync(`/usr/lib/postgresql/${v}/bin/postgres`))
    .sort((a, b) => Number(b) - Number(a))[0];
}

async function ownCluster(log: Log): Promise<Target> {
  const version = postgresVersion()!;
  const name = `bench_faults_${process.pid}`;
  let port = await freePort();
  while (port === 5432 || existsSync(`/var/run/postgresql/.s.PGSQL.${port}`)) port = await freePort();
  const ctl = (action: string, ...options: string[]) =>
    execFile('pg_ctlcluster', ['--skip-systemctl-redirect', ...options, version, name, action]);
  let created = false;
  const closeSync = () => {
    if (!created) return;
    created = false;
    try {
      execFileSync('pg_dropcluster', ['--stop', version, name], { stdio: 'ignore' });
    } catch {
      // Reported by close(); nothing more to do on the way out.
    }
  };
  const started = performance.now();
  try {
    created = true;
    await execFile('pg_createcluster', [
      version,
      name,
      '-p',
      String(port),
      '--start-conf=manual',
      '--',
      '--auth=trust',
    ]);
    // Only this machine, no password: it is a throwaway cluster with nothing in it but bench data.
    writeFileSync(
      `/etc/postgresql/${version}/${name}/pg_hba.conf`,
      'local all all trust\nhost all all 127.0.0.1/32 trust\n',
    );
    await ctl('start');
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query('create database panel_bench');
    await admin.end();
  } catch (err) {
    closeSync();
    throw err;
  }
  log(
    `  PostgreSQL ${version} cluster ${name} created on 127.0.0.1:${port} in ${round((performance.now() - started) / 1000, 1)} s (dropped at the end)`,
  );
  const url = `postgres://postgres@127.0.0.1:${port}/panel_bench`;
  const restart = (mode: string) => async () => {
    await ctl('restart', '-m', mode);
  };
  return {
    description: `own PostgreSQL ${version} cluster on 127.0.0.1:${port}`,
    appUrl: `${url}?application_name=${APP_NAME}`,
    benchUrl: `${url}?application_name=panel-bench-seed`,
    faults: [
      { name: 'restart -m fast', run: restart('fast') },
      { name: 'restart -m immediate (a crash)', run: restart('immediate') },
      {
        name: "terminate every backend of the app's database",
        run: () => terminate(`postgres://postgres@127.0.0.1:${port}/postgres`, `datname = 'panel_bench'`),
      },
    ],
    close: async () => {
      if (!created) return;
      created = false;
      await execFile('pg_dropcluster', ['--stop', version, name]);
    },
    closeSync,
  };
}

async function terminate(adminUrl: string, where: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where pid <> pg_backend_pid() and ${where}`,
    );
  } finally {
    await admin.end();
  }
}

async function scratchDatabase(baseUrl: string): Promise<Target> {
  const base = new URL(baseUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname))
    throw new Error(`The bench only talks to a PostgreSQL server on 127.0.0.1, not ${base.hostname}`);
  const name = `bench_faults_${uniqueSuffix()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const named = (application: string) => {
    const u = new URL(url);
    u.searchParams.set('application_name', application);
    return u.toString();
  };
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
  const kill = (): Promise<void> => terminate(baseUrl, `application_name = '${APP_NAME}'`);
  return {
    description: `scratch database ${name} on ${base.host} (only the app's own backends are terminated)`,
    appUrl: named(APP_NAME),
    benchUrl: named('panel-bench-seed'),
    faults: [
      { name: "terminate the app's backends", run: kill },
      { name: "terminate the app's backends again", run: kill },
      { name: "terminate the app's backends a third time", run: kill },
    ],
    close: drop,
    closeSync: () => {
      if (dropped) return;
      try {
        execFileSync('psql', [baseUrl, '-c', `drop database if exists ${name} with (force)`], {
          stdio: 'ignore',
        });
      } catch {
        // Best effort on the way out.
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// A small browser: cookies per origin, redirects followed by hand, an address of its own.

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

function send(
  url: URL,
  method: string,
  options: { headers?: Record<string, string>; body?: string; agent?: http.Agent; localAddress?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent: options.agent ?? false,
        localAddress: options.localAddress,
        timeout: 30_000,
        headers: {
          ...(options.body !== undefined
            ? { 'content-length': String(Buffer.byteLength(options.body)) }
            : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', reject);
    req.end(options.body);
  });
}

class Browser {
  readonly #jars = new Map<string, Map<string, string>>();
  constructor(readonly localAddress?: string) {}

  cookieHeader(url: URL): string {
    return [...(this.#jars.get(url.host) ?? new Map<string, string>())]
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  }

  cookie(url: URL, name: string): string | undefined {
    return this.#jars.get(url.host)?.get(name);
  }

  async request(url: URL, method = 'GET', form?: Record<string, string>): Promise<Answer> {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const answer = await send(url, method, {
      localAddress: this.localAddress,
      body,
      headers: {
        cookie: this.cookieHeader(url),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
    });
    const jar = this.#jars.get(url.host) ?? new Map<string, string>();
    this.#jars.set(url.host, jar);
    for (const line of answer.headers['set-cookie'] ?? []) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => {
        const [k = '', v = ''] = a.split('=').map((s) => s.trim());
        if (k.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (k.toLowerCase() === 'expires') return Date.parse(v) <= Date.now();
        return false;
      });
      if (!value || expired) jar.delete(name);
      else jar.set(name, value);
    }
    return answer;
  }

  /** app → provider → its sign-in page (answered with the subject) → provider → the app's callback. */
  async signIn(appBase: string, subject: string): Promise<void> {
    let url = new URL('/auth/sign-in', appBase);
    let answer = await this.request(url);
    for (let hop = 0; hop < 12; hop += 1) {
      const location = answer.headers.location;
      if (answer.status < 300 || answer.status >= 400 || !location) break;
      if (url.pathname === '/auth/callback') {
        if (!this.cookie(url, SESSION_COOKIE)) break;
        return;
      }
      url = new URL(location, url);
      answer = url.pathname.startsWith('/dev-sign-in/')
        ? await this.request(url, 'POST', { subject })
        : await this.request(url);
    }
    throw new Error(
      `sign-in as ${subject} stopped at ${url.pathname}: ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// The app, as its own process.

class AppProcess {
  exits = 0;
  readonly exitsSeen: string[] = [];
  readonly lastLines: string[] = [];
  lines = 0;
  #child: ChildProcess | undefined;
  #stopping = false;

  constructor(readonly port: number) {}

  get baseUrl() {
    return `http://127.0.0.1:${this.port}`;
  }

  start(env: Record<string, string>, nodeOptions: string[] = []) {
    const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', 'server/index.ts'], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: Ctrl-C in the terminal reaches the bench, which stops the app itself.
      detached: true,
    });
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        this.lines += 1;
        this.lastLines.push(line.slice(0, 400));
        if (this.lastLines.length > 20) this.lastLines.shift();
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => {
      if (this.#stopping) return;
      this.exits += 1;
      this.exitsSeen.push(`code ${code} signal ${signal}`);
    });
    this.#child = child;
  }

  get alive() {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  async waitUntilReady(withinMs: number) {
    const until = Date.now() + withinMs;
    for (;;) {
      if (!this.alive) throw new Error(`the app exited while starting:\n${this.lastLines.join('\n')}`);
      const answer = await send(new URL('/health/ready', this.baseUrl), 'GET', {}).catch(() => undefined);
      if (answer?.status === 200) return;
      if (Date.now() > until) throw new Error(`the app was not ready within ${withinMs} ms`);
      await sleep(100);
    }
  }

  async stop() {
    const child = this.#child;
    if (!child || !this.alive) return;
    this.#stopping = true;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  killSync() {
    if (this.alive) {
      this.#stopping = true;
      this.#child?.kill('SIGKILL');
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Panel members saving.

type Ack = { member: number; sentAt: number; at: number; refusedFirst: boolean };

type Saver = {
  index: number;
  subject: string;
  candidateId: string;
  cookie: string;
  csrf: string;
  revision: number;
  edits: number;
  /** Per criterion, the last text the app acknowledged, and any sent since (which may also be stored). */
  acknowledged: Map<string, string>;
  sentSince: Map<string, string[]>;
  lastAckSentAt: number;
};

class Savers {
  readonly acks: Ack[] = [];
  readonly refusals: number[] = [];
  unavailable = 0;
  networkErrors = 0;
  gaveUp = 0;
  readonly unexpected: Record<string, number> = {};
  readonly retryAfter = new Set<string>();
  #stop = false;
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 200, timeout: 4_000 });

  constructor(
    readonly savers: Saver[],
    readonly criteria: string[],
    readonly appBase: string,
    readonly alive: () => boolean,
  ) {}

  run(): Promise<void> {
    const started = performance.now();
    return Promise.all(
      this.savers.map(async (s) => {
        // Open loop: each member's next save is due a second after the last was due.
        let due = started + (SAVE_EVERY_MS * s.index) / this.savers.length;
        while (!this.#stop) {
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
          if (this.#stop) break;
          due = Math.max(due + SAVE_EVERY_MS, performance.now());
          await this.save(s);
        }
      }),
    ).then(() => undefined);
  }

  stop() {
    this.#stop = true;
  }

  close() {
    this.#agent.destroy();
  }

  async save(s: Saver) {
    const edit = ++s.edits;
    const criterion = this.criteria[edit % this.criteria.length]!;
    const evidence = `${s.subject}, edit ${edit}: described the approach, the trade-offs and the outcome.`;
    const pending = s.sentSince.get(criterion) ?? [];
    pending.push(evidence);
    s.sentSince.set(criterion, pending);
    const body = JSON.stringify({
      baseRevision: s.revision,
      requestId: randomUUID(),
      entries: { [criterion]: { score: 1 + (edit % 7), evidence } },
    });
    const url = new URL(`/interviews/${s.candidateId}/scoresheet/autosave`, this.appBase);
    const sentAt = performance.now();
    let refused = false;
    for (;;) {
      let answer: Answer | undefined;
      try {
        answer = await send(url, 'POST', {
          agent: this.#agent,
          body,
          headers: {
            cookie: s.cookie,
            'x-csrf-token': s.csrf,
            'content-type': 'application/json',
            accept: 'application/json',
          },
        });
      } catch {
        this.networkErrors += 1;
      }
      if (answer?.status === 200) {
        const reply = JSON.parse(answer.body.toString('utf8')) as { revision: number };
        s.revision = reply.revision;
        s.acknowledged.set(criterion, evidence);
        s.sentSince.set(criterion, []);
        s.lastAckSentAt = sentAt;
        this.acks.push({ member: s.index, sentAt, at: performance.now(), refusedFirst: refused });
        return;
      }
      if (answer && answer.status !== 503) {
        this.unexpected[answer.status] = (this.unexpected[answer.status] ?? 0) + 1;
        if (answer.status === 409) {
          const reply = JSON.parse(answer.body.toString('utf8')) as { revision?: unknown };
          if (typeof reply.revision === 'number') s.revision = reply.revision;
        }
        return;
      }
      if (answer) {
        this.unavailable += 1;
        this.retryAfter.add(String(answer.headers['retry-after'] ?? 'none'));
      }
      refused = true;
      this.refusals.push(performance.now());
      // The same request again, as the page does (sooner: the bench measures the app, not the back-off).
      if (performance.now() - sentAt > GIVE_UP_MS || !this.alive()) {
        this.gaveUp += 1;
        return;
      }
      await sleep(RETRY_MS);
    }
  }
}

// ---------------------------------------------------------------------------------------------------

export async function faultBench(options: {
  scale: keyof typeof FAULT_SCALES;
  databaseUrl?: string;
  log: Log;
  shouldStop: () => boolean;
  /** BENCH_CPU_PROFILE=1: the app's process writes V8 CPU profiles here when it stops. */
  cpuProfileDir?: string;
}): Promise<FaultReport | { skipped: string }> {
  const { log } = options;
  const scale = FAULT_SCALES[options.scale];
  log(`\n== Faults: ${scale.members} members autosaving about once a second while the database fails`);

  const missing = clusterToolsMissing();
  let target: Target | undefined;
  let why = missing;
  if (!missing) {
    target = await ownCluster(log).catch((err: unknown) => {
      why = `creating one failed: ${(err as Error).message.split('\n').slice(0, 3).join(' ')}`;
      return undefined;
    });
  }
  if (target) {
    // A cluster of its own: restarted, crashed and its backends terminated.
  } else if (options.databaseUrl) {
    log(`  No PostgreSQL cluster of its own: ${why}.`);
    log("  Falling back to terminating the app's backends on a scratch database on DATABASE_URL's server.");
    target = await scratchDatabase(options.databaseUrl);
  } else {
    const skipped = `${why}, and DATABASE_URL is not set for the fallback`;
    log(`  Skipped: ${skipped}.`);
    return { skipped };
  }

  const app = new AppProcess(await freePort());
  if (options.cpuProfileDir) rmSync(options.cpuProfileDir, { recursive: true, force: true });
  let idp: http.Server | undefined;
  let bench: DatabaseHandle | undefined;
  let savers: Savers | undefined;
  // Whatever happens (an error, Ctrl-C twice, process.exit), the app and the cluster do not outlive us.
  const onExit = () => {
    app.killSync();
    target.closeSync();
  };
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    savers?.stop();
    if (interrupts > 1) {
      onExit();
      process.exit(130);
    }
  };
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const stopping = () => options.shouldStop() || interrupts > 0;

  try {
    // The identity provider, with 50 people of its own and the owner of the campaigns.
    const people = new DevelopmentUserDirectory([]);
    const owner = people.add({
      subject: 'bench-owner',
      email: 'bench.owner@example.gov.uk',
      name: 'Bench Owner',
      roles: ['hiring-manager'],
      description: 'owns the bench campaigns',
    });
    const members = Array.from({ length: scale.members }, (_v, i) =>
      people.add({
        subject: `bench-member-${i + 1}`,
        email: `bench.member${i + 1}@example.gov.uk`,
        name: `Bench Member ${i + 1}`,
        roles: [],
        description: 'panel member',
      }),
    );
    const idpPort = await freePort();
    const idpBase = `http://127.0.0.1:${idpPort}`;
    // The issuer is named after the app's address, as the app's built-in provider is; the provider
    // builds its own URLs from the request, so it can answer on a port of its own.
    const provider = createDevIdentityProvider({ baseUrl: app.baseUrl, secret: randomUUID(), users: people });
    const idpApp = express();
    idpApp.use('/oidc', provider.provider.callback());
    idpApp.use(express.urlencoded({ extended: false }));
    idpApp.use(provider.interactionRouter);
    idp = http.createServer(idpApp);
    await new Promise<void>((resolve) => idp!.listen(idpPort, '127.0.0.1', resolve));

    const started = performance.now();
    app.start(
      {
        // As development (the app's own sign-in is replaced by OIDC_* below), but templates compiled
        // once: development recompiles every template on every page, a second of main thread per
        // scoresheet under this load. Production would need HTTPS for its secure session cookie.
        NODE_ENV: 'test',
        PORT: String(app.port),
        BASE_URL: app.baseUrl,
        DATABASE_URL: target.appUrl,
        LOG_LEVEL: 'warn',
        SESSION_SECRET: randomUUID() + randomUUID(),
        OIDC_ISSUER: `${app.baseUrl}/oidc`,
        OIDC_CLIENT_ID: DEV_CLIENT_ID,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_AUTHORIZATION_URL: `${idpBase}/oidc/auth`,
        OIDC_TOKEN_URL: `${idpBase}/oidc/token`,
        OIDC_USERINFO_URL: `${idpBase}/oidc/me`,
        OIDC_SCOPE: DEV_SCOPE,
        OIDC_ROLES_CLAIM: 'roles',
      },
      options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [],
    );
    await app.waitUntilReady(60_000);
    log(
      `  app started as its own process (node --import tsx server/index.ts) and ready in ${round((performance.now() - started) / 1000, 1)} s`,
    );

    const signInStarted = performance.now();
    const browsers = [owner, ...members].map((_p, i) => new Browser(`127.0.0.${10 + i}`));
    await mapLimit([owner, ...members], 8, (person, i) => browsers[i]!.signIn(app.baseUrl, person.subject));
    log(
      `  ${members.length + 1} people signed in through the OIDC flow (provider in the bench) in ${round((performance.now() - signInStarted) / 1000, 1)} s`,
    );

    bench = await openDatabase(testConfig({ DATABASE_URL: target.benchUrl }).database, () => {});
    const { db } = bench;
    const lib = await testFrameworks();
    const actor = async (subject: string): Promise<Express.User> => {
      const user = await findUserBySubject(db, subject);
      if (!user) throw new Error(`${subject} has not signed in`);
      return { id: user.id, email: user.email, name: user.name, roles: effectiveRoles(user) };
    };
    const ownerActor = await actor(owner.subject);
    const memberActors = await Promise.all(members.map((m) => actor(m.subject)));
    const { campaign, criteria } = await publishedBenchCampaign(db, lib, ownerActor, 'FAULTS-1');
    const seats = await seatPanels(db, campaign.id, memberActors);
    const saverList = await mapLimit(seats, 8, async (seat, i): Promise<Saver> => {
      const browser = browsers[i + 1]!;
      const url = new URL(`/interviews/${seat.candidateId}/scoresheet`, app.baseUrl);
      const page = await browser.request(url);
      if (page.status !== 200) throw new Error(`${members[i]!.subject}'s scoresheet: ${page.status}`);
      const html = page.body.toString('utf8');
      return {
        index: i,
        subject: members[i]!.subject,
        candidateId: seat.candidateId,
        cookie: browser.cookieHeader(url),
        csrf: csrfTokenFrom(html),
        revision: Number(parse(html)('input[name=baseRevision]').val()),
        edits: 0,
        acknowledged: new Map(),
        sentSince: new Map(),
        lastAckSentAt: 0,
      };
    });

    // The faults, each after a steady spell, while everyone saves.
    savers = new Savers(saverList, criteria, app.baseUrl, () => app.alive);
    const load = savers.run();
    const rows: FaultRow[] = [];
    const marks: Array<{ fault: Fault; at: number; commandMs: number }> = [];
    try {
      for (let round_ = 0; round_ < scale.rounds && !stopping(); round_ += 1) {
        for (const fault of target.faults) {
          await sleepUnless(scale.steadyMs, stopping);
          if (stopping() || !app.alive) break;
          log(`  fault: ${fault.name}`);
          const at = performance.now();
          await fault.run();
          const done = performance.now();
          marks.push({ fault, at, commandMs: done - at });
          // Before the next fault, every member has had a save sent after this one ended acknowledged.
          const until = Date.now() + 60_000;
          while (
            !stopping() &&
            app.alive &&
            Date.now() < until &&
            saverList.some((s) => s.lastAckSentAt < done)
          )
            await sleep(20);
        }
      }
      await sleepUnless(scale.steadyMs, stopping);
    } finally {
      savers.stop();
      await load;
      savers.close();
    }
    for (const [i, m] of marks.entries()) {
      const end = marks[i + 1]?.at ?? Infinity;
      const inCycle = (t: number) => t >= m.at && t < end;
      const refusals = savers.refusals.filter(inCycle);
      const acks = savers.acks.filter((a) => inCycle(a.at));
      const firstAfterRefusal = acks.find((a) => a.refusedFirst);
      // A member has recovered when its last refused save of the cycle is acknowledged; one never
      // refused, at its first acknowledgement after the fault began.
      const recovered = saverList.map((s) => {
        const own = acks.filter((a) => a.member === s.index);
        return (own.findLast((a) => a.refusedFirst) ?? own[0])?.at ?? Infinity;
      });
      rows.push({
        fault: m.fault.name,
        commandMs: Math.round(m.commandMs),
        refused: refusals.length,
        refusingForS: refusals.length ? round((refusals.at(-1)! - refusals[0]!) / 1000, 2) : 0,
        firstAckAfterRefusalS: firstAfterRefusal ? round((firstAfterRefusal.at - m.at) / 1000, 2) : null,
        everyMemberS: round((Math.max(...recovered) - m.at) / 1000, 2),
        longestWaitS: round(Math.max(0, ...acks.map((a) => a.at - a.sentAt)) / 1000, 2),
      });
    }

    const lost = await lostSaves(db, saverList, memberActors);

    let health: HealthReport | undefined;
    if (!stopping() && app.alive) {
      health = await healthDuringSummary({
        db,
        lib,
        owner: ownerActor,
        members: memberActors.slice(0, 3),
        browser: browsers[0]!,
        appBase: app.baseUrl,
        candidates: scale.summaryCandidates,
        idleMs: scale.idleHealthMs,
        log,
      });
    }

    const report: FaultReport = {
      database: target.description,
      members: saverList.length,
      acknowledged: savers.acks.length,
      lost,
      unavailable503: savers.unavailable,
      networkErrors: savers.networkErrors,
      unexpected: savers.unexpected,
      gaveUp: savers.gaveUp,
      processExits: app.exits,
      retryAfterSeen: [...savers.retryAfter],
      faults: rows,
      health,
      pass: {
        lost: lost === 0,
        exits: app.exits === 0,
        unexpected: Object.keys(savers.unexpected).length === 0 && savers.gaveUp === 0,
        recovery: rows.length > 0 && rows.every((r) => r.everyMemberS <= TARGET_RECOVERY_S),
        health: !health || health.preparing.app.p99 < TARGET_HEALTH_P99_MS,
      },
    };
    if (app.exits)
      log(`  the app exited (${app.exitsSeen.join('; ')}); its last lines:\n${app.lastLines.join('\n')}`);
    printFaults(report, log);
    return report;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    savers?.stop();
    await app.stop().catch(() => app.killSync());
    if (options.cpuProfileDir && existsSync(options.cpuProfileDir)) {
      try {
        longestBusySpells(options.cpuProfileDir, log);
      } catch (err) {
        log(`  (could not read the app's CPU profile: ${(err as Error).message})`);
      }
    }
    if (idp) {
      idp.closeAllConnections();
      await new Promise((resolve) => idp!.close(resolve));
    }
    await bench?.close().catch(() => undefined);
    try {
      await target.close();
    } catch (err) {
      log(`  could not drop the bench database: ${(err as Error).message}`);
    }
    process.off('exit', onExit);
  }
}

async function sleepUnless(ms: number, stopping: () => boolean) {
  const until = performance.now() + ms;
  while (!stopping() && performance.now() < until) await sleep(Math.min(100, until - performance.now()));
}

/** Members sit in panels of four, one candidate being interviewed per panel, conflicts declared. */
async function seatPanels(db: Kysely<Database>, campaignId: string, members: Express.User[]) {
  const panelCount = Math.ceil(members.length / PANEL_ROLES.length);
  const panels = await db
    .insertInto('panels')
    .values(
      Array.from({ length: panelCount }, (_v, i) => ({ campaign_id: campaignId, name: `Faults ${i + 1}` })),
    )
    .returning('id')
    .execute();
  const candidates = await db
    .insertInto('candidates')
    .values(
      panels.map((_p, i) => ({
        campaign_id: campaignId,
        reference: `F${String(i + 1).padStart(4, '0')}`,
        name: `Faults Candidate ${i + 1}`,
        email: `faults-candidate-${i + 1}@example.com`,
      })),
    )
    .returning('id')
    .execute();
  await db
    .insertInto('interviews')
    .values(
      panels.map((p, i) => ({
        candidate_id: candidates[i]!.id,
        panel_id: p.id,
        scheduled_at: new Date(Date.UTC(2026, 11, 1, 9)),
      })),
    )
    .execute();
  const seats = members.map((m, i) => ({
    userId: m.id,
    panelId: panels[Math.floor(i / PANEL_ROLES.length)]!.id,
    candidateId: candidates[Math.floor(i / PANEL_ROLES.length)]!.id,
    role: PANEL_ROLES[i % PANEL_ROLES.length]!,
  }));
  await db
    .insertInto('panel_members')
    .values(seats.map((s) => ({ panel_id: s.panelId, user_id: s.userId, role: s.role })))
    .execute();
  await db
    .insertInto('conflict_declarations')
    .values(
      seats.map((s) => ({
        candidate_id: s.candidateId,
        user_id: s.userId,
        conflicted: false,
        description: null,
      })),
    )
    .execute();
  return seats;
}

/**
 * Reads every member's notes back and compares them with what the app acknowledged: the last text
 * acknowledged for a criterion must be stored (or one sent after it, whose answer never came).
 */
async function lostSaves(db: Kysely<Database>, savers: Saver[], actors: Express.User[]): Promise<number> {
  const rows = await db
    .selectFrom('member_scores')
    .innerJoin('member_sheets', 'member_sheets.id', 'member_scores.sheet_id')
    .select([
      'member_sheets.user_id',
      'member_sheets.candidate_id',
      'member_scores.criterion_id',
      'member_scores.evidence',
    ])
    .where(
      'member_sheets.user_id',
      'in',
      actors.map((a) => a.id),
    )
    .execute();
  const stored = new Map(rows.map((r) => [`${r.user_id} ${r.candidate_id} ${r.criterion_id}`, r.evidence]));
  let lost = 0;
  for (const s of savers) {
    const userId = actors[s.index]!.id;
    for (const [criterion, text] of s.acknowledged) {
      const found = stored.get(`${userId} ${s.candidateId} ${criterion}`);
      if (found !== text && !(s.sentSince.get(criterion) ?? []).includes(found ?? '')) lost += 1;
    }
  }
  return lost;
}

// ---------------------------------------------------------------------------------------------------
// /health while a large summary is prepared.

async function healthDuringSummary(o: {
  db: Kysely<Database>;
  lib: Awaited<ReturnType<typeof testFrameworks>>;
  owner: Express.User;
  members: Express.User[];
  browser: Browser;
  appBase: string;
  candidates: number;
  idleMs: number;
  log: Log;
}): Promise<HealthReport> {
  const { log } = o;
  log(
    `\n== /health while the summary of a ${o.candidates.toLocaleString('en-GB')}-candidate campaign is prepared`,
  );
  const seedStarted = performance.now();
  const { campaignId } = await seedFinalisedCampaign(o.db, o.lib, o.owner, o.members, o.candidates, log);
  const seedS = round((performance.now() - seedStarted) / 1000, 1);

  const agent = new http.Agent({ keepAlive: true, maxSockets: 100, timeout: 4_000 });
  // The control: a bare Node HTTP server in a process of its own, asked just as often at the same time.
  // Whatever slows it down too is the machine (2 shared cores), not the app.
  const controlPort = await freePort();
  const control = spawn(
    process.execPath,
    [
      '-e',
      `require('node:http').createServer((q, s) => s.end('{"status":"ok"}')).listen(${controlPort}, '127.0.0.1')`,
    ],
    { stdio: 'ignore' },
  );
  const controlUrl = new URL(`http://127.0.0.1:${controlPort}/`);
  for (let i = 0; i < 50 && !(await send(controlUrl, 'GET', {}).catch(() => undefined)); i += 1)
    await sleep(100);
  let zero = performance.now();
  const sampleBoth = () => {
    const app = sample(new URL('/health', o.appBase));
    const bare = sample(controlUrl);
    return async () => ({ app: await app(), bare: await bare() });
  };
  /** GET every 20 ms (open loop: a slow answer does not delay the next request) until stopped. */
  const sample = (healthUrl: URL) => {
    const slow: Array<[number, number]> = [];
    const times: number[] = [];
    let failed = 0;
    let stop = false;
    const inFlight = new Set<Promise<void>>();
    const loop = (async () => {
      let due = performance.now();
      while (!stop) {
        const t0 = performance.now();
        const p = send(healthUrl, 'GET', { agent }).then(
          (a) => {
            const ms = performance.now() - t0;
            if (a.status === 200) times.push(ms);
            else failed += 1;
            if (ms >= TARGET_HEALTH_P99_MS) slow.push([round((t0 - zero) / 1000, 1), Math.round(ms)]);
          },
          () => {
            failed += 1;
          },
        );
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
        due += HEALTH_EVERY_MS;
        await sleep(Math.max(0, due - performance.now()));
      }
      await Promise.all(inFlight);
    })();
    return async (): Promise<HealthStats> => {
      stop = true;
      await loop;
      const sorted = times.sort((a, b) => a - b);
      return {
        requests: sorted.length,
        p50: round(percentile(sorted, 50)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted.at(-1) ?? NaN),
        failed,
        slow: slow.sort((a, b) => b[1] - a[1]).slice(0, 5),
      };
    };
  };

  try {
    const idleDone = sampleBoth();
    await sleep(o.idleMs);
    const idle = await idleDone();

    // The owner clicks the summary link: a large campaign is sent to the page that prepares it.
    const preparingDone = sampleBoth();
    const asked = performance.now();
    zero = asked;
    const direct = await o.browser.request(
      new URL(`/reports/campaigns/${campaignId}/summary.pdf`, o.appBase),
    );
    if (direct.status !== 303) throw new Error(`summary.pdf answered ${direct.status}, not 303`);
    const page = new URL(`/reports/campaigns/${campaignId}/summary`, o.appBase);
    let href: string | undefined;
    const until = Date.now() + 300_000;
    while (!href) {
      const answer = await o.browser.request(page);
      if (answer.status !== 200) throw new Error(`the summary page answered ${answer.status}`);
      const $ = parse(answer.body.toString('utf8'));
      href = $(DOWNLOAD_LINK).attr('href');
      if (href) break;
      if ($('h1').text().includes('could not')) throw new Error('the campaign summary could not be prepared');
      if (Date.now() > until) throw new Error('the campaign summary was not prepared within 300 s');
      await sleep(250);
    }
    const prepared = performance.now();
    const pdf = await o.browser.request(new URL(href, o.appBase));
    const downloaded = performance.now();
    const preparing = await preparingDone();
    if (pdf.status !== 200 || pdf.body.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw new Error(`the prepared summary answered ${pdf.status}`);
    return {
      candidates: o.candidates,
      seedS,
      idle,
      preparing,
      preparedS: round((prepared - asked) / 1000, 1),
      downloadedS: round((downloaded - asked) / 1000, 1),
      pdfKb: Math.round(pdf.body.length / 1024),
    };
  } finally {
    agent.destroy();
    control.kill();
  }
}

// ---------------------------------------------------------------------------------------------------

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
};

/**
 * BENCH_CPU_PROFILE=1: the longest spells the app's main thread was busy without a break (when
 * nothing else, /health included, can be answered), with the app's own functions on the stack.
 */
export function longestBusySpells(directory: string, log: Log, count = 3) {
  const file = readdirSync(directory)
    .filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f))
    .sort()
    .at(-1);
  if (!file) return;
  const profile = JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const spells: Array<{ from: number; to: number; ms: number }> = [];
  let t = 0;
  let spell: { from: number; to: number; start: number; end: number } | undefined;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i]!;
    if (byId.get(id)!.callFrame.functionName !== '(idle)') {
      spell ??= { from: i, to: i, start: t, end: t };
      spell.to = i;
      spell.end = t;
    } else if (spell) {
      spells.push({ from: spell.from, to: spell.to, ms: (spell.end - spell.start) / 1000 });
      spell = undefined;
    }
  });
  log(`\n== The app's main thread: its longest busy spells (${path.relative(repoRoot, directory)}/${file})`);
  for (const s of spells.sort((a, b) => b.ms - a.ms).slice(0, count)) {
    const hits = new Map<string, number>();
    for (let i = s.from; i <= s.to; i += 1) {
      const seen = new Set<string>();
      for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
        const { functionName, url } = byId.get(id)!.callFrame;
        const where = /\/(server\/.*)$/.exec(url)?.[1];
        if (!where) continue;
        const key = `${functionName || '(anonymous)'} (${where})`;
        if (seen.has(key)) continue;
        seen.add(key);
        hits.set(key, (hits.get(key) ?? 0) + 1);
      }
    }
    const n = s.to - s.from + 1;
    const top = [...hits]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([k, v]) => `${k} ${Math.round((v / n) * 100)}%`);
    log(`  ${Math.round(s.ms)} ms: ${top.join('; ') || 'outside the app (Node, libraries, GC)'}`);
  }
}

function printFaults(r: FaultReport, log: Log) {
  log(`\n== Faults: results (${r.database}; the app as its own process; ${r.members} members)`);
  log(
    table(
      [
        'fault',
        'command ms',
        'attempts refused',
        'refusing for s',
        'first refused save through s',
        'every member saved again s',
        'longest wait for a save s',
      ],
      r.faults.map((f) => [
        f.fault,
        f.commandMs,
        f.refused,
        f.refusingForS,
        f.firstAckAfterRefusalS ?? 'none refused',
        f.everyMemberS,
        f.longestWaitS,
      ]),
    ),
  );
  log(
    'Times are from the moment the fault began. "Every member saved again" waits for each member\'s next save (one a second), so a second of it is the saving rate, not the outage.',
  );
  const unexpected = Object.entries(r.unexpected).map(([s, n]) => `${n} × ${s}`);
  log(
    `\nacknowledged saves ${r.acknowledged}; 503s ${r.unavailable503} (Retry-After: ${r.retryAfterSeen.join(', ') || '—'}); unanswered ${r.networkErrors}; other answers ${unexpected.join(', ') || 0}; given up ${r.gaveUp}`,
  );
  log(`${r.pass.lost ? 'PASS' : 'FAIL'}  lost saves ${r.lost} (acknowledged but not stored) = 0`);
  log(`${r.pass.exits ? 'PASS' : 'FAIL'}  app process exits ${r.processExits} = 0`);
  log(`${r.pass.unexpected ? 'PASS' : 'FAIL'}  every save answered 200 or 503, and acknowledged in the end`);
  const slowest = Math.max(...r.faults.map((f) => f.everyMemberS));
  log(
    `${r.pass.recovery ? 'PASS' : 'FAIL'}  every member saving again within ${TARGET_RECOVERY_S} s of each fault (slowest ${slowest} s)`,
  );
  const h = r.health;
  if (!h) return;
  log('');
  const row = (what: string, x: HealthStats) => [what, x.requests, x.p50, x.p99, x.max, x.failed];
  const during = `while the ${h.candidates.toLocaleString('en-GB')}-candidate summary is prepared and downloaded`;
  log(
    table(
      ['GET every 20 ms', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'failed'],
      [
        row('app /health, app idle', h.idle.app),
        row('  bare Node server alongside (control)', h.idle.bare),
        row(`app /health, ${during}`, h.preparing.app),
        row('  bare Node server alongside (control)', h.preparing.bare),
      ],
    ),
  );
  const slow = (x: HealthStats) => x.slow.map(([at, ms]) => `${ms} ms at +${at} s`).join(', ') || 'none';
  log(`slowest /health answers during the summary: ${slow(h.preparing.app)}`);
  log(`slowest control answers during the summary: ${slow(h.preparing.bare)}`);
  log(
    `seeded in ${h.seedS} s; the summary (${h.pdfKb} KB) was ready ${h.preparedS} s after it was asked for and downloaded at ${h.downloadedS} s`,
  );
  log(
    `${r.pass.health ? 'PASS' : 'FAIL'}  /health p99 ${h.preparing.app.p99} ms < ${TARGET_HEALTH_P99_MS} ms while the summary is prepared`,
  );
}
