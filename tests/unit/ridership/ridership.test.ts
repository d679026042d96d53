import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCounter } from '../../../hardware/counter/fake.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { RidershipService, type DoorOpened } from '../../../src/services/ridership/ridership.ts';
import type { StopPosition } from '../../../src/services/ridership/stop-context.ts';
import { tripLogStopContext } from '../../../src/services/ridership/trip-log-context.ts';
import { Store } from '../../../src/store/store.ts';
import { tempDir } from '../../helpers/temp.ts';

describe('ridership', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let clock: ManualClock;
  let position: StopPosition;
  let counter: FakeCounter;
  let ridership: RidershipService;

  beforeEach(() => {
    dir = tempDir();
    // 09:30 in Qingdao.
    clock = new ManualClock('2026-11-23T01:30:00.000Z');
    store = unwrap(Store.open(join(dir.path, 'bus.db'), clock));
    position = { stopId: 'hongfu-jiayuan', lastStopId: 'hongfu-jiayuan', lap: 1 };
    ridership = new RidershipService({ store, clock, context: { current: () => position } });
    counter = new FakeCounter();
    ridership.attach(counter);
    counter.start();
  });
  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  const countRows = () =>
    store.db.prepare('SELECT stop_id, after_stop_id, between_stops, lap, source, door, boarded, alighted, occupancy FROM ridership_count ORDER BY rowid').all();
  const outboxRows = () => store.db.prepare("SELECT kind, priority, payload FROM outbox WHERE kind = 'count' ORDER BY seq").all() as { kind: string; priority: number; payload: string }[];

  it('books counts to the stop the bus stands at, with an outbox row each', () => {
    counter.emit({ kind: 'door', door: 1, open: true });
    counter.emit({ kind: 'in', door: 1, count: 3 });
    counter.emit({ kind: 'out', door: 1, count: 1 });
    expect(countRows()).toEqual([
      { stop_id: 'hongfu-jiayuan', after_stop_id: null, between_stops: 0, lap: 1, source: 'counter', door: 1, boarded: 3, alighted: 0, occupancy: 3 },
      { stop_id: 'hongfu-jiayuan', after_stop_id: null, between_stops: 0, lap: 1, source: 'counter', door: 1, boarded: 0, alighted: 1, occupancy: 2 },
    ]);
    const outbox = outboxRows();
    expect(outbox).toHaveLength(2);
    expect(outbox.every((r) => r.priority === 4)).toBe(true);
    expect(JSON.parse(outbox[0]!.payload)).toMatchObject({ stopId: 'hongfu-jiayuan', boarded: 3, occupancy: 3, lap: 1, adjustments: [] });
    expect(ridership.occupancy()).toBe(2);
  });

  it('books a door opened away from a stop to the stretch after the last stop, flagged', () => {
    position = { stopId: null, lastStopId: 'furonglu-center', lap: 2 };
    counter.emit({ kind: 'door', door: 2, open: true });
    counter.emit({ kind: 'in', door: 2, count: 2 });
    expect(countRows()).toEqual([
      { stop_id: null, after_stop_id: 'furonglu-center', between_stops: 1, lap: 2, source: 'counter', door: 2, boarded: 2, alighted: 0, occupancy: 2 },
    ]);
    expect(ridership.byStop('2026-11-23')).toEqual([
      { lap: null, stopId: null, afterStopId: 'furonglu-center', betweenStops: true, boarded: 2, alighted: 0 },
    ]);
  });

  it('keeps a door’s counts with the stop it opened at, even when the bus has moved on', () => {
    counter.emit({ kind: 'door', door: 1, open: true });
    position = { stopId: null, lastStopId: 'hongfu-jiayuan', lap: 1 };
    counter.emit({ kind: 'in', door: 1, count: 1 });
    counter.emit({ kind: 'door', door: 1, open: false });
    counter.emit({ kind: 'out', door: 1, count: 1 });
    const rows = countRows() as { stop_id: string | null; between_stops: number }[];
    expect(rows.map((r) => [r.stop_id, r.between_stops])).toEqual([
      ['hongfu-jiayuan', 0],
      [null, 1],
    ]);
  });

  it('tells the tracker when a door opens (once per opening) before asking where the bus is', () => {
    const opened: DoorOpened[] = [];
    position = { stopId: null, lastStopId: 'furonglu-center', lap: 1 };
    ridership.onDoorOpen.on((event) => {
      opened.push(event);
      // The tracker confirms the arrival on the door signal.
      position = { stopId: 'hongfu-jiayuan', lastStopId: 'hongfu-jiayuan', lap: 1 };
    });
    counter.emit({ kind: 'door', door: 1, open: true });
    counter.emit({ kind: 'door', door: 1, open: true });
    counter.emit({ kind: 'in', door: 1, count: 1 });
    expect(opened).toEqual([{ door: 1, at: '2026-11-23T01:30:00.000Z' }]);
    expect((countRows()[0] as { stop_id: string }).stop_id).toBe('hongfu-jiayuan');
    expect(ridership.doorsOpen()).toEqual([1]);
  });

  it('never lets occupancy go negative: clamps to zero and logs the clamp', () => {
    counter.emit({ kind: 'in', door: 1, count: 2 });
    counter.emit({ kind: 'out', door: 2, count: 5 });
    expect(ridership.occupancy()).toBe(0);
    expect(ridership.adjustments('2026-11-23')).toEqual([
      expect.objectContaining({ kind: 'clamp', amount: 3, occupancyBefore: 2, occupancyAfter: 0 }),
    ]);
    // The alighting itself is still counted as seen: the stop's totals stay true to the sensor.
    expect(ridership.byStop('2026-11-23')[0]).toMatchObject({ boarded: 2, alighted: 5 });
    const last = JSON.parse(outboxRows().at(-1)!.payload) as { adjustments: unknown[] };
    expect(last.adjustments).toEqual([{ kind: 'clamp', amount: 3, occupancyBefore: 2, occupancyAfter: 0 }]);
  });

  it('takes the driver’s tally and corrections, logged, and clamped at zero', () => {
    const changes: number[] = [];
    ridership.onOccupancy.on((c) => changes.push(c.occupancy));
    ridership.tally('board');
    ridership.tally('board');
    ridership.tally('unboard');
    ridership.tally('alight');
    const extra = ridership.tally('unboard');
    expect(changes).toEqual([1, 2, 1, 0, 0]);
    expect(extra.adjustments.map((a) => a.kind)).toEqual(['correction', 'clamp']);
    expect(ridership.adjustments('2026-11-23').map((a) => [a.kind, a.amount])).toEqual([
      ['correction', -1],
      ['correction', -1],
      ['clamp', 1],
    ]);
    expect(ridership.byStop('2026-11-23')).toEqual([
      { lap: null, stopId: 'hongfu-jiayuan', afterStopId: null, betweenStops: false, boarded: 0, alighted: 1 },
    ]);
    expect(countRows().every((r) => (r as { source: string }).source === 'tally')).toBe(true);
  });

  it('writes nothing when the transaction fails: count and outbox row go together', () => {
    store.db.exec('CREATE TRIGGER refuse BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, "disk full"); END');
    expect(() => ridership.tally('board')).toThrow(/disk full/);
    expect(countRows()).toEqual([]);
    expect(ridership.occupancy()).toBe(0);
  });

  it('aggregates per local day, per hour and per lap', () => {
    ridership.tally('board');
    clock.advance(3600_000);
    position = { stopId: 'hongfu-jiayuan', lastStopId: 'hongfu-jiayuan', lap: 2 };
    counter.emit({ kind: 'in', door: 1, count: 4 });
    // 23:30 local is still the 23rd; 00:30 local the next day.
    clock.set('2026-11-23T15:30:00.000Z');
    ridership.tally('alight');
    clock.set('2026-11-23T16:30:00.000Z');
    ridership.tally('alight');
    expect(ridership.byHour('2026-11-23')).toEqual([
      { hour: 9, boarded: 1, alighted: 0 },
      { hour: 10, boarded: 4, alighted: 0 },
      { hour: 23, boarded: 0, alighted: 1 },
    ]);
    expect(ridership.byHour('2026-11-24')).toEqual([{ hour: 0, boarded: 0, alighted: 1 }]);
    expect(ridership.byStopAndLap('2026-11-23').map((r) => [r.lap, r.stopId, r.boarded, r.alighted])).toEqual([
      [1, 'hongfu-jiayuan', 1, 0],
      [2, 'hongfu-jiayuan', 4, 1],
    ]);
  });

  it('survives a restart with its occupancy', () => {
    counter.emit({ kind: 'in', door: 1, count: 7 });
    store.close();
    store = unwrap(Store.open(join(dir.path, 'bus.db'), clock));
    const again = new RidershipService({ store, clock, context: { current: () => position } });
    expect(again.occupancy()).toBe(7);
  });
});

