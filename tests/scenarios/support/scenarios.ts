/**
 * The scenario suite: drives generated with known truth over the demo loop, each turned into what a
 * receiver would send, with the events the tracker must produce. Shared by the tests and the bench.
 */
import { readFileSync } from 'node:fs';
import type { Fix } from '../../../hardware/gps/types.ts';
import { unwrap } from '../../../src/core/result.ts';
import { wgs84ToGcj02 } from '../../../src/route/datum.ts';
import { parseRouteGeoJson } from '../../../src/route/geojson.ts';
import type { Route } from '../../../src/route/model.ts';
import { simulateDrive, type Drive, type Plan } from './drive.ts';
import { fixesOf } from './fixes.ts';
import { cleanNoise, receiverEpochs, urbanNoise, type Noise, type ReceiverOptions } from './receiver.ts';
import type { Expected, Ignored } from './score.ts';

export const demoRouteText = readFileSync(new URL('../../../assets/routes/hongfu-loop.geojson', import.meta.url), 'utf8');
export const demoRoute: Route = unwrap(parseRouteGeoJson(demoRouteText));

/** The same loop as an Amap-style file: every position in GCJ-02. */
export function gcj02RouteText(): string {
  const doc = JSON.parse(demoRouteText) as { properties: { datum: string }; features: { geometry: { type: string; coordinates: unknown } }[] };
  doc.properties.datum = 'gcj02';
  const shift = ([lon, lat]: number[]) => {
    const g = wgs84ToGcj02({ lon: lon!, lat: lat! });
    return [g.lon, g.lat];
  };
  for (const f of doc.features) {
    f.geometry.coordinates = f.geometry.type === 'Point' ? shift(f.geometry.coordinates as number[]) : (f.geometry.coordinates as number[][]).map(shift);
  }
  return JSON.stringify(doc);
}

const L = demoRoute.length;
const at = (id: string, lap = 0) => lap * L + [...demoRoute.stops, ...demoRoute.nodes].find((p) => p.id === id)!.distance;

/** Where the return leg passes 宏福佳苑 on the other side of the road (~14 m from the outbound leg). */
export function returnLegTwin(stopId = 'hongfu-jiayuan'): number {
  const stop = demoRoute.stops.find((s) => s.id === stopId)!;
  const sx = demoRoute.line.localX(stop.lon), sy = demoRoute.line.localY(stop.lat);
  let best = 0, bestD = Infinity;
  for (let d = stop.distance + 500; d < stop.distance + L - 500; d += 0.5) {
    const p = demoRoute.line.localAt(d);
    const gap = Math.hypot(p.x - sx, p.y - sy);
    if (gap < bestD) { bestD = gap; best = d; }
  }
  return best;
}

export interface Scenario {
  name: string;
  plan: Plan;
  receiver: Omit<ReceiverOptions, 'seed'> & { seed?: number };
  /** The tracker is given this route (default: the demo loop). */
  routeText?: string;
  /** Power cut while standing: the tracker's state is saved at atS and restored rebootS later. */
  restart?: { atS: number; rebootS: number };
}

const serveAll = (lapEnd = 1): Plan['holds'] => {
  const holds: Plan['holds'] = [];
  for (let lap = 0; lap <= lapEnd; lap++) {
    for (const s of demoRoute.stops) holds.push({ u: at(s.id, lap) + 2, dwellS: 25, kind: 'stop' });
  }
  return holds;
};
const lapPlan = (extra: Partial<Plan> = {}): Plan => ({
  startU: 0,
  endU: L + 1000,
  cruiseMps: 10,
  ...extra,
  holds: [...serveAll().filter((h) => h.u < (extra.endU ?? L + 1000)), ...(extra.holds ?? [])],
});
const oneHz = (noise: Noise, extra: Partial<ReceiverOptions> = {}) => ({ rateHz: 1, noise, ...extra });
const withoutStop = (plan: Plan, id: string): Plan => ({ ...plan, holds: plan.holds.filter((h) => Math.abs(h.u - at(id) - 2) > 1) });

