/**
 * The arrival prediction engine: prior without history, learning by hour and day type, robustness
 * to an outlier lap, the bus's state (moving, dwelling, held, off route), completed laps only, and
 * its snapshot. Trip events are generated with known times; the tracker itself is tested elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { ArrivalModel } from '../../../src/predict/model.ts';
import { predictArrivals } from '../../../src/predict/predict.ts';
import type { TripState } from '../../../src/trip/types.ts';
import { demoRoute } from '../../scenarios/support/scenarios.ts';
import { iso, lapEvents, repeat, type LapPlan } from './laps.ts';

const model0 = new ArrivalModel(demoRoute);
const places = model0.places;
const n = places.length;
const stopIdx = places.map((p, i) => (p.kind === 'stop' ? i : -1)).filter((i) => i >= 0);
// 2026-11-23 is a Monday; 00:00Z is 08:00 in Qingdao (peak), 06:00Z is 14:00.
const monday8 = Date.parse('2026-11-23T00:00:00Z');
const monday14 = Date.parse('2026-11-23T06:00:00Z');
const saturday8 = Date.parse('2026-11-28T00:00:00Z');

const plan = (runS: number, dwellS = 40): LapPlan => ({ runS: places.map(() => runS), dwellS: places.map(() => dwellS) });

/** The bus at place i of `lap`, moving on (or standing there), as the tracker reports it. */
function at(i: number, lap: number, ms: number, extra: Partial<TripState> = {}): TripState {
  const p = places[i]!;
  return {
    synced: true, onRoute: true, distance: p.distance, lap, speed: 8, stopped: false,
    nextStop: null, currentStop: null, time: iso(ms), ...extra,
  };
}

function trained(laps: LapPlan[], startMs = monday8, options = {}): { model: ArrivalModel; endMs: number } {
  const model = new ArrivalModel(demoRoute, options);
  const { events, endMs } = lapEvents(places, startMs, laps);
  model.learn(events);
  return { model, endMs };
}

