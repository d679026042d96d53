import type { TripState } from '../trip/types.ts';
import type { ArrivalModel } from './model.ts';
import { median, quantile } from './robust.ts';
import type { BusState, PredictedArrival } from './types.ts';

export interface PredictOptions {
  /** Laps ahead to cover (every place once per lap); at least one. */
  laps?: number;
  /**
   * Which quantile of each learned time to use. Below the median leans early: a resident told a
   * little early waits a little, one told too late misses the bus.
   */
  quantile?: number;
}

/** A bus held beyond all its history at a stop is expected to leave soon after, not at once. */
const overdueDwellS = 10;

export function busStateOf(state: TripState): BusState {
  if (!state.onRoute) return 'off-route';
  if (state.stopped) return state.currentStop ? 'dwelling' : 'held';
  return 'moving';
}

/**
 * The next arrival at each stop and node ahead of the bus, in the order it will reach them, for at
 * least one full lap: the rest of the current segment in proportion to the metres left, a dwell at
 * each stop, then learned segment times at the hour each is expected to be driven. Pure: a function
 * of the model, the tracker's state and the time it is asked at.
 */
export function predictArrivals(model: ArrivalModel, state: TripState, now: Date | string | number, options: PredictOptions = {}): PredictedArrival[] {
  if (!state.synced || state.time === null || model.places.length === 0) return [];
  const q = options.quantile ?? 0.5;
  const laps = Math.max(1, Math.floor(options.laps ?? 1));
  const places = model.places;
  const n = places.length;
  const L = model.length;
  const nowMs = Math.max(new Date(now).getTime(), Date.parse(state.time));
  const bus = busStateOf(state);
  const pos = ((state.distance % L) + L) % L;
  let learned = false;
  const pick = (samples: number[], prior: number) => {
    if (samples.length === 0) return prior;
    learned = true;
    return quantile(samples, q);
  };

  // The segment the bus is on: from the last place at or behind it.
  let seg = n - 1;
  for (let i = 0; i < n; i++) if (places[i]!.distance <= pos) seg = i;
  const at = state.currentStop ? places.findIndex((p) => p.id === state.currentStop!.id) : -1;
  if (at >= 0) seg = at;
  let t = nowMs;
  if (at >= 0 && bus === 'dwelling') {
    const since = state.stoppedSince ? Date.parse(state.stoppedSince) : nowMs;
    t += remainingDwellS(model.dwellSamples(at, since), (nowMs - since) / 1000, model.priorDwellS, q) * 1000;
  }
  const here = places[seg]!.distance;
  const length = model.segmentLength(seg);
  // Standing a few metres short of the stop it is at counts as at it.
  let along = (((pos - here) % L) + L) % L;
  if (at >= 0 && along > length) along = 0;
  const left = Math.min(1, Math.max(0, 1 - along / length));
  t += left * pick(model.runSamples(seg, t), model.priorRunS(seg)) * 1000;

  // Unwrapped metres of each visit ahead give its lap, counted as trip events count them.
  let target = (state.lap - 1) * L + pos - along + length;
  const out: PredictedArrival[] = [];
  for (let k = 1; k <= n * laps; k++) {
    const i = (seg + k) % n;
    const p = places[i]!;
    out.push({
      id: p.id, kind: p.kind, name: p.name, arrival: new Date(Math.round(t)).toISOString(), inS: Math.round((t - nowMs) / 1000),
      lap: Math.floor((target + 0.01) / L) + 1, basis: learned ? 'learned' : 'prior', ...(bus === 'off-route' ? { uncertain: true as const } : {}),
    });
    let step = 0;
    if (p.kind === 'stop') step += pick(model.dwellSamples(i, t), model.priorDwellS);
    step += pick(model.runSamples(i, t + step * 1000), model.priorRunS(i));
    t += step * 1000;
    target += model.segmentLength(i);
  }
  return out;
}

/** Of the dwells that lasted longer than this one so far, how much longer they went on (median). */
function remainingDwellS(samples: readonly number[], elapsedS: number, priorS: number, q: number): number {
  if (samples.length === 0) return Math.max(overdueDwellS, priorS - elapsedS);
  const longer = samples.filter((d) => d > elapsedS).map((d) => d - elapsedS);
  if (longer.length === 0) return overdueDwellS;
  return q === 0.5 ? median(longer) : quantile(longer, q);
}