/** Seconds from the drive start to when the bus reaches u (computed on a clean simulation). */
function secondsTo(plan: Plan, u: number): number {
  const drive = simulateDrive(demoRoute, plan);
  return (drive.crossMs(u)! - drive.startMs) / 1000;
}

export function scenarios(): Scenario[] {
  const base = lapPlan();
  const shangyejie = at('hongshiya-shangyejie');
  const arriveShangyejie = secondsTo(base, shangyejie + 2);
  return [
    { name: 'clean drive', plan: base, receiver: oneHz(cleanNoise) },
    { name: 'urban noise', plan: base, receiver: oneHz(urbanNoise, { seed: 11 }) },
    { name: 'urban noise, other sky', plan: base, receiver: oneHz(urbanNoise, { seed: 12 }) },
    { name: '45 s outage across a node', plan: base, receiver: oneHz(urbanNoise, { outages: [{ atS: secondsTo(base, at('hongshiya-market')) - 20, seconds: 45 }] }) },
    { name: '45 s outage across an arrival', plan: base, receiver: oneHz(urbanNoise, { outages: [{ atS: arriveShangyejie - 10, seconds: 45 }] }) },
    { name: 'stop skipped', plan: withoutStop(base, 'hongshiya-shangyejie'), receiver: oneHz(urbanNoise) },
    {
      name: 'red lights short of a stop and a node',
      plan: lapPlan({ holds: [{ u: shangyejie - 70, dwellS: 45, kind: 'light' }, { u: at('sino-german-primary') - 45, dwellS: 45, kind: 'light' }] }),
      receiver: oneHz(urbanNoise),
    },
    { name: 'start in the middle of the loop', plan: lapPlan({ startU: 3000 }), receiver: oneHz(urbanNoise) },
    {
      name: 'restart while standing at a stop',
      plan: { ...base, holds: base.holds.map((h) => (h.u === shangyejie + 2 ? { ...h, dwellS: 90 } : h)) },
      receiver: oneHz(urbanNoise),
      restart: { atS: arriveShangyejie + 15, rebootS: 40 },
    },
    { name: '5 Hz receiver', plan: base, receiver: { rateHz: 5, noise: urbanNoise } },
    { name: 'route file in GCJ-02', plan: base, receiver: oneHz(urbanNoise), routeText: gcj02RouteText() },
    {
      name: 'detour around a node',
      plan: lapPlan({ detours: [{ from: at('hongshiya-market') - 250, to: at('hongshiya-market') + 250, offsetM: 150 }] }),
      receiver: oneHz(urbanNoise),
    },
    {
      name: 'crawling in a queue before a stop',
      plan: lapPlan({
        slow: [{ from: shangyejie - 260, to: shangyejie - 20, mps: 1.5 }],
        holds: [150, 115, 80, 50].map((m) => ({ u: shangyejie - m, dwellS: 8, kind: 'queue' as const })),
      }),
      receiver: oneHz(urbanNoise),
    },
    {
      name: 'parked for minutes with drifting fixes',
      plan: lapPlan({ holds: [{ u: at('hongshiya-primary') - 120, dwellS: 300, kind: 'park' }] }),
      receiver: oneHz({ ...urbanNoise, biasM: 8 }),
    },
    {
      name: 'two-way stretch: standing opposite a stop',
      plan: lapPlan({ holds: [{ u: returnLegTwin(), dwellS: 30, kind: 'light' }] }),
      receiver: oneHz(urbanNoise, { seed: 5 }),
    },
  ];
}

export interface Trace {
  scenario: Scenario;
  route: Route;
  drive: Drive;
  fixes: Fix[];
  expected: Expected[];
  ignored: Ignored[];
}

export function buildTrace(scenario: Scenario, index: number): Trace {
  const drive = simulateDrive(demoRoute, scenario.plan);
  const options: ReceiverOptions = { ...scenario.receiver, seed: scenario.receiver.seed ?? 100 + index };
  const fixes = fixesOf(receiverEpochs(drive, options));
  const route = scenario.routeText ? unwrap(parseRouteGeoJson(scenario.routeText)) : demoRoute;
  const { expected, ignored } = expectations(scenario, drive, options);
  return { scenario, route, drive, fixes, expected, ignored };
}

