import { describe, expect, it } from 'vitest';
import type { GpsSourceStatus } from '../../../hardware/gps/types.ts';
import { DriverPrompts, formatDistance } from '../../../src/announce/driver-prompts.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import type { TripState } from '../../../src/trip/types.ts';
import { ev, stops } from './support.ts';

const jiayuan = stops[1]!;
const state = (over: Partial<TripState> = {}): TripState => ({
  synced: true,
  onRoute: true,
  distance: 1200,
  lap: 1,
  speed: 8,
  stopped: false,
  nextStop: { id: jiayuan.id, name: jiayuan.name, metresToGo: 734 },
  currentStop: null,
  time: '2026-11-23T02:00:00.000Z',
  ...over,
});
const gps = (status: GpsSourceStatus['status']): GpsSourceStatus => ({ status, device: '/dev/ttyUSB0', clockOffsetMs: null, lastFixAt: null });

function prompts() {
  const p = new DriverPrompts(new ManualClock());
  const seen: string[] = [];
  p.changes.on((x) => seen.push(x.code));
  p.update({ gps: gps('fix') });
  return { p, seen };
}

describe('driver prompts', () => {
  it('next stop with its distance', () => {
    const { p } = prompts();
    p.update({ state: state() });
    expect(p.current()).toMatchObject({ code: 'next-stop', level: 'info', text: { zh: '下一站：宏福佳苑，730 米', en: 'Next stop: Hongfu Jiayuan, 730 m' } });
    expect(p.current().nextStop).toEqual({ id: jiayuan.id, name: jiayuan.name, metresToGo: 734 });
    expect(formatDistance(1549)).toEqual({ zh: '1.5 公里', en: '1.5 km' });
  });

  it('slow down from the approach until the arrival', () => {
    const { p } = prompts();
    p.update({ state: state({ nextStop: { id: jiayuan.id, name: jiayuan.name, metresToGo: 182 } }), events: [ev('approaching', jiayuan.id)] });
    expect(p.current()).toMatchObject({ code: 'slow-down', level: 'caution', text: { zh: '减速，前方到站：宏福佳苑（180 米）', en: 'Slow down, stop ahead: Hongfu Jiayuan (180 m)' } });
    p.update({ state: state({ stopped: true, currentStop: { id: jiayuan.id, name: jiayuan.name }, nextStop: null }), events: [ev('arrived', jiayuan.id)] });
    expect(p.current()).toMatchObject({ code: 'at-stop', text: { zh: '已到站：宏福佳苑', en: 'At stop: Hongfu Jiayuan' } });
    p.update({ state: state({ nextStop: { id: stops[2]!.id, name: stops[2]!.name, metresToGo: 2400 } }), events: [ev('departed', jiayuan.id)] });
    expect(p.current()).toMatchObject({ code: 'next-stop', text: { zh: '下一站：红石崖商业街，2.4 公里' } });
  });

  it('a stop driven through ends the slow-down prompt', () => {
    const { p } = prompts();
    p.update({ state: state(), events: [ev('approaching', jiayuan.id)] });
    p.update({ state: state({ nextStop: null }), events: [ev('passed', jiayuan.id)] });
    expect(p.current().code).not.toBe('slow-down');
  });

  it('off route, until back on route', () => {
    const { p } = prompts();
    p.update({ state: state({ onRoute: false }), events: [ev('off_route')] });
    expect(p.current()).toMatchObject({ code: 'off-route', level: 'warning', text: { zh: '已偏离线路，报站暂停' } });
    p.update({ state: state(), events: [ev('on_route')] });
    expect(p.current().code).toBe('next-stop');
  });

  it('GNSS lost for each failing status, above every other condition', () => {
    const { p } = prompts();
    p.update({ state: state({ onRoute: false }) });
    for (const status of ['no-fix', 'stale', 'no-device'] as const) {
      p.update({ gps: gps(status) });
      expect(p.current()).toMatchObject({ code: 'gnss-lost', level: 'warning', gps: status });
      expect(p.current().text.zh).toMatch(/请手动报站$/);
      expect(p.current().text.en).toMatch(/announce stops manually$/);
    }
    p.update({ gps: gps('fix') });
    expect(p.current().code).toBe('off-route');
  });

  it('before the tracker runs, and while it places the bus', () => {
    const { p } = prompts();
    expect(p.current().code).toBe('no-trip');
    p.update({ state: state({ synced: false, nextStop: null }) });
    expect(p.current()).toMatchObject({ code: 'locating', text: { en: 'Placing the bus on the route…' } });
  });

  it('pushes a change only when the prompt changes', () => {
    const { p, seen } = prompts();
    p.update({ state: state() });
    p.update({ state: state({ nextStop: { id: jiayuan.id, name: jiayuan.name, metresToGo: 731 } }) }); // same 10 m step
    p.update({ state: state({ nextStop: { id: jiayuan.id, name: jiayuan.name, metresToGo: 700 } }) });
    expect(seen).toEqual(['next-stop', 'next-stop']);
  });
});
