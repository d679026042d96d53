import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { ok, unwrap } from '../../../src/core/result.ts';
import { officeParts } from '../../../src/office/app.ts';
import { dueStatus } from '../../../src/office/queries.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import { tempDir } from '../../helpers/temp.ts';

const catalogue = {
  categories: [
    { id: 'errand', prefix: 'B', name: { zh: '业务代办', en: 'Errands' }, items: [{ id: 'elderly-subsidy', name: { zh: '高龄津贴', en: 'Elderly subsidy' }, documents: [], serviceMinutes: 8, followUp: 'hard' as const }] },
  ],
};

describe('office projections', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: OfficeStore;
  let parts: ReturnType<typeof officeParts>;
  let seq = 0;
  // Friday 2026-11-20, 10:00 in Qingdao.
  const clock = new ManualClock('2026-11-20T02:00:00Z');
  const send = (kind: string, at: string, payload: unknown, busId = 'bus-01') =>
    store.ledger.commitBatch([{ v: 1, id: `0190a1b2-0000-7000-8000-${String(++seq).padStart(12, '0')}`, busId, seq, kind, at, payload }]);

  beforeEach(async () => {
    dir = tempDir();
    seq = 0;
    clock.set('2026-11-20T02:00:00Z');
    store = unwrap(await OfficeStore.open(join(dir.path, 'office.db'), clock));
    parts = officeParts(store, clock, { publishCaseUpdate: async () => ok(null), publishContent: async () => ok(null) }, null, catalogue);
  });
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  it('rolls counts up by stop, hour and day, counts laps, and never counts an event twice', async () => {
    const count = (at: string, stopId: string | null, boarded: number, alighted: number, lap = 1) =>
      ({ id: `c${seq}`, at, day: '2026-11-20', hour: 10, lap, stopId, afterStopId: stopId ? null : 'furonglu-center', betweenStops: !stopId, source: 'counter', door: 1, boarded, alighted, occupancy: 3, adjustments: [], somethingNew: 'ignored' });
    await send('count', '2026-11-20T02:00:00Z', count('2026-11-20T02:00:00Z', 'furonglu-center', 3, 0));
    await send('count', '2026-11-20T02:05:00Z', count('2026-11-20T02:05:00Z', null, 0, 1));
    await send('trip', '2026-11-20T02:00:00Z', { type: 'arrived', stopId: 'furonglu-center', lap: 1, time: '2026-11-20T02:00:00Z', distance: 0 });
    await send('trip', '2026-11-20T02:40:00Z', { type: 'arrived', stopId: 'furonglu-center', lap: 2, time: '2026-11-20T02:40:00Z', distance: 0 });
    await send('trip', '2026-11-20T02:41:00Z', 'not an object');
    expect(await parts.deps.projector.catchUp()).toBe(5);
    expect(await parts.deps.projector.catchUp()).toBe(0);
    const r = parts.deps.queries.ridership({ from: '2026-11-20', to: '2026-11-20' });
    expect(r.byStop).toEqual([
      { stopId: 'furonglu-center', boarded: 3, alighted: 1 },
    ]);
    expect(r.byDay).toEqual([{ day: '2026-11-20', boarded: 3, alighted: 1, laps: 2 }]);
    // Re-projecting from scratch gives the same totals (rows are keyed by event).
    store.db.prepare('DELETE FROM projection_mark').run();
    await parts.deps.projector.catchUp();
    expect(parts.deps.queries.ridership({ from: '2026-11-20', to: '2026-11-20' }).byDay[0]!.boarded).toBe(3);
  });

  it('merges ticket changes in any order and opens a case due by the item\u2019s 7135 class', async () => {
    // Received after all of them (the office never takes a bus time far ahead of its own).
    clock.set('2026-11-20T02:30:00Z');
    const base = { v: 1, ticketId: 't-9', day: '2026-11-20', number: 'B009', categoryId: 'errand', itemId: 'elderly-subsidy', priority: null };
    // The rating arrives before the tickets it is about (another bus release, a resend).
    await send('rating', '2026-11-20T02:30:00Z', { id: 'r-1', ticketId: 't-9', at: '2026-11-20T02:30:00Z', level: 'dissatisfied', reasons: ['unclear'], followUp: true });
    await send('ticket', '2026-11-20T02:20:00Z', { ...base, action: 'start', from: 'called', to: 'serving', at: '2026-11-20T02:20:00Z' });
    await send('ticket', '2026-11-20T02:00:00Z', { ...base, action: 'take', from: null, to: 'waiting', at: '2026-11-20T02:00:00Z' });
    await send('ticket', '2026-11-20T02:12:00Z', { ...base, action: 'call', from: 'waiting', to: 'called', at: '2026-11-20T02:12:00Z' });
    await send('ticket', '2026-11-20T02:28:00Z', { ...base, action: 'hand_over', from: 'serving', to: 'handed_over', at: '2026-11-20T02:28:00Z', handover: { note: '缺户口簿', name: '张桂兰', phone: '13912345678' } });
    await parts.deps.projector.catchUp();
    const desk = parts.deps.queries.desk({ from: '2026-11-20', to: '2026-11-20' });
    expect(desk.byItem[0]).toMatchObject({ itemId: 'elderly-subsidy', tickets: 1, handedOver: 1 });
    expect(desk.byItem[0]!.waitMin).toBeCloseTo(12);
    expect(desk.byItem[0]!.serviceMin).toBeCloseTo(8);
    const cases = parts.deps.queries.cases({ reveal: false });
    // A hard matter: 5 working days after Friday is the next Friday.
    // The bus screens' masking rule (王**), the one rule everywhere.
    expect(cases).toMatchObject([{ source: 'ticket', reference: 'B009', title: '高龄津贴：缺户口簿', dueDay: '2026-11-27', due: 'on-time', resident: { name: '张**', phone: '139****5678' } }]);
    expect(parts.deps.queries.ratings({ from: '2026-11-20', to: '2026-11-20' }).distribution).toEqual([{ itemId: 'elderly-subsidy', level: 'dissatisfied', n: 1 }]);
  });

  it('labels deadlines in words as well as state', async () => {
    expect(dueStatus('2026-11-19', 'accepted', '2026-11-20')).toBe('overdue');
    expect(dueStatus('2026-11-20', 'in-progress', '2026-11-20')).toBe('due-today');
    expect(dueStatus('2026-11-23', 'accepted', '2026-11-20')).toBe('on-time');
    expect(dueStatus('2026-11-19', 'closed', '2026-11-20')).toBe('closed');
  });
});
