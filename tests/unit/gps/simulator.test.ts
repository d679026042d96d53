import { describe, expect, it } from 'vitest';
import { SimulatorSource, type LonLat } from '../../../hardware/gps/sources/simulator.ts';
import { distanceMetres } from '../../../hardware/gps/quality-gate.ts';
import type { Fix } from '../../../hardware/gps/types.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { seededRandom } from '../../helpers/random.ts';

// A 1.2 km rectangle near 红石崖 (WGS-84), travelled in coordinate order.
const route: LonLat[] = [
  [120.0, 36.0],
  [120.004, 36.0],
  [120.004, 36.002],
  [120.0, 36.002],
];
const stops = [
  { position: [120.002, 36.00002] as LonLat, dwellS: 20 },
  { position: [120.004, 36.0015] as LonLat, dwellS: 10 },
];

/** Distance from a point to the closed polyline, metres (fine at this scale: equirectangular). */
function offRoute(lat: number, lon: number): number {
  const k = Math.cos(36 * (Math.PI / 180));
  const p = [(lon - 120) * k * 111_195, (lat - 36) * 111_195];
  let best = Infinity;
  for (let i = 0; i < route.length; i++) {
    const [ax, ay] = [(route[i]![0] - 120) * k * 111_195, (route[i]![1] - 36) * 111_195];
    const b = route[(i + 1) % route.length]!;
    const [bx, by] = [(b[0] - 120) * k * 111_195, (b[1] - 36) * 111_195];
    const t = Math.max(0, Math.min(1, ((p[0]! - ax) * (bx - ax) + (p[1]! - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    best = Math.min(best, Math.hypot(p[0]! - (ax + t * (bx - ax)), p[1]! - (ay + t * (by - ay))));
  }
  return best;
}

function simulate(noiseMetres: number, seconds: number) {
  const sim = new SimulatorSource({ route, stops, cruiseMps: 10, noiseMetres, speedFactor: 1, clock: new ManualClock(), random: seededRandom(3) });
  const fixes: Fix[] = [];
  const truths: ReturnType<SimulatorSource['truth']>[] = [];
  sim.onFix((f) => fixes.push(f));
  for (let i = 0; i < seconds; i++) {
    sim.step();
    truths.push(sim.truth());
  }
  return { sim, fixes, truths };
}

describe('route simulator', () => {
  it('emits decoded NMEA fixes that stay on the polyline within the noise', () => {
    const { fixes, truths } = simulate(3, 600);
    expect(fixes).toHaveLength(600);
    expect(fixes.every((f) => f.mode === 3 && f.time !== null)).toBe(true);
    expect(Math.max(...truths.map((t) => offRoute(t.lat, t.lon)))).toBeLessThan(0.5);
    const errors = fixes.map((f, i) => distanceMetres(f.lat, f.lon, truths[i]!.lat, truths[i]!.lon));
    const rms = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
    expect(rms).toBeGreaterThan(3); // 2-D noise of 3 m per axis: about 4.2 m
    expect(rms).toBeLessThan(6);
    expect(Math.max(...fixes.map((f) => offRoute(f.lat, f.lon)))).toBeLessThan(5 * 3);
    // One second per fix, in order.
    expect(Date.parse(fixes[1]!.time!) - Date.parse(fixes[0]!.time!)).toBe(1000);
  });

  it('brakes into each stop, dwells there, and laps the loop', () => {
    const { sim, fixes, truths } = simulate(0, 900);
    const stopS = sim.stopDistancesM;
    const dwellSeconds = [0, 0];
    for (const t of truths) if (t.dwellingAt !== null) dwellSeconds[t.dwellingAt]!++;
    const laps = truths.at(-1)!.lap;
    expect(laps).toBeGreaterThanOrEqual(2);
    // Each dwell lasts its configured seconds, once per lap passed.
    expect(dwellSeconds[0]! / 20).toBeGreaterThanOrEqual(laps);
    expect(dwellSeconds[1]! / 10).toBeGreaterThanOrEqual(laps);
    for (const t of truths.filter((x) => x.dwellingAt !== null)) {
      expect(Math.abs(t.distanceM - stopS[t.dwellingAt!]!)).toBeLessThan(0.01);
      expect(t.speedMps).toBe(0);
    }
    // It never accelerates or brakes harder than a bus.
    const accel = truths.slice(1).map((t, i) => t.speedMps - truths[i]!.speedMps);
    expect(Math.max(...accel)).toBeLessThanOrEqual(1.0 + 1e-9);
    expect(Math.max(...truths.map((t) => t.speedMps))).toBeCloseTo(10, 5);
    // The decoded speed matches the truth (knots round trip).
    for (let i = 0; i < fixes.length; i++) expect(Math.abs(fixes[i]!.speed! - truths[i]!.speedMps)).toBeLessThan(0.001);
  });
});
