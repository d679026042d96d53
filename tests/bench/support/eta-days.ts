/**
 * Service days on the demo loop for the arrival benchmark: laps back to back from 07:00 to 18:30
 * Beijing time, each lap generated with its own traffic. What varies, and why:
 * - running speed by the kind of day and the hour (school and commuter peaks on working days),
 *   times the day's and the lap's traffic factors, with slow stretches of their own on each segment;
 * - a traffic light in the middle of every segment, red on some laps, for part of its cycle;
 * - dwell at a stop from the boardings (more in the peaks), a layover at the first stop;
 * - now and then a long hold (an accident ahead, a breakdown) somewhere on the loop.
 * Truth is when the bus came to a standstill at each stop, the moment the model predicts.
 */
import type { Fix } from '../../../hardware/gps/types.ts';
import type { Route } from '../../../src/route/model.ts';
import { simulateDrive, type Plan } from '../../scenarios/support/drive.ts';
import { fixesOf } from '../../scenarios/support/fixes.ts';
import { seeded } from '../../scenarios/support/random.ts';
import { receiverEpochs, urbanNoise } from '../../scenarios/support/receiver.ts';

export interface StopArrival {
  stopId: string;
  ms: number;
}

export interface ServiceDay {
  day: string;
  weekend: boolean;
  fixes: Fix[];
  arrivals: StopArrival[];
  laps: number;
  longHolds: number;
}

const hourMs = 3_600_000;
/** Beijing is UTC+8: 07:00 there is 23:00 UTC the day before. */
const serviceStartH = 7;
const serviceEndH = 18.5;
const redChance = 0.45;
const longHoldChance = 0.04;

/** Cruise speed (m/s) by the kind of day and the local hour. */
function cruiseMps(weekend: boolean, hour: number): number {
  if (weekend) return hour >= 10 && hour < 16 ? 7.0 : 8.0;
  if ((hour >= 7 && hour < 9) || (hour >= 16.5 && hour < 18.5)) return 5.5;
  if (hour >= 11 && hour < 13) return 7.0;
  return 8.5;
}

/** Boardings expected at a stop by the kind of day and the hour (Poisson mean). */
function boardingMean(weekend: boolean, hour: number): number {
  if (weekend) return 3;
  return (hour >= 7 && hour < 9) || (hour >= 16.5 && hour < 18.5) ? 6 : 2;
}

function poisson(random: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

/** One day of service starting at local 07:00 on `day` (YYYY-MM-DD), seeded by `seed`. */
export function serviceDay(route: Route, day: string, seed: number): ServiceDay {
  const rnd = seeded(seed);
  const weekend = [0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay());
  const L = route.length;
  const places = [...route.stops, ...route.nodes].sort((a, b) => a.distance - b.distance);
  const first = route.stops.reduce((a, b) => (a.distance <= b.distance ? a : b));
  const midpoints = places.map((p, i) => {
    const next = places[(i + 1) % places.length]!;
    const to = next.distance > p.distance ? next.distance : next.distance + L;
    return (p.distance + to) / 2;
  });
  const startMs = Date.parse(`${day}T00:00:00Z`) + (serviceStartH - 8) * hourMs;
  const endMs = Date.parse(`${day}T00:00:00Z`) + (serviceEndH - 8) * hourMs;
  const fixes: Fix[] = [];
  const arrivals: StopArrival[] = [];
  let ms = startMs;
  let laps = 0;
  let longHolds = 0;
  // Rain, a market day, roadworks: some days are slower all day.
  const dayTraffic = Math.exp(0.1 * rnd.normal());
  for (let lap = 0; ms < endMs; lap++) {
    const hour = serviceStartH + (ms - startMs) / hourMs;
    const traffic = dayTraffic * Math.exp(0.1 * rnd.normal());
    const cruise = cruiseMps(weekend, hour) * traffic;
    const base = lap * L + first.distance;
    const holds: Plan['holds'] = [];
    for (const stop of route.stops) {
      const u = base + ((stop.distance - first.distance + L) % L);
      const boarding = 8 + 3.5 * poisson(rnd.next, boardingMean(weekend, hour));
      const layover = stop.id === first.id ? 60 + 120 * rnd.next() : 0;
      holds.push({ u, dwellS: Math.round(boarding + layover), kind: 'stop' });
    }
    const slow: NonNullable<Plan['slow']> = [];
    for (const mid of midpoints) {
      const u = base + ((mid - first.distance + L) % L);
      if (rnd.next() < redChance) holds.push({ u, dwellS: Math.round(5 + 50 * rnd.next()), kind: 'light' });
      // A stretch of the segment behind the light crawls: parked cars, a school gate, a market.
      slow.push({ from: u - 150, to: u - 20, mps: cruise * (0.45 + 0.45 * rnd.next()) });
    }
    if (rnd.next() < longHoldChance) {
      longHolds++;
      holds.push({ u: base + 200 + (L - 400) * rnd.next(), dwellS: Math.round(180 + 300 * rnd.next()), kind: 'queue' });
    }
    const plan: Plan = { startU: base, endU: base + L, cruiseMps: cruise, holds, slow, startTime: new Date(ms).toISOString() };
    const drive = simulateDrive(route, plan);
    for (const hold of drive.holds) {
      if (hold.kind !== 'stop') continue;
      const stop = route.stops.find((s) => Math.abs(((hold.u - s.distance) % L + L) % L) < 1 || Math.abs(((hold.u - s.distance) % L + L) % L - L) < 1);
      if (stop) arrivals.push({ stopId: stop.id, ms: hold.arriveMs });
    }
    fixes.push(...fixesOf(receiverEpochs(drive, { rateHz: 1, noise: urbanNoise, seed: seed * 1000 + lap })));
    ms = drive.samples.at(-1)!.ms + 100;
    laps++;
  }
  return { day, weekend, fixes, arrivals, laps, longHolds };
}
