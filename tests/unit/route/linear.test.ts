import { describe, expect, it } from 'vitest';
import { RouteLine } from '../../../src/route/line.ts';
import { demoRoute } from '../../scenarios/support/scenarios.ts';

const line = demoRoute.line;

describe('linear referencing', () => {
  it('pointAt and project are inverse along the whole loop', () => {
    for (let d = 0; d < line.length; d += 37) {
      const p = line.pointAt(d);
      const back = line.project(p.lon, p.lat);
      expect(Math.abs(back.distance - d)).toBeLessThan(0.01);
      expect(Math.abs(back.offset)).toBeLessThan(0.01);
    }
  });

  it('gives a signed lateral offset: positive left of travel', () => {
    const d = 2000;
    const p = line.localAt(d);
    const i = p.segment;
    const left = line.project(line.frame.lon0 + (p.x - line.uy[i]! * 8) / line.frame.mPerLon, line.frame.lat0 + (p.y + line.ux[i]! * 8) / line.frame.mPerLat);
    expect(left.offset).toBeCloseTo(8, 3);
    expect(left.distance).toBeCloseTo(d, 3);
  });

  it('wraps around the start of the loop', () => {
    expect(line.wrap(-10)).toBeCloseTo(line.length - 10, 9);
    expect(line.wrap(line.length + 5)).toBeCloseTo(5, 9);
    const before = line.pointAt(-3);
    expect(line.project(before.lon, before.lat).distance).toBeCloseTo(line.length - 3, 2);
    // A window that straddles the start finds points on both sides of it.
    const after = line.pointAt(4);
    expect(line.projectWithin(after.lon, after.lat, line.length - 20, line.length + 20).distance).toBeCloseTo(4, 2);
    expect(line.projectWithin(before.lon, before.lat, -20, 20).distance).toBeCloseTo(line.length - 3, 2);
  });

  it('a forward window keeps the outbound leg even where the return leg is 14 m away', () => {
    const stop = demoRoute.stops.find((s) => s.id === 'hongfu-jiayuan')!;
    const twin = line.projectWithin(stop.lon, stop.lat, stop.distance + 1000, stop.distance + line.length - 1000);
    expect(Math.abs(twin.offset)).toBeGreaterThan(14);
    expect(Math.abs(twin.offset)).toBeLessThan(20);
    const outbound = line.projectWithin(stop.lon, stop.lat, stop.distance - 50, stop.distance + 50);
    expect(Math.abs(outbound.offset)).toBeCloseTo(3, 0);
  });

  it('finds the true nearest segment with the grid, as brute force does', () => {
    for (let k = 0; k < 200; k++) {
      const x = -2500 + ((k * 7919) % 5000);
      const y = -1500 + ((k * 104729) % 3000);
      const got = line.projectLocal(x, y);
      let best = Infinity;
      for (let i = 0; i < line.segmentCount; i++) best = Math.min(best, line.distanceSquared(i, line.along(i, x, y), x, y));
      expect(Math.abs(got.offset)).toBeCloseTo(Math.sqrt(best), 6);
    }
  });

  it('refuses a degenerate line', () => {
    expect(() => new RouteLine([[120, 36], [120, 36], [120, 36]])).toThrow();
  });
});
