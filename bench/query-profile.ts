import pg from 'pg';

type Entry = { count: number; totalMs: number };

/**
 * Times every query sent through node-postgres (kysely and the session store both use pg.Client),
 * by wrapping pg.Client.prototype.query in this process only while recording. Nothing in the app changes.
 */
export class QueryProfile {
  private readonly byQuery = new Map<string, Entry>();
  private recording = false;
  // Kept unbound on purpose: it is put back on the prototype, and called with .apply(client) meanwhile.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  private readonly original = pg.Client.prototype.query;

  install(): void {
    const original = this.original;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const profile = this;
    const wrapped = function (this: pg.Client, ...args: unknown[]): unknown {
      if (!profile.recording) return (original as (...a: unknown[]) => unknown).apply(this, args);
      const t0 = performance.now();
      const text = queryText(args[0]);
      const done = () => profile.add(text, performance.now() - t0);
      // The session store calls pool.query with a callback; kysely uses the promise.
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function') {
        args[last] = (...results: unknown[]) => {
          done();
          return (callback as (...a: unknown[]) => unknown)(...results);
        };
      }
      const result = (original as (...a: unknown[]) => unknown).apply(this, args);
      if (typeof callback !== 'function' && isPromise(result)) result.then(done, done);
      return result;
    };
    pg.Client.prototype.query = wrapped as typeof pg.Client.prototype.query;
  }

  uninstall(): void {
    pg.Client.prototype.query = this.original;
  }

  start(): void {
    this.byQuery.clear();
    this.recording = true;
  }

  stop(): void {
    this.recording = false;
  }

  /** Per request: how many of each query and how long each took on average. */
  report(requests: number) {
    const rows = [...this.byQuery.entries()]
      .map(([query, e]) => ({
        query,
        perRequest: Math.round((e.count / requests) * 100) / 100,
        meanMs: Math.round((e.totalMs / e.count) * 100) / 100,
        msPerRequest: Math.round((e.totalMs / requests) * 100) / 100,
      }))
      .sort((a, b) => b.msPerRequest - a.msPerRequest);
    const queriesPerRequest = rows.reduce((sum, r) => sum + r.perRequest, 0);
    const dbMsPerRequest = rows.reduce((sum, r) => sum + r.msPerRequest, 0);
    return {
      queriesPerRequest: Math.round(queriesPerRequest * 100) / 100,
      dbMsPerRequest: Math.round(dbMsPerRequest * 100) / 100,
      rows,
    };
  }

  private add(text: string, ms: number) {
    const entry = this.byQuery.get(text) ?? { count: 0, totalMs: 0 };
    entry.count++;
    entry.totalMs += ms;
    this.byQuery.set(text, entry);
  }
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | undefined)?.then === 'function';
}

/** A short, stable label for a query: whitespace collapsed, long column lists cut. */
function queryText(arg: unknown): string {
  const text = typeof arg === 'string' ? arg : ((arg as { text?: string } | undefined)?.text ?? '(unknown)');
  const flat = text.replace(/\s+/g, ' ').trim();
  const fromSelect = /^select (.+?) from (.*)$/i.exec(flat);
  const shortened = fromSelect ? `select … from ${fromSelect[2]}` : flat;
  return shortened.length > 140 ? `${shortened.slice(0, 137)}...` : shortened;
}
