/**
 * The assembled bus (startOnboard) learns arrival times from its own laps, shows them on the trip
 * state the screens read, and keeps what it learned across a restart in its SQLite file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Fix } from '../../../hardware/gps/types.ts';
import { demoRoutePath } from '../../../src/config/load.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { startOnboard, type OnboardCore } from '../../../src/host/onboard.ts';
import { predictArrivals } from '../../../src/predict/predict.ts';
import { loadRouteFile } from '../../../src/route/geojson.ts';
import { ScriptedGps } from '../../helpers/scripted-gps.ts';
import { tempDir } from '../../helpers/temp.ts';
import { simulateDrive } from '../../scenarios/support/drive.ts';
import { fixesOf } from '../../scenarios/support/fixes.ts';
import { receiverEpochs, urbanNoise } from '../../scenarios/support/receiver.ts';
import { demoRoute } from '../../scenarios/support/scenarios.ts';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const L = demoRoute.length;
const laps = 4;
const drive = simulateDrive(demoRoute, {
  startU: 0, endU: laps * L, cruiseMps: 9,
  holds: Array.from({ length: laps }, (_, lap) => demoRoute.stops.map((s, k) => ({ u: lap * L + s.distance + 2, dwellS: 20 + 10 * k, kind: 'stop' as const }))).flat(),
});
const fixes = fixesOf(receiverEpochs(drive, { rateHz: 1, noise: urbanNoise, seed: 5 }));

function boot(dataDir: string): { core: OnboardCore; gps: ScriptedGps; clock: ManualClock } {
  const config = configSchema.parse({ busId: 'predict-bus', dataDir, audio: { output: 'simulator' } });
  const gps = new ScriptedGps();
  const clock = new ManualClock(fixes[0]!.time!);
  const core = unwrap(startOnboard({ config, clock, gps, route: unwrap(loadRouteFile(demoRoutePath)) }));
  cleanups.push(() => core.stop());
  return { core, gps, clock };
}

function feed(bus: { gps: ScriptedGps; clock: ManualClock }, part: readonly Fix[]): void {
  for (const fix of part) {
    bus.clock.set(fix.time!);
    bus.gps.fix(fix);
  }
}

describe('arrival predictions on the assembled bus', () => {
  it('start from the prior, learn from laps, survive a restart and predict the next lap from what was learned', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const first = boot(dir.path);
    // Early in the first lap: nothing learned yet, the prior speaks, for every stop and node.
    const early = fixes.findIndex((f) => Date.parse(f.time!) >= drive.startMs + 60_000);
    feed(first, fixes.slice(0, early));
    const before = await first.core.api.tripState();
    expect(before.arrivals).toHaveLength(demoRoute.stops.length + demoRoute.nodes.length);
    expect(before.arrivals!.every((a) => a.basis === 'prior')).toBe(true);

    // Three laps driven, then the power is cut mid-way through the fourth, on the way to a stop.
    const target = demoRoute.stops[1]!;
    const crossing = drive.crossMs(3 * L + target.distance - 1500)!;
    const cut = fixes.findIndex((f) => Date.parse(f.time!) >= crossing);
    feed(first, fixes.slice(early, cut));
    const learned = first.core.trip.model.samples;
    expect(learned).toBeGreaterThan(2 * (demoRoute.stops.length * 2 + demoRoute.nodes.length));
    const stateThen = await first.core.api.tripState();
    expect(stateThen.arrivals!.every((a) => a.basis === 'learned')).toBe(true);
    await first.core.stop();

    const second = boot(dir.path);
    expect(second.core.trip.restoreNote).toBeNull();
    expect(second.core.trip.model.samples).toBe(learned);
    // The same picture of the bus gives the same arrivals from the restored model.
    expect(predictArrivals(second.core.trip.model, stateThen, stateThen.time!)).toEqual(stateThen.arrivals);

    // Driving on: the arrival at the stop ahead, predicted from the restored history, is close to the truth.
    feed(second, fixes.slice(cut, cut + 5));
    const now = await second.core.api.tripState();
    const predicted = now.arrivals!.find((a) => a.id === target.id)!;
    expect(predicted.basis).toBe('learned');
    const actual = drive.holds.find((h) => h.kind === 'stop' && h.u === 3 * L + target.distance + 2)!.arriveMs;
    expect(Math.abs(Date.parse(predicted.arrival) - actual)).toBeLessThan(20_000);
  });
});
