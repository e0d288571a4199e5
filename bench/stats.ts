/** Latency figures for one scenario, in milliseconds; throughput in requests per second. */
export type ScenarioResult = {
  scenario: string;
  concurrency: number;
  requests: number;
  /** Answers other than the expected ones (2xx unless the scenario says otherwise), and failed requests. */
  errors: number;
  durationMs: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  reqPerSec: number;
  /** CPU used while the scenario ran, in ms per request: this process (client and app) and PostgreSQL. */
  cpuMsPerRequest?: { node: number; postgres: number };
  statuses: Record<string, number>;
};

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function summarise(
  scenario: string,
  concurrency: number,
  latencies: number[],
  durationMs: number,
  statuses: Record<string, number>,
  expected: (status: string) => boolean = (status) => /^2\d\d$/.test(status),
): ScenarioResult {
  const sorted = Float64Array.from(latencies).sort();
  const errors = Object.entries(statuses)
    .filter(([status]) => !expected(status))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    scenario,
    concurrency,
    requests: latencies.length,
    errors,
    durationMs: round(durationMs),
    mean: round(sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1]! : NaN),
    reqPerSec: round(durationMs > 0 ? (latencies.length * 1000) / durationMs : 0),
    statuses,
  };
}

export function round(n: number, places = 1): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

/** A plain-text table with right-aligned numbers. */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_h, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}
