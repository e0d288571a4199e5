import type { Express } from 'express';

export type RouteInfo = { method: string; path: string };

type Layer = {
  rawPath?: string | string[];
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
};

/** Every route the app serves, read from Express's own router stack, with mount prefixes joined. */
export function listRoutes(app: Express): RouteInfo[] {
  const root = (app as unknown as { router: { stack: Layer[] } }).router;
  const routes: RouteInfo[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m])) {
          routes.push({ method: method.toUpperCase(), path: join(prefix, layer.route.path) });
        }
      } else if (layer.handle?.stack) {
        const mounts = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath ?? ''];
        for (const mount of mounts) walk(layer.handle.stack, join(prefix, mount));
      }
    }
  };
  walk(root.stack, '');
  return dedupe(routes);
}

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function dedupe(routes: RouteInfo[]): RouteInfo[] {
  const seen = new Set<string>();
  return routes.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
