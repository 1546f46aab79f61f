import type { Express } from 'express';

/** The parts of an Express 5 (router 2) layer the inventory reads. */
interface Layer {
  /** The path (or paths) given to `use`/`route`: a string, a RegExp, or an array of them. */
  rawPath?: unknown;
  route?: { methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

const join = (prefix: string, path: string): string => {
  const full = `${prefix}${path === '/' ? '' : path}`.replace(/\/{2,}/g, '/');
  return full.length > 1 ? full.replace(/\/$/, '') : full || '/';
};

/**
 * Every route the app registers, as `{method, path}` with the path template as Express matches it:
 * the mount paths of nested routers joined to the route's own path (`/api` + `/compliance` +
 * `/complaints/:id/history`). Plain middleware (guards, parsers, static files) is not a route.
 */
export function registeredRoutes(app: Express): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = [];
  const walk = (stack: Layer[], prefix: string): void => {
    for (const layer of stack) {
      const raw = layer.rawPath ?? '/';
      for (const p of Array.isArray(raw) ? (raw as unknown[]).flat(Infinity) : [raw]) {
        const path = join(prefix, typeof p === 'string' ? p : String(p));
        if (layer.route) {
          for (const method of Object.keys(layer.route.methods))
            routes.push({ method: method === '_all' ? 'ALL' : method.toUpperCase(), path });
        } else if (Array.isArray(layer.handle.stack)) walk(layer.handle.stack, path);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return routes;
}
