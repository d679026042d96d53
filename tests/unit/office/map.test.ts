import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoRoutePath, loadConfig } from '../../../src/config/load.ts';
import { unwrap } from '../../../src/core/result.ts';
import { haversineMetres } from '../../../src/route/frame.ts';
import { loadRouteFile } from '../../../src/route/geojson.ts';
import { tileUrl, type OfficeMapConfig } from '../../../src/office/map/tiles.ts';
import { LiveTracks } from '../../../src/office/map/track.ts';
import { busOnMap, mapRoute, type FleetBus } from '../../../src/office/map/view.ts';
import { tempDir } from '../../helpers/temp.ts';

const route = unwrap(loadRouteFile(demoRoutePath));
const now = new Date('2026-05-06T02:00:00Z');
const gcj: OfficeMapConfig = { tiles: 'https://{s}.tiles.example/{z}/{x}/{y}.png', subdomains: ['a', 'b'], datum: 'gcj02', attribution: '© 测试', maxZoom: 18 };
const bus = (over: Partial<FleetBus>): FleetBus => ({ busId: 'bus-07', online: true, lastSeen: null, statusAt: null, live: null, position: null, ...over });
const fix = (distance: number, ageS = 0, dLon = 0) => {
  const p = route.line.pointAt(distance);
  return { lat: p.lat, lon: p.lon + dLon, time: new Date(now.getTime() - ageS * 1000).toISOString() };
};

describe('office map view', () => {
  it('shifts route, places and buses alike onto a GCJ-02 basemap (≈ 400–500 m in Qingdao), and leaves WGS-84 as it is', () => {
    const onGcj = mapRoute(route, gcj);
    const onWgs = mapRoute(route, undefined);
    const [wLat, wLon] = onWgs.places[0]!.at;
    const [gLat, gLon] = onGcj.places[0]!.at;
    expect(wLat).toBe(route.stops[0]!.lat);
    const shift = haversineMetres(wLon, wLat, gLon, gLat);
    expect(shift).toBeGreaterThan(380);
    expect(shift).toBeLessThan(520);
    const atStop = busOnMap(bus({ live: { lat: route.stops[0]!.lat, lon: route.stops[0]!.lon, time: now.toISOString() } }), route, [], 'gcj02', now);
    expect(atStop.at).toEqual(onGcj.places[0]!.at);
    expect(onWgs.basemap).toBeNull();
    expect(onGcj.basemap).toEqual({ attribution: '© 测试', maxZoom: 18, datum: 'gcj02' });
  });

  it('names the state: moving, at a stop, off route, offline, unknown', () => {
    const stop = route.stops[1]!;
    const state = (b: Partial<FleetBus>, speed?: number) => {
      const tracks = new LiveTracks();
      if (b.live) tracks.add('bus-07', { ...b.live, speed });
      return busOnMap(bus(b), route, tracks.today('bus-07', '2026-05-06'), 'wgs84', now);
    };
    expect(state({ live: fix(stop.distance + 400) }, 9).state).toBe('moving');
    const at = state({ live: fix(stop.distance) }, 0);
    expect([at.state, at.stop]).toEqual(['at-stop', stop.name.zh]);
    // Driving through a stop at speed is not standing at it.
    expect(state({ live: fix(stop.distance) }, 10).state).toBe('moving');
    expect(state({ live: fix(stop.distance + 400, 0, 0.005) }).state).toBe('off-route');
    // An old fix far off the line no longer says the bus is off route now.
    expect(state({ live: fix(stop.distance + 400, 600, 0.005) }).state).toBe('moving');
    const off = state({ online: false, lastSeen: '2026-05-06T00:30:00Z', live: fix(100, 3600) });
    expect([off.state, off.lastContact]).toEqual(['offline', off.positionAt]);
    expect(state({}).state).toBe('unknown');
    // No live fix yet: the last trip event places it.
    const trip = state({ position: { at: '2026-05-06T01:59:00Z', type: 'arrived', stopId: stop.id, distance: stop.distance } });
    expect([trip.state, trip.source, trip.stop]).toEqual(['at-stop', 'trip', stop.name.zh]);
  });

  it('keeps today\u2019s track in order, drops late repeats, starts afresh on a new day and stays bounded', () => {
    const tracks = new LiveTracks();
    tracks.add('b', { lat: 36, lon: 120, time: '2026-05-05T15:00:00Z' }); // 23:00 on the 5th, China time
    tracks.add('b', { lat: 36, lon: 120.001, time: '2026-05-05T16:00:05Z' }); // 00:00:05 on the 6th
    tracks.add('b', { lat: 36, lon: 120.002, time: '2026-05-05T16:00:01Z' }); // late
    expect(tracks.today('b', '2026-05-05')).toEqual([]);
    expect(tracks.today('b', '2026-05-06').map((p) => p.lon)).toEqual([120.001]);
    for (let i = 1; i <= 10_000; i++) tracks.add('b', { lat: 36, lon: 120, time: new Date(Date.parse('2026-05-05T16:00:05Z') + i * 1000).toISOString() });
    const kept = tracks.today('b', '2026-05-06');
    expect(kept.length).toBeLessThanOrEqual(4000);
    expect(kept.at(-1)!.time).toBe(new Date(Date.parse('2026-05-05T16:00:05Z') + 10_000_000).toISOString());
  });
});

describe('office map tiles and config', () => {
  it('builds tile URLs only for tiles that exist at a configured zoom', () => {
    expect(tileUrl(gcj, 3, 5, 2)).toBe('https://b.tiles.example/3/5/2.png');
    expect(tileUrl(gcj, 3, 8, 0)).toBeNull();
    expect(tileUrl(gcj, 19, 0, 0)).toBeNull();
  });

  it('refuses a basemap template without {z}/{x}/{y} or not http(s), with the key named', () => {
    const dir = tempDir();
    try {
      const write = (map: unknown) => {
        const path = join(dir.path, 'c.json');
        writeFileSync(path, JSON.stringify({ office: { map } }));
        return loadConfig(path, {});
      };
      const bad = write({ tiles: 'https://t.example/{z}/{x}.png', attribution: 'x' });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error.message).toMatch(/office\.map\.tiles.*\{z\}, \{x\} and \{y\}/s);
      expect(write({ tiles: 'file:///tmp/{z}/{x}/{y}', attribution: 'x' }).ok).toBe(false);
      const good = write({ tiles: 'https://t.example/{z}/{x}/{y}.png', attribution: '© OSM' });
      expect(good.ok && good.value.office.map?.datum).toBe('wgs84');
    } finally {
      dir.cleanup();
    }
  });
});
