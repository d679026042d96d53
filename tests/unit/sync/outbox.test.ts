import { wirePayload } from '../../helpers/wire-payloads.ts';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { outboxPriority } from '../../../src/store/outbox.ts';
import { Store } from '../../../src/store/store.ts';
import { backoffDelay } from '../../../src/sync/connection.ts';
import { Uplink } from '../../../src/sync/uplink.ts';
import { tempDir } from '../../helpers/temp.ts';

describe('outbox', () => {
  let dir: ReturnType<typeof tempDir>;
  let clock: ManualClock;
  let store: Store;
  const add = (kind: string, priority: number, payload: Record<string, unknown> = {}) =>
    store.withTransaction(() => store.outbox.add({ kind, at: clock.now().toISOString(), payload: wirePayload(kind, 1, payload), priority }));

  beforeEach(() => {
    dir = tempDir();
    clock = new ManualClock();
    store = unwrap(Store.open(join(dir.path, 'bus.db'), clock));
  });
  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  it('numbers rows without gaps, even across a rolled-back write, and drains tickets before counts and positions', () => {
    add('position', outboxPriority.position);
    expect(() =>
      store.withTransaction(() => {
        store.outbox.add({ kind: 'count', at: clock.now().toISOString(), payload: wirePayload('count'), priority: outboxPriority.count });
        throw new Error('domain write failed');
      }),
    ).toThrow('domain write failed');
    add('count', outboxPriority.count);
    add('ticket', outboxPriority.resident);
    expect(store.outbox.unsent(10, new Set()).map((r) => [r.seq, r.kind])).toEqual([
      [3, 'ticket'],
      [2, 'count'],
      [1, 'position'],
    ]);
    expect(store.outbox.unsent(10, new Set([3])).map((r) => r.seq)).toEqual([2, 1]);
    expect(store.outbox.unsentBelow(3, 10, new Set()).map((r) => r.seq)).toEqual([1, 2]);
  });

  it('refuses a row the office could not accept (kind or time outside the envelope schema)', () => {
    expect(() => add('Bad Kind', 1)).toThrow();
    expect(() => store.withTransaction(() => store.outbox.add({ kind: 'count', at: 'yesterday', payload: wirePayload('count') }))).toThrow();
  });

  it('requeues rows sent but never acknowledged, and forgets rows only on the office ack', () => {
    for (let i = 0; i < 3; i++) add('count', outboxPriority.count);
    store.outbox.markSent([1, 2, 3]);
    expect(store.outbox.unsent(10, new Set())).toEqual([]);
    clock.advance(60_000);
    store.outbox.markSent([3]);
    expect(store.outbox.requeueStale(new Date(clock.now().getTime() - 30_000).toISOString())).toEqual([1, 2]);
    expect(store.outbox.unsent(10, new Set()).map((r) => r.seq)).toEqual([1, 2]);
    expect(store.outbox.acknowledge(2)).toBe(2);
    expect(store.outbox.stats()).toMatchObject({ backlog: 1, unsent: 0, lastSeq: 3 });
  });

  it('thins positions, oldest first, to meet the byte bound and never touches other kinds', () => {
    const fat = { lat: 36.0, lon: 120.1, note: 'x'.repeat(200) };
    for (let i = 0; i < 100; i++) add('position', outboxPriority.position, fat);
    for (let i = 0; i < 20; i++) add('ticket', outboxPriority.resident, fat);
    const before = { bytes: store.outbox.payloadBytes() };
    const report = store.outbox.enforceBounds({ maxBytes: before.bytes / 2, maxPositionAgeMs: 86_400_000 });
    expect(report.overBudget).toBe(false);
    expect(store.outbox.stats()).toMatchObject({ backlog: 120, lastSeq: 120 });
    expect(store.outbox.payloadBytes()).toBeLessThanOrEqual(before.bytes / 2);
    const tickets = store.db.prepare("SELECT payload FROM outbox WHERE kind = 'ticket'").pluck().all() as string[];
    expect(tickets.every((p) => JSON.parse(p).note === fat.note)).toBe(true);
    const thinned = store.db.prepare("SELECT seq FROM outbox WHERE kind = 'position' AND payload = '{\"thinned\":true}'").pluck().all() as number[];
    expect(thinned.length).toBe(report.thinned);
    expect(thinned[0]).toBe(1);
    // Asked for less than the tickets alone take: every position thinned, tickets kept, flagged.
    expect(store.outbox.enforceBounds({ maxBytes: 1000, maxPositionAgeMs: 86_400_000 }).overBudget).toBe(true);
    expect(store.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'ticket' AND length(payload) > 200").pluck().get()).toBe(20);
  });

  it('thins positions older than the age bound but keeps one in ten', () => {
    for (let i = 0; i < 30; i++) add('position', outboxPriority.position, { lat: 36, lon: 120 });
    clock.advance(8 * 86_400_000);
    add('position', outboxPriority.position, { lat: 36, lon: 120 });
    const report = store.outbox.enforceBounds({ maxBytes: 1e9, maxPositionAgeMs: 7 * 86_400_000 });
    expect(report).toMatchObject({ thinned: 27, overBudget: false });
  });

  it('turns a full disk (SQLITE_FULL) into a disk-full result and a status flag, and clears it once writes succeed again', () => {
    const uplink = new Uplink({ store, busId: 'bus-a', mqtt: { protocolVersion: 5 }, clock });
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages + 4}`);
    let full: ReturnType<typeof store.outbox.guard> | null = null;
    for (let i = 0; i < 1000 && full === null; i++) {
      const result = store.outbox.guard(() => add('ticket', outboxPriority.resident, { text: 'y'.repeat(2000) }));
      if (!result.ok) full = result;
    }
    expect(full).toMatchObject({ ok: false, error: { code: 'disk-full', message: expect.stringMatching(/disk is full.*NOT saved/) } });
    expect(uplink.status().diskFull).toBe(true);
    const saved = store.outbox.stats().lastSeq;
    // The office acknowledges what was sent: the freed pages take new records again.
    store.outbox.acknowledge(saved);
    expect(store.outbox.guard(() => add('ticket', outboxPriority.resident, { text: 'z' }))).toMatchObject({ ok: true });
    expect(uplink.status()).toMatchObject({ diskFull: false, backlog: 1, lastSeq: saved + 1 });
  });
});

describe('reconnect backoff', () => {
  it('grows exponentially to the cap, with jitter over the whole range', () => {
    const backoff = { minMs: 1000, maxMs: 60_000 };
    expect(backoffDelay(0, backoff, () => 0)).toBe(500);
    expect(backoffDelay(0, backoff, () => 1)).toBe(1000);
    expect(backoffDelay(3, backoff, () => 1)).toBe(8000);
    expect(backoffDelay(20, backoff, () => 1)).toBe(60_000);
    expect(backoffDelay(20, backoff, () => 0)).toBe(500);
  });
});
