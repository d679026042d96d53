/**
 * Trip tracker benchmark.
 * (1) The scenario suite's totals for our tracker and for a naive radius geofence on the same traces.
 * (2) Microseconds per fix on the demo loop at 10 Hz: our tracker vs projecting each fix with turf's
 *     nearestPointOnLine over the whole route, same run, with the ratio.
 */
import { lineString, nearestPointOnLine, point } from '@turf/turf';
import type { Fix } from '../../hardware/gps/types.ts';
import { Tracker } from '../../src/trip/tracker.ts';
import { simulateDrive } from '../scenarios/support/drive.ts';
import { fixesOf } from '../scenarios/support/fixes.ts';
import { receiverEpochs, urbanNoise, type Noise } from '../scenarios/support/receiver.ts';
import { runNaive, runOurs } from '../scenarios/support/run.ts';
import { buildTrace, demoRoute, scenarios, type Trace } from '../scenarios/support/scenarios.ts';
import { addScores, emptyScore, scoreEvents, type Score } from '../scenarios/support/score.ts';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

const row = (name: string, s: Score) =>
    `${name.padEnd(22)} ${String(s.expected).padStart(8)} ${String(s.correct).padStart(8)} ${String(s.missed).padStart(7)} ${String(s.doubled).padStart(8)} ${String(s.false).padStart(6)}   ` +
    (s.leads.length ? `${Math.min(...s.leads).toFixed(0)} s / ${median(s.leads).toFixed(0)} s` : '—');

function totals(noise?: Noise, seeds: number[] = [0]): { ours: Score; naive: Score; traces: Trace[] } {
  let ours = emptyScore();
  let naive = emptyScore();
  const traces: Trace[] = [];
  scenarios().forEach((s, i) => {
    for (const seed of seeds) {
      const receiver = noise ? { ...s.receiver, noise, seed } : s.receiver;
      const t = buildTrace({ ...s, receiver }, i);
      traces.push(t);
      ours = addScores(ours, scoreEvents(runOurs(t), t.expected, t.ignored));
      naive = addScores(naive, scoreEvents(runNaive(t), t.expected, t.ignored));
    }
  });
  return { ours, naive, traces };
}

function suiteTotals(): void {
  const { ours, naive, traces } = totals();
  console.log(`(1) scenario suite: ${traces.length} generated drives, ${traces.reduce((n, t) => n + t.fixes.length, 0)} fixes`);
  console.log(`${'detector'.padEnd(22)} expected  correct  missed  doubled  false   approach lead min / median`);
  console.log(row('ours (along route)', ours));
  console.log(row('naive radius geofence', naive));
  // Beyond the suite: the same drives under harsher skies, three receivers each.
  for (const noise of [
    { sigmaM: 15, biasM: 8, jumpRate: 0.03, jumpM: 150 },
    { sigmaM: 20, biasM: 10, jumpRate: 0.05, jumpM: 200 },
  ]) {
    const harsh = totals(noise, [1, 2, 3]);
    console.log(`stress σ ${noise.sigmaM} m, bias ${noise.biasM} m, ${noise.jumpRate * 100}% jumps of ${noise.jumpM} m (${harsh.traces.length} drives):`);
    console.log(row('  ours', harsh.ours));
    console.log(row('  naive', harsh.naive));
  }
}

function perFixMicros(update: (fix: Fix) => void, fixes: readonly Fix[]): number[] {
  const out = new Array<number>(fixes.length);
  for (let i = 0; i < fixes.length; i++) {
    const t0 = process.hrtime.bigint();
    update(fixes[i]!);
    out[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return out;
}

function speed(): void {
  const drive = simulateDrive(demoRoute, {
    startU: 0, endU: demoRoute.length, cruiseMps: 10,
    holds: demoRoute.stops.map((s) => ({ u: s.distance + 2, dwellS: 20, kind: 'stop' as const })),
  });
  const fixes = fixesOf(receiverEpochs(drive, { rateHz: 10, noise: urbanNoise, seed: 7 }));
  // Timer overhead, measured the same way around nothing.
  const overhead = median(perFixMicros(() => {}, fixes));
  let ours: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    const tracker = new Tracker(demoRoute);
    const run = perFixMicros((f) => tracker.update(f), fixes);
    if (rep > 0) ours = ours.concat(run);
  }
  const line = lineString(demoRoute.line.coordinates.map(([lon, lat]) => [lon, lat]));
  const sample = fixes.filter((_, i) => i % 10 === 0);
  perFixMicros((f) => nearestPointOnLine(line, point([f.lon, f.lat])), sample.slice(0, 200));
  const turf = perFixMicros((f) => nearestPointOnLine(line, point([f.lon, f.lat])), sample);
  const o = median(ours) - overhead;
  const t = median(turf) - overhead;
  console.log(`\n(2) per fix, demo loop (${demoRoute.line.segmentCount} segments, ${(demoRoute.length / 1000).toFixed(2)} km), 10 Hz drive of ${fixes.length} fixes, timer overhead ${overhead.toFixed(2)} µs subtracted`);
  console.log(`ours (tracker.update, full pipeline)     median ${o.toFixed(2)} µs   p90 ${(pct(ours, 0.9) - overhead).toFixed(2)} µs   p99 ${(pct(ours, 0.99) - overhead).toFixed(2)} µs   (${ours.length} fixes)`);
  console.log(`turf nearestPointOnLine (projection only) median ${t.toFixed(2)} µs   p90 ${(pct(turf, 0.9) - overhead).toFixed(2)} µs   (${turf.length} fixes)`);
  console.log(`ratio turf / ours: ${(t / o).toFixed(0)}×`);
}

export async function run(): Promise<void> {
  suiteTotals();
  speed();
}
