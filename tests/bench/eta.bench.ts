/**
 * Arrival predictions on generated service days of the demo loop (support/eta-days.ts): three
 * weeks, the tracker and the model fed every fix as on the bus (NMEA decoded, urban GNSS noise);
 * the model learns from all of it, and the last five days (three working days, a weekend) are
 * scored every 30 s of GNSS time at each fixed stop (support/eta-score.ts). Peer in the same run:
 * the kiosk's former estimate, metres to the stop along the loop at the current speed.
 */
import type { TripState } from '../../src/trip/types.ts';
import { ArrivalModel } from '../../src/predict/model.ts';
import { predictArrivals } from '../../src/predict/predict.ts';
import { Tracker } from '../../src/trip/tracker.ts';
import { demoRoute } from '../scenarios/support/scenarios.ts';
import { serviceDay, type StopArrival } from './support/eta-days.ts';
import { buckets, Scorer } from './support/eta-score.ts';

const firstDay = Date.UTC(2026, 10, 2); // a Monday
const days = 21;
const scoredDays = 5;
const everyS = 30;
/** Below this the naive estimate has nothing to divide by (it would swing without bound). */
const crawlMps = 1.5;

function naiveArrivalMs(state: TripState, stopDistance: number, nowMs: number): number | null {
  const L = demoRoute.length;
  const pos = ((state.distance % L) + L) % L;
  let metres = (stopDistance - pos + L) % L;
  if (metres < 1) metres = L;
  return state.speed > crawlMps ? nowMs + (metres / state.speed) * 1000 : null;
}

function nextArrival(list: readonly StopArrival[], afterMs: number): number | null {
  for (const a of list) if (a.ms > afterMs) return a.ms;
  return null;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export async function run(): Promise<void> {
  const tracker = new Tracker(demoRoute);
  const model = new ArrivalModel(demoRoute);
  const ours = { all: new Scorer(), workday: new Scorer(), weekend: new Scorer() };
  const naive = { all: new Scorer(), workday: new Scorer(), weekend: new Scorer() };
  let fixes = 0, laps = 0, longHolds = 0;
  const started = performance.now();
  for (let d = 0; d < days; d++) {
    const day = new Date(firstDay + d * 86_400_000).toISOString().slice(0, 10);
    const service = serviceDay(demoRoute, day, 7 + d);
    fixes += service.fixes.length;
    laps += service.laps;
    longHolds += service.longHolds;
    const scored = d >= days - scoredDays;
    const byStop = new Map(demoRoute.stops.map((s) => [s.id, service.arrivals.filter((a) => a.stopId === s.id)]));
    let lastSlot = -Infinity;
    for (const fix of service.fixes) {
      model.learn(tracker.update(fix));
      if (!scored || fix.time === null) continue;
      const nowMs = Date.parse(fix.time);
      const slot = Math.floor(nowMs / (everyS * 1000));
      if (slot <= lastSlot) continue;
      lastSlot = slot;
      const state = tracker.state();
      if (!state.synced || state.time === null) continue;
      const predicted = predictArrivals(model, state, nowMs);
      for (const stop of demoRoute.stops) {
        const actual = nextArrival(byStop.get(stop.id)!, nowMs);
        if (actual === null) continue;
        const mine = predicted.find((a) => a.id === stop.id);
        const theirs = naiveArrivalMs(state, stop.distance, nowMs);
        for (const s of [ours.all, ours[service.weekend ? 'weekend' : 'workday']]) s.add(nowMs, actual, mine ? Date.parse(mine.arrival) : null);
        for (const s of [naive.all, naive[service.weekend ? 'weekend' : 'workday']]) s.add(nowMs, actual, theirs);
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`${days} service days (07:00–18:30), ${laps} laps, ${fixes} fixes, ${longHolds} long holds; trained on all, scored on the last ${scoredDays} every ${everyS} s at ${demoRoute.stops.length} stops; ${seconds.toFixed(1)} s`);
  console.log(`model: ${model.outliers} observations set aside as outliers`);
  console.log(`${'horizon'.padEnd(10)} ${'window'.padEnd(12)} ${'ours'.padStart(8)} ${'naive'.padStart(8)}   predictions (ours made / naive made / owed)`);
  const mine = ours.all.shares();
  const theirs = naive.all.shares();
  buckets.forEach((b, i) => {
    const t = ours.all.tallies[i]!;
    const n = naive.all.tallies[i]!;
    console.log(`${b.label.padEnd(10)} ${`-${b.earlyS}/+${b.lateS} s`.padEnd(12)} ${pct(mine[i]!).padStart(8)} ${pct(theirs[i]!).padStart(8)}   ${t.made} / ${n.made} / ${t.made + t.none}`);
  });
  console.log(`${'overall'.padEnd(23)} ${pct(ours.all.overall()).padStart(8)} ${pct(naive.all.overall()).padStart(8)}`);
  console.log(`working days: ours ${pct(ours.workday.overall())}, naive ${pct(naive.workday.overall())}; weekend: ours ${pct(ours.weekend.overall())}, naive ${pct(naive.weekend.overall())}`);
  const worst = Math.min(...mine);
  console.log(`target: overall ≥ 90% (${pct(ours.all.overall())}), every bucket ≥ 85% (worst ${pct(worst)}): ${ours.all.overall() >= 0.9 && worst >= 0.85 ? 'met' : 'NOT met'}`);
}
