import { afterEach, describe, expect, it } from 'vitest';
import { openDeskApp, take } from './desk-app.ts';

describe('ticket numbering', () => {
  let app: ReturnType<typeof openDeskApp>;
  afterEach(() => {
    app.close();
    app.cleanup();
  });

  it('counts per category prefix, survives a restart and never reuses a number within the day', async () => {
    app = openDeskApp();
    expect((await take(app, 'policy-consult')).number).toBe('A001');
    expect((await take(app, 'pension-insurance')).number).toBe('B001');
    expect((await take(app, 'elderly-care-consult')).number).toBe('A002');
    const cancelled = await take(app, 'medical-insurance');
    expect(cancelled.number).toBe('B002');
    expect((await app.api.deskCancel({ number: cancelled.number, secret: cancelled.secret })).ok).toBe(true);

    const rebooted = app.restart();
    expect((await take(rebooted, 'ebike-registration')).number).toBe('B003');
    expect((await take(rebooted, 'residence-permit')).number).toBe('C001');
    const numbers = rebooted.store.db.prepare("SELECT number FROM desk_ticket WHERE day = '2026-11-23' ORDER BY seq").pluck().all();
    expect(numbers).toEqual(['A001', 'B001', 'A002', 'B002', 'B003', 'C001']);
    app = { ...rebooted, cleanup: app.cleanup };
  });

  it('starts again at 001 on the next service day in China time, keeping the old day findable by id', async () => {
    app = openDeskApp();
    app.clock.set('2026-11-23T15:59:00.000Z'); // 23:59 in Qingdao
    const late = await take(app, 'policy-consult');
    expect(late).toMatchObject({ number: 'A001', day: '2026-11-23' });
    expect((await take(app, 'policy-consult')).number).toBe('A002');
    app.clock.set('2026-11-23T16:01:00.000Z'); // 00:01 on the 24th
    const next = await take(app, 'policy-consult');
    expect(next).toMatchObject({ number: 'A001', day: '2026-11-24' });
    // Today's A001 is the new one; yesterday's stays reachable by its id.
    expect(await app.api.deskTicket({ number: 'A001' })).toMatchObject({ ok: true, value: { id: next.id } });
    expect(await app.api.deskTicket({ id: late.id })).toMatchObject({ ok: true, value: { day: '2026-11-23', number: 'A001' } });
  });

  it('writes the ticket, its history row and its outbox row together', async () => {
    app = openDeskApp();
    const ticket = await take(app, 'senior-card', { priority: 'elderly' });
    const db = app.store.db;
    expect(db.prepare('SELECT action, to_state FROM desk_ticket_event WHERE ticket_id = ?').all(ticket.id)).toEqual([
      { action: 'take', to_state: 'waiting' },
    ]);
    const outbox = db.prepare("SELECT priority, payload FROM outbox WHERE kind = 'ticket'").all() as { priority: number; payload: string }[];
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.priority).toBe(1);
    expect(JSON.parse(outbox[0]!.payload)).toMatchObject({ ticketId: ticket.id, number: 'C001', action: 'take', to: 'waiting', priority: 'elderly' });
    const lastSeq = db.prepare('SELECT last_outbox_seq FROM desk_ticket WHERE id = ?').pluck().get(ticket.id);
    expect(lastSeq).toBe(db.prepare('SELECT max(seq) FROM outbox').pluck().get());
  });

  it('refuses an unknown item with a clear error and uses no number for it', async () => {
    app = openDeskApp();
    expect(await app.api.deskTakeTicket({ itemId: 'no-such-item' })).toMatchObject({ ok: false, error: { code: 'unknown-item' } });
    expect(await app.api.deskTakeTicket({ itemId: 'policy-consult', priority: 'vip' } as never)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect((await take(app, 'policy-consult')).number).toBe('A001');
  });

  it('says "disk full" instead of showing a number it could not store, and uses no number for it', async () => {
    app = openDeskApp();
    expect((await take(app, 'policy-consult')).number).toBe('A001');
    const pages = app.store.db.pragma('page_count', { simple: true }) as number;
    app.store.db.pragma(`max_page_count = ${pages}`); // the file may not grow: SQLITE_FULL, as on a full disk
    let refused;
    for (let i = 0; i < 50 && !refused; i++) {
      const taken = await app.api.deskTakeTicket({ itemId: 'policy-consult', print: false });
      if (!taken.ok) refused = taken;
    }
    expect(refused).toMatchObject({ ok: false, error: { code: 'disk-full', message: expect.stringContaining('NOT saved') } });
    app.store.db.pragma('max_page_count = 1073741823');
    const stored = app.store.db.prepare("SELECT count(*) FROM desk_ticket WHERE number LIKE 'A%'").pluck().get() as number;
    expect((await take(app, 'policy-consult')).number).toBe(`A${String(stored + 1).padStart(3, '0')}`);
  });
});
