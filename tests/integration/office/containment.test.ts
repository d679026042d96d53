import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { ok, unwrap } from '../../../src/core/result.ts';
import { officeParts } from '../../../src/office/app.ts';
import type { QuarantineLimits } from '../../../src/office/ledger/quarantine-policy.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import type { Envelope } from '../../../src/protocol/envelope.ts';
import { startPostgres, type PostgresServer } from '../../helpers/postgres.ts';
import { tempDir } from '../../helpers/temp.ts';
import { wirePayload } from '../../helpers/wire-payloads.ts';

/** Containment of hostile events, on both ledgers: each test fails without its part of issue 13. */

let server: PostgresServer;
const dir = tempDir();
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => {
  server?.stop();
  dir.cleanup();
});
const opened: OfficeStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

const clock = new ManualClock('2026-11-20T02:30:00Z');
let files = 0;
const backends: [string, (quarantine?: QuarantineLimits) => Promise<OfficeStore>][] = [
  ['SQLite', async (quarantine) => track(unwrap(await OfficeStore.open(join(dir.path, `office-${++files}.db`), clock, undefined, quarantine && { quarantine })))],
  ['PostgreSQL', async (quarantine) => track(unwrap(await OfficeStore.open(join(dir.path, `office-${++files}.db`), clock, await server.freshDatabase(), quarantine && { quarantine })))],
];
function track(store: OfficeStore): OfficeStore {
  opened.push(store);
  return store;
}

let ids = 0;
const event = (busId: string, seq: number, kind: string, payload: unknown): Envelope => ({
  v: 1,
  id: `0190a1b2-0000-7000-8000-${String(++ids).padStart(12, '0')}`,
  busId,
  seq,
  kind,
  at: '2026-11-20T02:00:00.000Z',
  payload,
});
const parts = (store: OfficeStore) => officeParts(store, clock, { publishCaseUpdate: async () => ok(null), publishContent: async () => ok(null) }, null, null);
const ticket = (ticketId: string, action: string, to: string, at: string, extra: Record<string, unknown> = {}) =>
  wirePayload('ticket', 1, { ticketId, day: '2026-11-20', itemId: 'elderly-subsidy', action, to, at, ...extra });

