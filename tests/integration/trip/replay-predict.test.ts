/**
 * The scoring contract, as a scorer would use it: `lianxin replay --predict SECONDS` run as a child
 * process over two days of generated NMEA, the learned model carried from one day to the next in
 * `--state`.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp.ts';
import { simulateDrive, type Drive } from '../../scenarios/support/drive.ts';
import { nmeaOf, receiverEpochs, urbanNoise } from '../../scenarios/support/receiver.ts';
import { demoRoute } from '../../scenarios/support/scenarios.ts';

const root = new URL('../../../', import.meta.url).pathname;
const routePath = join(root, 'assets/routes/hongfu-loop.geojson');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function lianxin(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [join(root, 'bin/lianxin.mjs'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const L = demoRoute.length;
/** A day's laps; the second stop is slow to serve (60 s), the prior knows nothing of it. */
function day(startTime: string, laps: number, seed: number): { drive: Drive; nmea: string } {
  const holds = Array.from({ length: laps }, (_, lap) => demoRoute.stops.map((s, k) => ({ u: lap * L + s.distance + 2, dwellS: k === 1 ? 60 : 20, kind: 'stop' as const }))).flat();
  const drive = simulateDrive(demoRoute, { startU: 0, endU: laps * L - 200, cruiseMps: 11, holds, startTime });
  return { drive, nmea: nmeaOf(receiverEpochs(drive, { rateHz: 1, noise: urbanNoise, seed })) };
}

type Line = Record<string, unknown>;
const lines = (out: string): Line[] => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);

/** Seconds by which each prediction made within 15 min of the actual arrival missed it. */
function errorsS(predictions: Line[], drive: Drive): number[] {
  const arrivals = drive.holds.filter((h) => h.kind === 'stop').map((h) => ({ id: demoRoute.stops.find((s) => Math.abs(((h.u - 2) % L) - s.distance) < 1)!.id, ms: h.arriveMs }));
  const out: number[] = [];
  for (const p of predictions) {
    const made = Date.parse(p.time as string);
    const actual = arrivals.find((a) => a.id === p.stopId && a.ms >= made);
    if (!actual || actual.ms - made > 15 * 60_000) continue;
    out.push((Date.parse(p.arrival as string) - actual.ms) / 1000);
  }
  return out;
}

const medianAbs = (xs: number[]) => [...xs].map(Math.abs).sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('replay --predict (child process)', () => {
  it('prints one prediction per fixed stop every SECONDS of GNSS time beside the trip events, and --state carries the model to the next day', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const monday = day('2026-11-23T00:30:00.000Z', 3, 1);
    const tuesday = day('2026-11-24T00:30:00.000Z', 2, 2);
    writeFileSync(join(dir.path, 'monday.nmea'), monday.nmea);
    writeFileSync(join(dir.path, 'tuesday.nmea'), tuesday.nmea);
    const state = join(dir.path, 'bus.sqlite');

    const first = await lianxin(['replay', '--route', routePath, '--state', state, '--predict', '30', join(dir.path, 'monday.nmea')]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const out = lines(first.stdout);
    const predictions = out.filter((l) => l.type === 'prediction');
    expect(out.filter((l) => l.type === 'arrived')).toHaveLength(3 * demoRoute.stops.length);
    for (const p of predictions) {
      expect(Object.keys(p)).toEqual(['type', 'time', 'stopId', 'arrival']);
      expect(new Date(p.time as string).toISOString()).toBe(p.time);
      expect(Date.parse(p.arrival as string)).toBeGreaterThanOrEqual(Date.parse(p.time as string));
    }
    // Every 30 s slot of the drive, each fixed stop once, in route order.
    const made = [...new Set(predictions.map((p) => p.time as string))];
    expect(predictions).toHaveLength(made.length * demoRoute.stops.length);
    for (const t of made) {
      expect(predictions.filter((p) => p.time === t).map((p) => p.stopId).sort()).toEqual(demoRoute.stops.map((s) => s.id).sort());
    }
    const durationS = (monday.drive.samples.at(-1)!.ms - monday.drive.startMs) / 1000;
    expect(made.length).toBeGreaterThan(durationS / 30 - 3);
    for (let k = 1; k < made.length; k++) {
      expect(Math.floor(Date.parse(made[k]!) / 30_000)).toBeGreaterThan(Math.floor(Date.parse(made[k - 1]!) / 30_000));
    }

    // Tuesday with Monday's model against Tuesday from nothing: the history makes the difference.
    const learned = await lianxin(['replay', '--route', routePath, '--state', state, '--predict', '60', join(dir.path, 'tuesday.nmea')]);
    const fresh = await lianxin(['replay', '--route', routePath, '--predict', '60', join(dir.path, 'tuesday.nmea')]);
    expect(learned.code).toBe(0);
    expect(fresh.code).toBe(0);
    const firstLap = (l: Line) => l.type === 'prediction' && Date.parse(l.time as string) < tuesday.drive.startMs + 15 * 60_000;
    const withHistory = errorsS(lines(learned.stdout).filter(firstLap), tuesday.drive);
    const fromPrior = errorsS(lines(fresh.stdout).filter(firstLap), tuesday.drive);
    expect(withHistory.length).toBeGreaterThan(20);
    expect(medianAbs(withHistory)).toBeLessThan(30);
    expect(medianAbs(fromPrior)).toBeGreaterThan(2 * medianAbs(withHistory));
  });

  it('refuses a bad --predict with a clear message and exit code 2', async () => {
    const r = await lianxin(['replay', '--route', routePath, '--predict', 'soon', '-']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--predict needs whole seconds from 1 to 3600, not "soon"');
  });
});
