import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { nestsTooDeep, payloadProblem, uplinkKinds } from '../../../src/protocol/payloads.ts';
import { Store } from '../../../src/store/store.ts';
import { tempDir } from '../../helpers/temp.ts';
import { wirePayload } from '../../helpers/wire-payloads.ts';

describe('uplink payload schemas', () => {
  it('accept what the bus writes of every kind, with fields of a newer release kept', () => {
    for (const kind of uplinkKinds) expect(payloadProblem(kind, wirePayload(kind, 3, { addedLater: { x: 1 } }))).toBeNull();
    // Stop ids are whatever the route file (a GTFS stop_id) says.
    expect(payloadProblem('trip', wirePayload('trip', 1, { stopId: '芙蓉路 站 #12' }))).toBeNull();
    expect(payloadProblem('trip', wirePayload('trip', 1, { stopId: 'a\u0000b' }))).toMatch(/stopId/);
  });

  it('refuse impossible times and days, absurd numbers, long strings and non-objects', () => {
    expect(payloadProblem('trip', wirePayload('trip', 1, { time: '+275760-09-13T00:00:00.000Z' }))).toMatch(/time/);
    expect(payloadProblem('comment', wirePayload('comment', 1, { day: 'not-a-day' }))).toMatch(/day/);
    expect(payloadProblem('comment', wirePayload('comment', 1, { day: '2026-02-30' }))).toMatch(/day/);
    expect(payloadProblem('count', wirePayload('count', 1, { boarded: 1e12 }))).toMatch(/boarded/);
    expect(payloadProblem('trip', wirePayload('trip', 1, { distance: -1 }))).toMatch(/distance/);
    expect(payloadProblem('ticket', wirePayload('ticket', 1, { itemId: 'x'.repeat(10_000) }))).toMatch(/itemId/);
    expect(payloadProblem('rating', wirePayload('rating', 1, { level: 'ecstatic' }))).toMatch(/level/);
    for (const value of [null, 1, 'x', [], true]) expect(payloadProblem('count', value)).not.toBeNull();
    expect(payloadProblem('no-such-kind', {})).toMatch(/unknown kind/);
  });

  it('tells a payload nested too deep from one with brackets in its strings', () => {
    expect(nestsTooDeep(JSON.stringify({ a: { b: [1, { c: '[[[[[[[[[[[[[[[[[[[[[[' }] } }))).toBe(false);
    expect(nestsTooDeep(`{"a":${'['.repeat(17)}${']'.repeat(17)}}`)).toBe(true);
    expect(nestsTooDeep('{"a":"\\"}')).toBe(false);
  });
});

describe('the bus checks what it writes', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    dir = tempDir();
    store = unwrap(Store.open(`${dir.path}/bus.db`, new ManualClock()));
  });
  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  it('a trip event the tracker got wrong is refused with its domain write, not sent', () => {
    const event = { type: 'arrived', stopId: 's1', lap: 1, time: '2026-06-01T08:00:00.000Z', distance: 5e9 };
    expect(() => store.recordTripEvents([event])).toThrow(/trip payload breaks the wire protocol: distance/);
    expect(store.recentTripEvents()).toEqual([]);
    expect(store.outbox.stats().lastSeq).toBe(0);
  });
});
