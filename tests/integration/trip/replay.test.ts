/**
 * `lianxin replay` end to end: NMEA from a generated drive, the real decoder, the tracker and its
 * state in a real SQLite file across two runs — a reboot while standing at a stop.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/store/store.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { tempDir } from '../../helpers/temp.ts';
import { simulateDrive } from '../../scenarios/support/drive.ts';
import { nmeaOf, receiverEpochs, urbanNoise } from '../../scenarios/support/receiver.ts';
import { demoRoute } from '../../scenarios/support/scenarios.ts';
import { runCli } from '../../helpers/cli-io.ts';

const routePath = new URL('../../../assets/routes/hongfu-loop.geojson', import.meta.url).pathname;
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function replay(args: string[]): Promise<{ code: number; events: Record<string, unknown>[]; stderr: string }> {
  const { code, stdout: out, stderr: err } = await runCli(['replay', ...args]);
  return { code, events: out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), stderr: err };
}

describe('replay command', () => {
  it('announces a stop once across a reboot while standing at it (--state)', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const stop = demoRoute.stops[1]!;
    const drive = simulateDrive(demoRoute, { startU: stop.distance - 900, endU: stop.distance + 400, cruiseMps: 10, holds: [{ u: stop.distance + 2, dwellS: 120, kind: 'stop' }] });
    const epochs = receiverEpochs(drive, { rateHz: 1, noise: urbanNoise, seed: 3 });
    const hold = drive.holds[0]!;
    const cut = epochs.findIndex((e) => e.time.getTime() >= hold.arriveMs + 30_000);
    const resume = epochs.findIndex((e) => e.time.getTime() >= hold.arriveMs + 60_000);
    writeFileSync(join(dir.path, 'before.nmea'), nmeaOf(epochs.slice(0, cut)));
    writeFileSync(join(dir.path, 'after.nmea'), nmeaOf(epochs.slice(resume)));
    const state = join(dir.path, 'bus.sqlite');

    const first = await replay(['--route', routePath, '--state', state, join(dir.path, 'before.nmea')]);
    expect(first.code).toBe(0);
    expect(first.events.map((e) => `${e.type}:${e.stopId}`)).toEqual([`approaching:${stop.id}`, `arrived:${stop.id}`]);
    expect(first.events[1]).toMatchObject({ lap: 1, time: new Date(first.events[1]!.time as string).toISOString() });

    const second = await replay(['--route', routePath, '--state', state, join(dir.path, 'after.nmea')]);
    expect(second.code).toBe(0);
    expect(second.events.map((e) => `${e.type}:${e.stopId}`)).toEqual([`departed:${stop.id}`, 'passing:hongshiya-primary']);

    const store = unwrap(Store.open(state, new ManualClock()));
    expect(store.recentTripEvents(10).map((e) => e.type)).toEqual(['passing', 'departed', 'arrived', 'approaching']);
    store.close();

    // Without the state, the same second half knows nothing of the stop: the bus is placed past it.
    const fresh = await replay(['--route', routePath, join(dir.path, 'after.nmea')]);
    expect(fresh.events.filter((e) => e.type === 'arrived')).toEqual([]);
  });

  it('reports a bad route file and bad usage with exit codes', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const bad = join(dir.path, 'bad.geojson');
    writeFileSync(bad, '{"type":"FeatureCollection","features":[]}');
    const r = await replay(['--route', bad, '-']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no LineString feature');
    expect((await replay([])).code).toBe(2);
  });
});
