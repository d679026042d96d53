import { describe, expect, it } from 'vitest';
import { FakeGpsSource } from '../../../hardware/gps/fake.ts';
import { GatedSource, QualityGate } from '../../../hardware/gps/quality-gate.ts';
import type { Fix } from '../../../hardware/gps/types.ts';

const at = (s: number, lat = 36.0, extra: Partial<Fix> = {}): Fix => ({
  time: new Date(Date.UTC(2026, 10, 23, 8, 0, s)).toISOString(),
  mode: 3,
  lat,
  lon: 120.0,
  hdop: 1,
  ...extra,
});
const metresNorth = (m: number) => 36.0 + m / 111_195;

describe('fix quality gate', () => {
  it('drops void, timeless, poor, repeated, out-of-order and impossible fixes and counts each reason', () => {
    const gate = new QualityGate({ maxHdop: 4 });
    const verdicts = [
      gate.check(at(0)),
      gate.check({ ...at(1), mode: 1, lat: NaN, lon: NaN }),
      gate.check(at(1, 36, { quality: 0 })),
      gate.check({ ...at(1), time: null }),
      gate.check(at(1, metresNorth(10), { hdop: 9 })),
      gate.check(at(1, metresNorth(10))),
      gate.check(at(1, metresNorth(12))),
      gate.check(at(0, metresNorth(12))),
      gate.check(at(2, metresNorth(200))), // 190 m in 1 s = 684 km/h
      gate.check(at(3, metresNorth(25))), // 15 m in 2 s from the last accepted: fine
    ];
    expect(verdicts).toEqual([null, 'invalid', 'invalid', 'no-time', 'hdop', null, 'repeated', 'out-of-order', 'jump', null]);
    expect(gate.dropped).toEqual({ invalid: 2, 'no-time': 1, hdop: 1, repeated: 1, 'out-of-order': 1, jump: 1 });
    expect(gate.accepted).toBe(3);
  });

  it('re-anchors when the receiver keeps insisting (the earlier fix was the bad one)', () => {
    const gate = new QualityGate({ reanchorAfter: 3 });
    expect(gate.check(at(0, metresNorth(5000)))).toBeNull(); // a wild first fix
    expect(gate.check(at(1))).toBe('jump');
    expect(gate.check(at(2))).toBe('jump');
    expect(gate.check(at(3))).toBeNull();
    expect(gate.check(at(4, metresNorth(8)))).toBeNull();
  });

  it('judges each fix once however many listeners a gated source has', () => {
    const fake = new FakeGpsSource();
    const gated = new GatedSource(fake, new QualityGate());
    const a: Fix[] = [];
    const b: Fix[] = [];
    gated.onFix((f) => a.push(f));
    gated.onFix((f) => b.push(f));
    fake.emitFix(at(0));
    fake.emitFix(at(0));
    expect([a.length, b.length]).toEqual([1, 1]);
    expect(gated.gate.dropped.repeated).toBe(1);
  });
});