describe('stop context from the trip log', () => {
  it('is at the stop after arrived, between stops after departed', () => {
    const dir = tempDir();
    const clock = new ManualClock();
    const store = unwrap(Store.open(join(dir.path, 'bus.db'), clock));
    const context = tripLogStopContext(store);
    expect(context.current()).toEqual({ stopId: null, lastStopId: null, lap: 0 });
    const at = (type: string, stopId: string | null, lap = 1) => store.recordTripEvents([{ type, stopId, lap, time: clock.now().toISOString(), distance: 0 }]);
    at('approaching', 'hongfu-jiayuan');
    expect(context.current()).toEqual({ stopId: null, lastStopId: null, lap: 1 });
    at('arrived', 'hongfu-jiayuan');
    expect(context.current()).toEqual({ stopId: 'hongfu-jiayuan', lastStopId: 'hongfu-jiayuan', lap: 1 });
    at('departed', 'hongfu-jiayuan');
    at('passing', 'hongshiya-market');
    expect(context.current()).toEqual({ stopId: null, lastStopId: 'hongfu-jiayuan', lap: 1 });
    at('passed', 'hongshiya-shangyejie', 2);
    expect(context.current()).toEqual({ stopId: null, lastStopId: 'hongshiya-shangyejie', lap: 2 });
    store.close();
    dir.cleanup();
  });
});
