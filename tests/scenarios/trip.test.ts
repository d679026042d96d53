/**
 * Generated drives with known truth, through the NMEA encoder and decoder, into the tracker: every
 * stop arrival once, every node once per lap, nothing on the opposite lane or while off route.
 */
import { describe, expect, it } from 'vitest';
import { runOurs } from './support/run.ts';
import { buildTrace, returnLegTwin, scenarios, type Trace } from './support/scenarios.ts';
import { scoreEvents } from './support/score.ts';

const traces = new Map<string, Trace>();
const trace = (name: string): Trace => traces.get(name)!;
scenarios().forEach((s, i) => traces.set(s.name, buildTrace(s, i)));

describe('trip tracker on generated drives', () => {
  for (const [name, t] of traces) {
    it(name, () => {
      const events = runOurs(t);
      const score = scoreEvents(events, t.expected, t.ignored);
      expect(score.problems).toEqual([]);
      expect(score.correct).toBe(t.expected.length);
      for (const lead of score.leads) {
        expect(lead).toBeGreaterThanOrEqual(15);
        expect(lead).toBeLessThanOrEqual(90);
      }
    });
  }

  it('counts laps: the first stop is served on lap 1 and again on lap 2', () => {
    const events = runOurs(trace('clean drive')).filter((e) => e.stopId === 'hongfu-jiayuan');
    expect(events.map((e) => `${e.type}@${e.lap}`)).toEqual([
      'approaching@1', 'arrived@1', 'departed@1', 'approaching@2', 'arrived@2', 'departed@2',
    ]);
  });

  it('records a stop whose standstill fell in an outage as passed (gnss-gap), never a late arrival', () => {
    const events = runOurs(trace('45 s outage across an arrival')).filter((e) => e.stopId === 'hongshiya-shangyejie');
    expect(events.map((e) => [e.type, e.reason])).toEqual([['approaching', undefined], ['passed', 'gnss-gap']]);
  });

  it('marks a node crossed during an outage as a late record', () => {
    const market = runOurs(trace('45 s outage across a node')).filter((e) => e.stopId === 'hongshiya-market');
    expect(market).toHaveLength(1);
    expect(market[0]!.late).toBe(true);
  });

  it('tells a drive-through from a stop', () => {
    const passed = runOurs(trace('stop skipped')).filter((e) => e.type === 'passed');
    expect(passed.map((e) => [e.stopId, e.reason])).toEqual([['hongshiya-shangyejie', 'drove-through']]);
  });

  it('says nothing while standing 14 m from a stop on the return leg', () => {
    const t = trace('two-way stretch: standing opposite a stop');
    const hold = t.drive.holds.find((h) => Math.abs(h.u - returnLegTwin()) < 1)!;
    const during = runOurs(t).filter((e) => {
      const ms = Date.parse(e.time);
      return ms >= hold.arriveMs - 60_000 && ms <= hold.departMs + 30_000;
    });
    expect(during).toEqual([]);
  });

  it('is silent off route and fills in nothing for the node it went around', () => {
    const t = trace('detour around a node');
    const events = runOurs(t);
    const off = events.findIndex((e) => e.type === 'off_route');
    const on = events.findIndex((e) => e.type === 'on_route');
    expect(off).toBeGreaterThanOrEqual(0);
    expect(on).toBe(off + 1);
    expect(events.some((e) => e.stopId === 'hongshiya-market')).toBe(false);
  });
});
