import { Session } from 'node:inspector/promises';

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
};
type Profile = { nodes: Node[]; startTime: number; endTime: number; samples?: number[] };

/** V8's sampling profiler on this process, for one phase of the bench (BENCH_CPU_PROFILE=1). */
export async function startCpuProfile() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
    session.disconnect();
    return profile;
  };
}

const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)/;

/**
 * Self time by where the code lives: each npm package, the app's own folders, Node internals, GC.
 * Also the total time under the frames of a few named packages (inclusive), to see middleware costs.
 */
export function summariseProfile(profile: Profile, top = 15) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0) || 1;

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    self.set(place(n), (self.get(place(n)) ?? 0) + hits);
    // Inclusive: every distinct place on the stack of this sample gets the hits once.
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const p = place(byId.get(id)!);
      if (!seen.has(p)) {
        seen.add(p);
        inclusive.set(p, (inclusive.get(p) ?? 0) + hits);
      }
    }
  }
  const pct = (hits: number) => Math.round((hits / total) * 1000) / 10;
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, hits]) => ({ where, percent: pct(hits) }));
  return { samples: total, self: rank(self), inclusive: rank(inclusive) };
}

function place(n: Node): string {
  const { url, functionName } = n.callFrame;
  if (!url) return functionName ? `(${functionName})` : '(native)';
  const pkg = PACKAGE.exec(url);
  if (pkg) return pkg[1]!;
  const app =
    /\/work\/[^/]+\/(server|bench|test)\/(.*)$/.exec(url) ?? /\/(server|bench|test)\/(.*)$/.exec(url);
  if (app) return `${app[1]}/${app[2]}`;
  if (url.startsWith('node:')) return url;
  return url;
}