describe.each(backends)('containment on the %s ledger', (_name, open) => {
  it('stores and acknowledges an event its schema refuses, lists it with the reason, never projects it', async () => {
    const store = await open();
    const { deps } = parts(store);
    const hostile = event('bus-a', 2, 'diagnostic', { runId: 'r', index: 1, of: 1, createdAt: '+275760-09-13T00:00:00.000Z' });
    const comment = event('bus-a', 3, 'comment', wirePayload('comment', 1, { day: 'not-a-day', category: 'help' }));
    await store.ledger.commitBatch([event('bus-a', 1, 'count', wirePayload('count')), hostile, comment], undefined, [null, 'createdAt: time outside 2020..2099', 'day: not a real day']);
    expect(await store.ledger.makeDurable('bus-a')).toBe(3);
    expect(await deps.projector.catchUp()).toBe(1);
    const rejected = await store.ledger.rejectedEvents();
    expect(rejected.map((r) => [r.seq, r.reason]).sort()).toEqual([[2, 'createdAt: time outside 2020..2099'], [3, 'day: not a real day']]);
    expect(deps.queries.cases({ reveal: false })).toEqual([]);
  });

  it('keeps the quarantine within its per-bus quota and byte cap, once per (bus, seq, id), counting what it drops', async () => {
    const store = await open({ perBus: 3, totalBytes: 250, payloadBytes: 100 });
    const topic = (bus: string) => `lianxin/v1/bus/${bus}/up/count`;
    const key = { busId: 'bus-a', seq: 7, id: '0190a1b2-0000-7000-8000-000000000007' };
    expect(await store.ledger.quarantine(topic('bus-a'), 'conflict', Buffer.from('{"a":1}'), key)).toBe(true);
    expect(await store.ledger.quarantine(topic('bus-a'), 'conflict again', Buffer.from('{"a":2}'), key)).toBe(false);
    expect(await store.ledger.quarantine(topic('bus-a'), 'not JSON', Buffer.from('{'))).toBe(true);
    expect(await store.ledger.quarantine(topic('bus-a'), 'not JSON', Buffer.from('{'))).toBe(false);
    expect(await store.ledger.quarantine(topic('bus-a'), 'not JSON', Buffer.from('x'.repeat(1000)))).toBe(true);
    // bus-a's quota of 3 is full; bus-b still has room until the byte cap (payloads cut to 100 bytes).
    expect(await store.ledger.quarantine(topic('bus-a'), 'not JSON', Buffer.from('y'))).toBe(false);
    expect(await store.ledger.quarantine(topic('bus-b'), 'not JSON', Buffer.from('z'.repeat(100)))).toBe(true);
    expect(await store.ledger.quarantine(topic('bus-b'), 'not JSON', Buffer.from('w'.repeat(100)))).toBe(false);
    expect((await store.ledger.quarantined()).map((q) => q.busId)).toEqual(['bus-b', 'bus-a', 'bus-a', 'bus-a']);
    expect(await store.ledger.quarantineDropped()).toEqual([
      { busId: 'bus-a', dropped: 1, bytes: 1, lastAt: expect.any(String) },
      { busId: 'bus-b', dropped: 1, bytes: 100, lastAt: expect.any(String) },
    ]);
  });

  it('never lets one bus change another bus’s ticket, comment or rating, whatever ids its payload carries', async () => {
    const store = await open();
    const { deps } = parts(store);
    const own = wirePayload('comment', 1, { id: 'c-1', reference: 'AAA222', category: 'help', text: '路灯坏了', day: '2026-11-20', at: '2026-11-20T02:01:00.000Z' });
    const rating = wirePayload('rating', 1, { id: 'r-1', ticketId: 't-1', level: 'very-satisfied', at: '2026-11-20T02:15:00.000Z' });
    await store.ledger.commitBatch([
      event('bus-b', 1, 'ticket', ticket('t-1', 'take', 'waiting', '2026-11-20T02:00:00.000Z')),
      event('bus-b', 2, 'comment', own),
      event('bus-b', 3, 'ticket', ticket('t-1', 'call', 'called', '2026-11-20T02:05:00.000Z')),
      event('bus-b', 4, 'rating', rating),
    ]);
    await deps.projector.catchUp();
    const before = {
      tickets: store.db.prepare('SELECT * FROM p_ticket ORDER BY ticket_id').all(),
      comments: store.db.prepare('SELECT * FROM p_comment').all(),
      ratings: store.db.prepare('SELECT * FROM p_rating').all(),
      cases: store.db.prepare('SELECT * FROM office_case').all(),
    };
    await store.ledger.commitBatch([
      event('bus-a', 1, 'ticket', ticket('t-1', 'hand_over', 'handed_over', '2026-11-20T02:20:00.000Z', { handover: { note: '假的', name: '某人', phone: '13900000000' } })),
      event('bus-a', 2, 'comment', { ...own, category: 'suggestion', text: '改写' }),
      event('bus-a', 3, 'rating', { ...rating, level: 'very-dissatisfied', followUp: true }),
      event('bus-a', 4, 'ticket', ticket('t-2', 'take', 'waiting', '2026-11-20T02:21:00.000Z')),
    ]);
    expect(await deps.projector.catchUp()).toBe(4);
    expect(store.db.prepare('SELECT * FROM p_ticket WHERE bus_id = ? ORDER BY ticket_id').all('bus-b')).toEqual(before.tickets);
    expect(store.db.prepare('SELECT * FROM p_comment').all()).toEqual(before.comments);
    expect(store.db.prepare('SELECT * FROM p_rating').all()).toEqual(before.ratings);
    expect(store.db.prepare('SELECT * FROM office_case').all()).toEqual(before.cases);
    // bus-a's own new ticket is projected; each refused one is recorded with its event.
    expect(store.db.prepare("SELECT bus_id FROM p_ticket WHERE ticket_id = 't-2'").pluck().get()).toBe('bus-a');
    expect(deps.projector.failures().map((f) => f.error).sort()).toEqual([
      'comment_id c-1 belongs to bus bus-b, not bus-a',
      'rating_id r-1 belongs to bus bus-b, not bus-a',
      'ticket_id t-1 belongs to bus bus-b, not bus-a',
    ]);
  });

  it('does not let a time far in the future lock a ticket against its later real updates', async () => {
    // PostgreSQL stamps receipt with its own clock: the office's clock is the real one here.
    clock.set(new Date());
    const store = await open();
    const { deps } = parts(store);
    await store.ledger.commitBatch([event('bus-a', 1, 'ticket', ticket('t-5', 'take', 'waiting', '2099-12-31T00:00:00.000Z'))]);
    await deps.projector.catchUp();
    // The real call, from a bus clock a little ahead of the office's.
    const called = new Date(Date.now() + 11 * 60_000).toISOString();
    await store.ledger.commitBatch([event('bus-a', 2, 'ticket', ticket('t-5', 'call', 'called', called))]);
    await deps.projector.catchUp();
    expect(store.db.prepare("SELECT state FROM p_ticket WHERE ticket_id = 't-5'").pluck().get()).toBe('called');
  });
});
