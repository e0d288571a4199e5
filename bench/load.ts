import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { summarise, type ScenarioResult } from './stats.js';

export type Reply = { status: number; body: string };

/** A keep-alive HTTP client for 127.0.0.1 only, with enough sockets that it never queues requests itself. */
export function localClient(port: number, maxSockets: number) {
  // Idle sockets are dropped after 4 s, before the server's 5 s keep-alive timeout can close one just as
  // a request is sent on it ("socket hang up"); requests in flight have their own 30 s timeout.
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: 4_000 });
  const post = (path: string, headers: Record<string, string>, payload: string): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent,
          timeout: 30_000,
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(payload)),
            accept: 'application/json',
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('request timed out after 30 s')));
      req.on('error', reject);
      req.end(payload);
    });
  return { post, close: () => agent.destroy() };
}

/** One simulated person: sends one request and says what status came back. */
export type Member = () => Promise<number>;

export type LoadOptions = {
  scenario: string;
  members: Member[];
  durationMs: number;
  maxRequests: number;
  /** Closed loop when unset (each member sends again as soon as it has an answer); otherwise one request per member every paceMs. */
  paceMs?: number;
  /** Sampled every 50 ms while the load runs (e.g. the pool's waiting count). */
  sample?: () => number;
  shouldStop?: () => boolean;
  /** Which statuses count as success; 2xx unless given. */
  expected?: (status: string) => boolean;
};

export type LoadResult = ScenarioResult & { sampled?: { mean: number; max: number } };

/** Runs the members concurrently until the time or the request budget runs out, whichever comes first. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const deadline = started + options.durationMs;
  let issued = 0;
  const more = () => issued < options.maxRequests && performance.now() < deadline && !options.shouldStop?.();

  const samples: number[] = [];
  const sampler = options.sample ? setInterval(() => samples.push(options.sample!()), 50) : undefined;
  const cpuBefore = process.cpuUsage();
  const pgBefore = postgresCpuMs();

  await Promise.all(
    options.members.map(async (send, index) => {
      const pace = options.paceMs;
      let next = pace ? started + (pace * index) / options.members.length : started;
      while (more()) {
        if (pace) {
          const wait = next - performance.now();
          if (wait > 0) await sleep(wait);
          if (!more()) break;
          next += pace;
        }
        issued++;
        const t0 = performance.now();
        let status: string;
        try {
          status = String(await send());
        } catch (err) {
          status = err instanceof Error ? `error: ${err.message}` : 'error';
        }
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );

  const elapsed = performance.now() - started;
  if (sampler) clearInterval(sampler);
  const cpu = process.cpuUsage(cpuBefore);
  const pgAfter = postgresCpuMs();
  const result: LoadResult = summarise(
    options.scenario,
    options.members.length,
    latencies,
    elapsed,
    statuses,
    options.expected,
  );
  if (latencies.length) {
    result.cpuMsPerRequest = {
      node: Math.round(((cpu.user + cpu.system) / 1000 / latencies.length) * 100) / 100,
      postgres:
        pgBefore !== undefined && pgAfter !== undefined
          ? Math.round(((pgAfter - pgBefore) / latencies.length) * 100) / 100
          : NaN,
    };
  }
  if (samples.length)
    result.sampled = {
      mean: Math.round((samples.reduce((a, b) => a + b, 0) / samples.length) * 10) / 10,
      max: Math.max(...samples),
    };
  return result;
}

/**
 * CPU time (user + system, ms) of every PostgreSQL process visible in /proc: only meaningful when the
 * server runs on this machine, as it does here. Undefined where /proc cannot be read.
 */
export function postgresCpuMs(): number | undefined {
  try {
    let ticks = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      if (comm !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      // Fields 14 and 15 of /proc/pid/stat (utime, stime); the slice starts at field 3.
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks * 10; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `fn` over the items with at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    }),
  );
  return results;
}