describe('arrival prediction engine', () => {
  it('starts from the prior with no history: every stop and node once, for a full lap, at the typical speed', () => {
    const now = monday8;
    const out = predictArrivals(model0, at(0, 1, now), now);
    expect(out.map((a) => a.id)).toEqual([...places.slice(1), places[0]].map((p) => p!.id));
    expect(out.every((a) => a.basis === 'prior')).toBe(true);
    // First place ahead: the whole segment at the typical speed.
    expect(out[0]!.inS).toBe(Math.round(model0.segmentLength(0) / model0.typicalSpeedMps));
    // A full lap: loop length at the typical speed plus the prior dwell at every stop but the last.
    const lapS = demoRoute.length / model0.typicalSpeedMps + model0.priorDwellS * (stopIdx.length - 1);
    expect(Math.abs(out.at(-1)!.inS - lapS)).toBeLessThan(2);
    expect(out.at(-1)!.lap).toBe(2);
    for (let k = 1; k < out.length; k++) expect(Date.parse(out[k]!.arrival)).toBeGreaterThan(Date.parse(out[k - 1]!.arrival));
    // More laps on request.
    expect(predictArrivals(model0, at(0, 1, now), now, { laps: 2 })).toHaveLength(2 * n);
    // Unplaced bus: nothing to say.
    expect(predictArrivals(model0, { ...at(0, 1, now), synced: false }, now)).toEqual([]);
  });

  it('learns running times between places and dwells at stops from completed laps', () => {
    const { model } = trained(repeat(plan(100, 40), 6));
    const now = monday8 + 3 * 3600_000;
    const out = predictArrivals(model, at(0, 7, now), now);
    expect(out.every((a) => a.basis === 'learned')).toBe(true);
    // Leaving place 0 (a stop, already served): 100 s per segment, 40 s at each stop passed on the way.
    let expected = 0;
    out.forEach((a, k) => {
      expected += 100;
      expect(a.inS).toBe(expected);
      if (places[(k + 1) % n]!.kind === 'stop') expected += 40;
    });
    // Half-way along a segment: half its time left.
    const half = { ...at(0, 7, now), distance: places[0]!.distance + model.segmentLength(0) / 2 };
    expect(predictArrivals(model, half, now)[0]!.inS).toBe(50);
  });

  it('counts a lap only once it is complete', () => {
    const model = new ArrivalModel(demoRoute);
    const { events } = lapEvents(places, monday8, repeat(plan(100), 2));
    const firstLap = events.filter((e) => e.lap === 1);
    model.learn(firstLap);
    expect(model.samples).toBe(0);
    model.learn(events.filter((e) => e.lap === 2).slice(0, 1));
    // Lap 1: n - 1 segments (the one into lap 2 belongs to lap 2) and every stop's dwell.
    expect(model.samples).toBe(n - 1 + stopIdx.length);
  });

  it('keeps hours of the day and day types apart, with the desk calendar deciding holidays', () => {
    const calendar = { holidays: new Set(['2026-11-25']), makeUpWorkdays: new Set(['2026-11-29']) };
    const model = new ArrivalModel(demoRoute, { calendar });
    const feed = (startMs: number, runS: number, laps = 6) => model.learn(lapEvents(places, startMs, repeat(plan(runS), laps)).events);
    feed(monday8, 150); // working-day peak, 08:00–09:xx
    feed(monday14, 80); // working-day afternoon
    feed(saturday8, 60); // weekend morning
    const first = (ms: number) => predictArrivals(model, at(0, 9, ms), ms)[0]!.inS;
    const tuesday8 = Date.parse('2026-11-24T00:10:00Z');
    const tuesday14 = Date.parse('2026-11-24T06:10:00Z');
    expect(first(tuesday8)).toBe(150);
    expect(first(tuesday14)).toBe(80);
    expect(first(Date.parse('2026-11-29T00:10:00Z'))).toBe(150); // a Sunday worked as a make-up day
    expect(first(Date.parse('2026-11-22T00:10:00Z'))).toBe(60); // a Sunday
    // A holiday with no history of its own: the weekend speaks for it, not the working day.
    expect(first(Date.parse('2026-11-25T00:10:00Z'))).toBe(60);
    feed(Date.parse('2026-11-25T00:00:00Z'), 120);
    expect(first(Date.parse('2026-11-25T00:10:00Z'))).toBe(120);
    expect(first(tuesday8)).toBe(150);
  });

  it('is not moved by an outlier lap (a breakdown, a detour), yet follows traffic that changed for good', () => {
    const { model, endMs } = trained(repeat(plan(100, 40), 8));
    const now = endMs + 60_000;
    const before = predictArrivals(model, at(0, 9, now), now);
    // Lap 9: a 25-minute breakdown on segment 2, a 15-minute hold at a stop, a detour over segment 5.
    const bad = lapEvents(places, endMs, [{ runS: places.map((_, i) => (i === 2 ? 1600 : 100)), dwellS: places.map((_, i) => (i === stopIdx[1] ? 900 : 40)) }, plan(100)], 9);
    const detourFrom = bad.events.findIndex((e) => e.lap === 9 && e.stopId === places[5]!.id);
    bad.events.splice(detourFrom + 1, 0, { type: 'off_route', stopId: null, lap: 9, time: bad.events[detourFrom]!.time, distance: places[5]!.distance + 50 });
    model.learn(bad.events);
    expect(model.outliers).toBe(2);
    const after = predictArrivals(model, at(0, 11, now), now);
    expect(after.map((a) => a.inS)).toEqual(before.map((a) => a.inS));
    // Road works: segment 3 takes 300 s from now on. After a few laps in a row the model follows.
    const later = lapEvents(places, bad.endMs, repeat({ runS: places.map((_, i) => (i === 3 ? 300 : 100)), dwellS: places.map(() => 40) }, 10), 11);
    model.learn(later.events);
    const s3 = model.runSamples(3, later.endMs);
    expect(s3.filter((s) => s === 300).length).toBeGreaterThan(s3.length / 2);
  });

  it('uses the bus state: dwelling waits out the usual dwell, held and moving take the segment, off route is flagged', () => {
    const dwells = [20, 30, 40, 60, 90, 120];
    const laps = dwells.map((d) => plan(100, d));
    const { model, endMs } = trained([...laps, plan(100, 40), plan(100, 40)]);
    const stop = stopIdx[1]!;
    const now = endMs + 60_000;
    const standing = (elapsedS: number) => at(stop, 9, now, {
      stopped: true, speed: 0, stoppedSince: iso(now - elapsedS * 1000), currentStop: { id: places[stop]!.id, name: places[stop]!.name },
    });
    const next = (s: TripState) => predictArrivals(model, s, now)[0]!;
    expect(next(standing(0)).id).toBe(places[stop + 1]!.id);
    // Dwells seen at this stop: 20, 30, 40, 40 (the 7th lap), 60, 90, 120 s. Just arrived: the median (40 s) then 100 s.
    expect(next(standing(0)).inS).toBe(140);
    // 50 s in: of the dwells longer than that (60, 90, 120) the median remaining is 40 s.
    expect(next(standing(50)).inS).toBe(140);
    // Longer than any dwell seen: leaves shortly.
    expect(next(standing(400)).inS).toBe(110);
    // The same stop's next visit is a lap away.
    expect(predictArrivals(model, standing(0), now).at(-1)!.id).toBe(places[stop]!.id);
    // Held at a light half-way: half the segment left, whatever the speed reads.
    const mid = places[stop]!.distance + model.segmentLength(stop) / 2;
    expect(next(at(stop, 9, now, { distance: mid, stopped: true, speed: 0, stoppedSince: iso(now - 30_000) })).inS).toBe(50);
    expect(next(at(stop, 9, now, { distance: mid, speed: 12 })).inS).toBe(50);
    const off = predictArrivals(model, at(stop, 9, now, { distance: mid, onRoute: false }), now);
    expect(off.every((a) => a.uncertain === true)).toBe(true);
    // Deterministic: the same inputs, the same answer.
    expect(predictArrivals(model, standing(50), now)).toEqual(predictArrivals(model, standing(50), now));
  });

  it('survives its snapshot, and refuses one of another route or a damaged one', () => {
    const { model, endMs } = trained(repeat(plan(90, 30), 5));
    const json = model.snapshot();
    const again = ArrivalModel.restore(demoRoute, json);
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    const now = endMs;
    expect(predictArrivals(again.value, at(2, 6, now), now)).toEqual(predictArrivals(model, at(2, 6, now), now));
    expect(again.value.snapshot()).toBe(json);
    const other = JSON.stringify({ ...JSON.parse(json), route: 'deadbeef' });
    expect(ArrivalModel.restore(demoRoute, other)).toMatchObject({ ok: false, error: { code: 'route-changed' } });
    expect(ArrivalModel.restore(demoRoute, '{nope')).toMatchObject({ ok: false, error: { code: 'bad-state' } });
    const damaged = JSON.parse(json);
    damaged.run.slots['99|workday|8'] = [1];
    expect(ArrivalModel.restore(demoRoute, JSON.stringify(damaged))).toMatchObject({ ok: false, error: { code: 'bad-state' } });
  });
});
