import type { Config } from '../config/schema.ts';
import { err, ok, type Result } from '../core/result.ts';
import { loadRouteFile, parseRouteGeoJson } from '../route/geojson.ts';
import type { Route } from '../route/model.ts';
import type { Store } from '../store/store.ts';
import { contentSchemas } from '../sync/content.ts';
import type { DownlinkDispatcher } from '../sync/downlink.ts';

export const routeContentKind = 'route';

/**
 * A route from the office is checked as the route model would build it (a route that would not
 * load is rejected and reported, never stored) and takes effect at the next start: the trip in
 * progress keeps the stops and distances it began with.
 */
export function registerRouteContent(downlink: DownlinkDispatcher): void {
  downlink.registerDownlink(routeContentKind, contentSchemas.route, (body) => {
    const parsed = parseRouteGeoJson(body);
    if (!parsed.ok) throw new Error(`the route would not load: ${parsed.error.message}`);
  });
}

/**
 * The route to start with: the newest the office sent (versioned, in the bus database), else the
 * configured file. `source` says which, for the start-up log.
 */
export function startRoute(config: Config, store: Store): Result<{ route: Route; source: string }> {
  const fromFile = (): Result<{ route: Route; source: string }> => {
    const loaded = loadRouteFile(config.route!);
    return loaded.ok ? ok({ route: loaded.value, source: config.route! }) : err(loaded.error.code, `route ${config.route}: ${loaded.error.message}`);
  };
  const stored = store.db.prepare('SELECT version, body FROM content WHERE kind = ?').get(routeContentKind) as { version: number; body: string } | undefined;
  if (!stored) return fromFile();
  const parsed = parseRouteGeoJson(stored.body);
  if (!parsed.ok) {
    console.error(`route: the office's version ${stored.version} does not load (${parsed.error.message}); using ${config.route}`);
    return fromFile();
  }
  return ok({ route: parsed.value, source: `the office's route, version ${stored.version}` });
}
