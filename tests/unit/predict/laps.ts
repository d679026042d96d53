/** Trip events of generated laps with known running and dwell times, for the prediction engine's unit tests. */
import { delays } from '../../../src/core/delays.ts';
import type { LoopPlace } from '../../../src/predict/types.ts';
import type { TripEvent } from '../../../src/trip/types.ts';

export interface LapPlan {
  /** Seconds from place i to place i+1 (the last wraps to the first). */
  runS: number[];
  /** Seconds standing at place i (ignored for nodes). */
  dwellS: number[];
}

/**
 * Events of `laps` laps starting when the bus arrives at the first place of lap `firstLap`;
 * returns the events and the arrival time at each place (ms), in order.
 */
export function lapEvents(places: readonly LoopPlace[], startMs: number, plans: LapPlan[], firstLap = 1): { events: TripEvent[]; arrivals: { id: string; lap: number; ms: number }[]; endMs: number } {
  const events: TripEvent[] = [];
  const arrivals: { id: string; lap: number; ms: number }[] = [];
  let t = startMs;
  plans.forEach((plan, k) => {
    const lap = firstLap + k;
    places.forEach((p, i) => {
      const base = { stopId: p.id, lap, distance: p.distance, name: p.name };
      arrivals.push({ id: p.id, lap, ms: t });
      if (p.kind === 'stop') {
        events.push({ ...base, type: 'arrived', time: iso(t + delays.tripStopDwellMs) });
        t += plan.dwellS[i]! * 1000;
        events.push({ ...base, type: 'departed', time: iso(t) });
      } else {
        events.push({ ...base, type: 'passing', time: iso(t) });
      }
      t += plan.runS[i]! * 1000;
    });
  });
  return { events, arrivals, endMs: t };
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** The same plan lap after lap. */
export const repeat = (plan: LapPlan, n: number): LapPlan[] => Array.from({ length: n }, () => plan);
