import { describe, expect, it } from 'vitest';
import type { Fix } from '../../../hardware/gps/types.ts';
import { unwrap } from '../../../src/core/result.ts';
import { Tracker } from '../../../src/trip/tracker.ts';
import type { TripEvent } from '../../../src/trip/types.ts';
import { simulateDrive } from '../../scenarios/support/drive.ts';
import { fixesOf } from '../../scenarios/support/fixes.ts';
import { cleanNoise, receiverEpochs } from '../../scenarios/support/receiver.ts';
import { demoRoute } from '../../scenarios/support/scenarios.ts';

const jiayuan = demoRoute.stops.find((s) => s.id === 'hongfu-jiayuan')!;
/** Drive from the loop start to 宏福佳苑 and stand there for a minute. */
function driveToJiayuan(): Fix[] {
  const drive = simulateDrive(demoRoute, { startU: 0, endU: jiayuan.distance + 200, cruiseMps: 10, holds: [{ u: jiayuan.distance + 2, dwellS: 60, kind: 'stop' }] });
  return fixesOf(receiverEpochs(drive, { rateHz: 1, noise: cleanNoise, seed: 1 }));
}
const feed = (t: Tracker, fixes: Fix[]) => fixes.flatMap((f) => t.update(f));
const standingAt = (fixes: Fix[]) => fixes.findIndex((f, i) => i > 20 && f.speed! < 0.3) + 10;

describe('tracker', () => {
  it('reports live state for the driver screen', () => {
    const fixes = driveToJiayuan();
    const t = new Tracker(demoRoute);
    expect(t.state().synced).toBe(false);
    feed(t, fixes.slice(0, 30));
    const s = t.state();
    expect(s).toMatchObject({ synced: true, onRoute: true, lap: 1, stopped: false, currentStop: null });
    expect(s.nextStop?.id).toBe('hongfu-jiayuan');
    expect(s.nextStop!.metresToGo).toBeCloseTo(jiayuan.distance - s.distance, 0);
    expect(s.time).toBe(fixes[29]!.time);
    feed(t, fixes.slice(30, standingAt(fixes)));
    expect(t.state()).toMatchObject({ stopped: true, currentStop: { id: 'hongfu-jiayuan' } });
    expect(t.state().nextStop?.id).toBe('hongshiya-shangyejie');
  });

  it('with a door sensor, waits for the door; the door confirms once', () => {
    const fixes = driveToJiayuan();
    const t = new Tracker(demoRoute, { doorSensor: true });
    const before = feed(t, fixes.slice(0, standingAt(fixes)));
    expect(before.map((e) => e.type)).toEqual(['approaching']);
    const door = t.doorOpen();
    expect(door).toMatchObject([{ type: 'arrived', stopId: 'hongfu-jiayuan', door: true, lap: 1 }]);
    expect(t.doorOpen()).toEqual([]);
  });

  it('ignores fixes without time, without a fix, with poor HDOP, or out of order', () => {
    const fixes = driveToJiayuan();
    const t = new Tracker(demoRoute);
    feed(t, fixes.slice(0, 10));
    const last = t.state().time;
    const f = fixes[10]!;
    expect(t.update({ ...f, time: null })).toEqual([]);
    expect(t.update({ ...f, mode: 1 })).toEqual([]);
    expect(t.update({ ...f, hdop: 12 })).toEqual([]);
    expect(t.update(fixes[5]!)).toEqual([]);
    expect(t.state().time).toBe(last);
  });

  it('driver re-sync to a stop announces the arrival once and carries on from there', () => {
    const fixes = driveToJiayuan();
    const t = new Tracker(demoRoute);
    feed(t, fixes.slice(0, 20));
    const sync = unwrap(t.resyncToStop('hongfu-jiayuan'));
    expect(sync).toMatchObject([{ type: 'arrived', stopId: 'hongfu-jiayuan', manual: true }]);
    expect(t.state().currentStop?.id).toBe('hongfu-jiayuan');
    expect(unwrap(t.resyncToStop('hongfu-jiayuan'))).toEqual([]);
    expect(t.resyncToStop('nowhere')).toMatchObject({ ok: false, error: { code: 'unknown-stop' } });
  });

  it('manual announcement gives the proper approaching event for the next stop', () => {
    const fixes = driveToJiayuan();
    const t = new Tracker(demoRoute);
    feed(t, fixes.slice(0, 20));
    const manual = t.announceNextStop();
    expect(manual).toMatchObject([{ type: 'approaching', stopId: 'hongfu-jiayuan', manual: true, lap: 1 }]);
    const rest: TripEvent[] = feed(t, fixes.slice(20));
    expect(rest.filter((e) => e.type === 'approaching')).toEqual([]);
  });

  it('restores only a state saved for the same route', () => {
    const t = new Tracker(demoRoute);
    feed(t, driveToJiayuan().slice(0, 40));
    const json = t.snapshot();
    expect(JSON.parse(json)).toBeTypeOf('object');
    const again = unwrap(Tracker.restore(demoRoute, json));
    expect(again.state()).toEqual(t.state());
    const other = { ...demoRoute, fingerprint: 'different' };
    expect(Tracker.restore(other, json)).toMatchObject({ ok: false, error: { code: 'route-changed' } });
    expect(Tracker.restore(demoRoute, '{"v":9}')).toMatchObject({ ok: false, error: { code: 'bad-state' } });
  });

  it('does not place the bus while a standing fix could be on either leg of the two-way road', () => {
    const t = new Tracker(demoRoute);
    const base = driveToJiayuan().find((f) => f.speed! < 0.3)!;
    const ms = Date.parse(base.time!);
    for (let k = 0; k < 5; k++) t.update({ ...base, time: new Date(ms + k * 1000).toISOString(), lat: base.lat - 0.00009 * 1.2 });
    expect(t.state().synced).toBe(false);
  });

  it('after a long power-off at a stop on the two-way road, places the bus there without a word', () => {
    const fixes = driveToJiayuan();
    const t = new Tracker(demoRoute);
    const stand = standingAt(fixes);
    feed(t, fixes.slice(0, stand));
    expect(t.state().currentStop?.id).toBe('hongfu-jiayuan');
    const saved = t.snapshot();
    // Next morning, same place: standing fixes fit either leg; the saved position decides.
    const shift = 12 * 3600_000;
    const morning = fixes.slice(stand + 5).map((f) => ({ ...f, time: new Date(Date.parse(f.time!) + shift).toISOString() }));
    const later = unwrap(Tracker.restore(demoRoute, saved));
    const events = feed(later, morning);
    expect(events.map((e) => `${e.type}:${e.stopId}`)).toEqual(['departed:hongfu-jiayuan']);
  });

  it('works from positions alone when the receiver gives no speed', () => {
    const fixes = driveToJiayuan().map(({ speed: _s, track: _t, ...rest }) => rest as Fix);
    const events = feed(new Tracker(demoRoute), fixes);
    expect(events.map((e) => e.type)).toEqual(['approaching', 'arrived', 'departed']);
  });
});

