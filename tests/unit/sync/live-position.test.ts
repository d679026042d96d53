import { describe, expect, it } from 'vitest';
import type { Fix } from '../../../hardware/gps/types.ts';
import { delays } from '../../../src/core/delays.ts';
import { LivePositionPacer } from '../../../src/sync/live-position.ts';

const t0 = Date.parse('2026-12-04T01:00:00.000Z');
const fix = (secondsIn: number, speed?: number, extra: Partial<Fix> = {}): Fix => ({
  time: new Date(t0 + secondsIn * 1000).toISOString(),
  mode: 3,
  lat: 36.0,
  lon: 120.1,
  ...(speed === undefined ? {} : { speed }),
  ...extra,
});

/** Seconds (of receiver time) at which a 1 Hz feed with these speeds gets a position published. */
function publishedAt(speeds: number[]): number[] {
  const pacer = new LivePositionPacer();
  return speeds.flatMap((speed, s) => (pacer.offer(fix(s, speed)) ? [s] : []));
}

describe('live position pacing (by receiver time)', () => {
  it('sends one every 5 s while moving and one every 30 s while standing', () => {
    expect(delays.livePositionMovingMs).toBe(5000);
    expect(publishedAt(Array(21).fill(8))).toEqual([0, 5, 10, 15, 20]);
    expect(publishedAt(Array(70).fill(0))).toEqual([0, 30, 60]);
  });

  it('sends at once when the bus stops and when it starts again, without flipping on jitter', () => {
    const speeds = [8, 8, 8, 0.2, 0.9, 1.2, 0.3, 0, 0, 6, 6];
    expect(publishedAt(speeds)).toEqual([0, 3, 9]);
  });

  it('carries speed and track, and skips fixes without a position or a time', () => {
    const pacer = new LivePositionPacer();
    expect(pacer.offer(fix(0, 8, { mode: 1, lat: NaN, lon: NaN }))).toBeNull();
    expect(pacer.offer(fix(0, 8, { time: null }))).toBeNull();
    expect(pacer.offer(fix(1, 8, { track: 90 }))).toEqual({ lat: 36.0, lon: 120.1, time: fix(1).time, speed: 8, track: 90 });
  });

  it('starts afresh when the receiver time goes backwards (a reset), instead of going silent', () => {
    const pacer = new LivePositionPacer();
    expect(pacer.offer(fix(100, 8))).not.toBeNull();
    expect(pacer.offer(fix(3, 8))).not.toBeNull();
    expect(pacer.offer(fix(4, 8))).toBeNull();
  });
});
