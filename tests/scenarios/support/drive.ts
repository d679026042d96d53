/**
 * Generates a bus drive along a route with known truth: where and when the bus stood, crossed each
 * stop and node, left and rejoined the route. Kinematics at 10 Hz; the receiver samples it.
 */
import { fromLocal } from '../../../src/route/frame.ts';
import type { Route } from '../../../src/route/model.ts';

export type HoldKind = 'stop' | 'light' | 'queue' | 'park';

export interface Plan {
  /** Unwrapped distances along the loop (lap × length + distance). */
  startU: number;
  endU: number;
  cruiseMps: number;
  /** Where the bus halts and for how long. A `stop` hold serves the stop whose visit it is at. */
  holds: { u: number; dwellS: number; kind: HoldKind }[];
  /** Speed caps over stretches (a queue crawls). */
  slow?: { from: number; to: number; mps: number }[];
  /** Stretches driven on a parallel street `offsetM` to the right instead of on the route. */
  detours?: { from: number; to: number; offsetM: number }[];
  startTime?: string;
}

export interface TruthSample {
  ms: number;
  x: number;
  y: number;
  /** Unwrapped distance along the loop of the bus's progress (also during a detour). */
  u: number;
  speed: number;
  track: number;
  onRoute: boolean;
}

export interface HoldTruth {
  kind: HoldKind;
  u: number;
  arriveMs: number;
  departMs: number;
}

export interface Drive {
  samples: TruthSample[];
  holds: HoldTruth[];
  /** Time the bus's progress crossed an unwrapped distance (first crossing), or null. */
  crossMs(u: number): number | null;
  detours: { from: number; to: number; leaveMs: number; rejoinMs: number }[];
  startMs: number;
  toLonLat(x: number, y: number): { lon: number; lat: number };
}

const stepMs = 100;
const accel = 1.0;
const decel = 1.2;
const rampM = 80;

export function simulateDrive(route: Route, plan: Plan): Drive {
  const line = route.line;
  const startMs = Date.parse(plan.startTime ?? '2026-11-23T01:00:00.000Z');
  const holds = [...plan.holds].sort((a, b) => a.u - b.u);
  const samples: TruthSample[] = [];
  const holdTruth: HoldTruth[] = [];
  let u = plan.startU;
  let v = holds.length > 0 && holds[0]!.u - u < 1 ? 0 : plan.cruiseMps;
  let ms = startMs;
  let h = 0;
  let lastX = NaN, lastY = NaN, track = line.pointAt(u).bearing;
  const place = () => {
    const at = line.localAt(u);
    let x = at.x, y = at.y;
    const detour = plan.detours?.find((d) => u > d.from && u < d.to);
    let off = 0;
    if (detour) {
      off = detour.offsetM * Math.min(1, (u - detour.from) / rampM, (detour.to - u) / rampM);
      x += line.uy[at.segment]! * off;
      y -= line.ux[at.segment]! * off;
    }
    if (Number.isFinite(lastX) && Math.hypot(x - lastX, y - lastY) > 0.05) {
      track = ((Math.atan2(x - lastX, y - lastY) * 180) / Math.PI + 360) % 360;
    }
    lastX = x; lastY = y;
    samples.push({ ms, x, y, u, speed: v, track, onRoute: off < 20 });
  };
  while (u < plan.endU) {
    const hold = holds[h];
    if (hold && hold.u - u < 0.5) {
      u = Math.max(u, hold.u);
      v = 0;
      const arriveMs = ms;
      for (let k = 0; k < hold.dwellS * 10; k++) { place(); ms += stepMs; }
      holdTruth.push({ kind: hold.kind, u: hold.u, arriveMs, departMs: ms });
      h++;
      continue;
    }
    let limit = plan.cruiseMps;
    for (const s of plan.slow ?? []) if (u >= s.from && u < s.to) limit = Math.min(limit, s.mps);
    if (hold) limit = Math.min(limit, Math.sqrt(2 * decel * Math.max(0, hold.u - u)) + 0.3);
    v = v < limit ? Math.min(limit, v + accel * stepMs / 1000) : limit;
    place();
    u += v * stepMs / 1000;
    ms += stepMs;
  }
  const detours = (plan.detours ?? []).map((d) => ({
    ...d,
    leaveMs: samples.find((s) => s.u >= d.from + rampM / 2)!.ms,
    rejoinMs: samples.find((s) => s.u >= d.to - rampM / 5)!.ms,
  }));
  return {
    samples,
    holds: holdTruth,
    detours,
    startMs,
    crossMs: (target) => samples.find((s) => s.u >= target)?.ms ?? null,
    toLonLat: (x, y) => fromLocal(line.frame, x, y),
  };
}
