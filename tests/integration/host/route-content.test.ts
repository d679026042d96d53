/**
 * A route sent down by the office: checked as the route model builds it, stored with its version,
 * and used from the next start on; one that would not load is refused and reported, never used.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoRoutePath } from '../../../src/config/load.ts';
import { configSchema, type Config } from '../../../src/config/schema.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { busDatabasePath } from '../../../src/host/paths.ts';
import { registerRouteContent, startRoute } from '../../../src/host/route-content.ts';
import type { Route } from '../../../src/route/model.ts';
import { Store } from '../../../src/store/store.ts';
import { DownlinkDispatcher } from '../../../src/sync/downlink.ts';
import { topics } from '../../../src/protocol/topics.ts';
import { tempDir } from '../../helpers/temp.ts';

const clock = new ManualClock('2026-11-23T02:00:00Z');
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

function busConfig(): Config {
  const dir = tempDir();
  dirs.push(dir);
  return { ...configSchema.parse({ busId: 'bus-a', dataDir: join(dir.path, 'data') }), route: demoRoutePath };
}

/** The demo loop with its first stop renamed, as an office edit would change it. */
function editedRoute(): Record<string, unknown> {
  const route = JSON.parse(readFileSync(demoRoutePath, 'utf8')) as { features: { properties: { id?: string; name?: { zh: string } } }[] };
  route.features.find((f) => f.properties.id === 'hongfu-jiayuan')!.properties.name!.zh = '宏福佳苑（新站牌）';
  return route as unknown as Record<string, unknown>;
}

/** The route a start would take, read from the bus database as bootOnboard opens it. */
function startRouteOf(config: Config) {
  const store = unwrap(Store.open(busDatabasePath(config), clock));
  try {
    return startRoute(config, store);
  } finally {
    store.close();
  }
}

const stopName = (route: Route) => route.stops.find((s) => s.id === 'hongfu-jiayuan')?.name.zh;

function sendRoute(config: Config, version: number, body: unknown) {
  const store = unwrap(Store.open(busDatabasePath(config), clock));
  try {
    const downlink = new DownlinkDispatcher(store, clock);
    registerRouteContent(downlink);
    const message = { v: 1, id: `0190a1b2-0000-7000-8000-${String(version).padStart(12, '0')}`, kind: 'route', version, issuedAt: clock.now().toISOString(), body };
    const report = downlink.dispatch(topics.fleetDown('route'), Buffer.from(JSON.stringify(message)));
    const rejections = store.db.prepare("SELECT payload FROM outbox WHERE kind = 'downlink-rejected'").pluck().all() as string[];
    return { report, rejections };
  } finally {
    store.close();
  }
}

describe('route from the office', () => {
  it('starts from the configured file while the office has sent none (a new bus database)', () => {
    const started = unwrap(startRouteOf(busConfig()));
    expect(started.source).toBe(demoRoutePath);
    expect(stopName(started.route)).toBe('宏福佳苑');
  });

  it('uses the newest route the office sent from the next start on', () => {
    const config = busConfig();
    expect(sendRoute(config, 3, editedRoute()).report.outcome).toBe('applied');
    const started = unwrap(startRouteOf(config));
    expect(started.source).toBe("the office's route, version 3");
    expect(stopName(started.route)).toBe('宏福佳苑（新站牌）');
    // An older version sent again changes nothing.
    expect(sendRoute(config, 2, JSON.parse(readFileSync(demoRoutePath, 'utf8'))).report.outcome).toBe('stale');
    expect(stopName(unwrap(startRouteOf(config)).route)).toBe('宏福佳苑（新站牌）');
  });

  it('refuses a route that would not load, reports it to the office, and keeps starting from the last good one', () => {
    const config = busConfig();
    const broken = editedRoute() as { features: { geometry: { type: string; coordinates: unknown }; properties: { kind: string } }[] };
    broken.features.find((f) => f.properties.kind === 'route')!.geometry.coordinates = [[120.1, 36.0]];
    const { report, rejections } = sendRoute(config, 4, broken);
    expect(report.outcome).toBe('rejected');
    expect(report.reason).toMatch(/^apply failed: the route would not load: /);
    expect(rejections).toHaveLength(1);
    expect(JSON.parse(rejections[0]!)).toMatchObject({ kind: 'route', reason: report.reason });
    expect(unwrap(startRouteOf(config)).source).toBe(demoRoutePath);
  });
});