/** What a correct tracker reports for this drive, from its truth. */
function expectations(scenario: Scenario, drive: Drive, options: ReceiverOptions): { expected: Expected[]; ignored: Ignored[] } {
  const { plan } = scenario;
  const expected: Expected[] = [];
  const ignored: Ignored[] = [];
  const gaps = (options.outages ?? []).map((o) => ({ from: drive.startMs + o.atS * 1000, to: drive.startMs + (o.atS + o.seconds) * 1000 }));
  if (scenario.restart) {
    const from = drive.startMs + scenario.restart.atS * 1000;
    gaps.push({ from, to: from + scenario.restart.rebootS * 1000 });
  }
  const inGap = (ms: number) => gaps.find((g) => ms >= g.from && ms < g.to);
  const s = 1000;
  for (const place of [...demoRoute.stops, ...demoRoute.nodes]) {
    for (let lap = 0; lap * L + place.distance < plan.endU; lap++) {
      const target = lap * L + place.distance;
      if (target < plan.startU) continue;
      const cross = drive.crossMs(target);
      if (cross === null) continue;
      // Right after the start the tracker is still placing the bus: events there are not judged.
      if (target < plan.startU + 300) {
        ignored.push({ id: place.id, fromMs: drive.startMs, toMs: cross + 60 * s });
        continue;
      }
      const detour = drive.detours.find((d) => target > d.from && target < d.to);
      if (detour) {
        if (place.kind === 'stop') expected.push({ type: 'passed', id: place.id, fromMs: detour.rejoinMs, toMs: detour.rejoinMs + 25 * s });
        ignored.push({ id: place.id, type: 'approaching', fromMs: detour.leaveMs - 60 * s, toMs: detour.leaveMs + 20 * s });
        continue;
      }
      if (place.kind === 'node') {
        const gap = inGap(cross);
        if (gap) expected.push({ type: 'passing', id: place.id, fromMs: gap.to, toMs: gap.to + 15 * s, late: true });
        else expected.push({ type: 'passing', id: place.id, fromMs: cross - 25 * s, toMs: cross + 5 * s });
        continue;
      }
      const hold = drive.holds.find((h) => h.kind === 'stop' && Math.abs(h.u - target) < 15);
      const reference = hold ? hold.arriveMs : cross;
      const approachFrom = reference - 90 * s;
      const approachTo = reference - (hold ? 15 : 5) * s;
      const gapBefore = gaps.find((g) => g.from <= approachTo && g.to >= approachFrom);
      const clippedTo = gapBefore ? Math.min(approachTo, gapBefore.from) : approachTo;
      if (clippedTo > approachFrom) expected.push({ type: 'approaching', id: place.id, fromMs: approachFrom, toMs: clippedTo, arriveMs: hold?.arriveMs });
      if (!hold) {
        const gap = inGap(cross);
        expected.push({ type: 'passed', id: place.id, fromMs: gap ? gap.to : cross, toMs: (gap ? gap.to : cross) + 15 * s });
        continue;
      }
      const gap = inGap(hold.arriveMs);
      const rebooting = scenario.restart !== undefined && gap !== undefined && gap.to < hold.departMs;
      if (gap && !rebooting && gap.to > hold.departMs - 3 * s) {
        // The whole standstill fell in the outage: a record that the stop went by, never a late arrival.
        expected.push({ type: 'passed', id: place.id, fromMs: gap.to, toMs: gap.to + 15 * s });
        continue;
      }
      expected.push({ type: 'arrived', id: place.id, fromMs: gap && !rebooting ? gap.to : hold.arriveMs, toMs: hold.departMs });
      expected.push({ type: 'departed', id: place.id, fromMs: hold.departMs, toMs: hold.departMs + 25 * s });
    }
  }
  for (const d of drive.detours) {
    expected.push({ type: 'off_route', id: null, fromMs: d.leaveMs, toMs: d.leaveMs + 40 * s });
    expected.push({ type: 'on_route', id: null, fromMs: d.rejoinMs - 5 * s, toMs: d.rejoinMs + 25 * s });
  }
  return { expected, ignored };
}
