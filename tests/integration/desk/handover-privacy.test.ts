import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDeskApp, staffPins, take, type DeskApp } from './desk-app.ts';

const day = 86_400_000;
const phone = '13812345678';

async function servedTicket(app: DeskApp, itemId: string, extra: Record<string, unknown> = {}) {
  const token = await app.api.deskStaffLogin({ staffId: 's01', pin: staffPins.s01 });
  if (!token.ok) throw new Error(token.error.message);
  const ticket = await take(app, itemId, extra);
  const called = await app.api.deskCallNext({ token: token.value.token, counter: 1 });
  expect(called.ok && called.value.ticket.id).toBe(ticket.id);
  await app.api.deskStart({ token: token.value.token, ticketId: ticket.id });
  return { ticket, token: token.value.token };
}

async function handOverOn(localMorning: string, itemId: string, desk: Parameters<typeof openDeskApp>[0] = {}) {
  const app = openDeskApp(desk);
  app.clock.set(`${localMorning}T02:00:00.000Z`); // 10:00 in Qingdao
  const { ticket, token } = await servedTicket(app, itemId);
  const handed = await app.api.deskHandOver({ token, ticketId: ticket.id, note: '材料需街道审核' });
  app.close();
  app.cleanup();
  if (!handed.ok) throw new Error(handed.error.message);
  return handed.value.dueDay;
}

describe('hand-over due dates (7135: small 1, large 3, hard 5 working days)', () => {
  it('counts working days, skipping weekends, holidays, and working make-up Saturdays', async () => {
    expect(await handOverOn('2026-11-23', 'medical-insurance')).toBe('2026-11-24'); // Mon, small → Tue
    expect(await handOverOn('2026-11-27', 'medical-insurance')).toBe('2026-11-30'); // Fri, small → Mon
    expect(await handOverOn('2026-11-27', 'pension-insurance')).toBe('2026-12-02'); // Fri, large → Wed
    expect(await handOverOn('2026-11-27', 'residence-permit')).toBe('2026-12-04'); // Fri, hard → Fri
    expect(await handOverOn('2026-11-28', 'medical-insurance')).toBe('2026-11-30'); // Sat, small → Mon
    expect(await handOverOn('2026-11-27', 'residence-permit', { desk: { holidays: ['2026-11-30'] } })).toBe('2026-12-07');
    expect(await handOverOn('2026-11-27', 'medical-insurance', { desk: { makeUpWorkdays: ['2026-11-28'] } })).toBe('2026-11-28');
  });
});

describe('personal data', () => {
  let app: ReturnType<typeof openDeskApp>;
  afterEach(() => {
    vi.restoreAllMocks();
    app.close();
    app.cleanup();
  });

  it('shows the phone masked everywhere except the staff console of the case, and never logs it', async () => {
    const logged: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
    app = openDeskApp();
    const taken = await app.api.deskTakeTicket({ itemId: 'elderly-subsidy', name: '张秀英', phone: '138 1234 5678' });
    expect(taken).toMatchObject({ ok: true, value: { ticket: { phoneMasked: '138****5678', nameMasked: '张**' } } });
    const ticket = taken.ok ? taken.value.ticket : null;
    const { token } = await (async () => {
      const s = await app.api.deskStaffLogin({ staffId: 's01', pin: staffPins.s01 });
      return s.ok ? s.value : { token: '' };
    })();
    await app.api.deskCallNext({ token, counter: 2 });
    await app.api.deskStart({ token, ticketId: ticket!.id });
    const handed = await app.api.deskHandOver({ token, ticketId: ticket!.id, note: '老人行动不便，补贴材料由家属补交，请回电13987654321' });
    expect(handed).toMatchObject({ ok: true, value: { state: 'handed_over', phoneMasked: '138****5678' } });

    const publicViews = JSON.stringify([
      taken,
      handed,
      await app.api.deskTicket({ id: ticket!.id }),
      await app.api.deskTicket({ number: ticket!.number }),
      await app.api.deskQueue(),
      await app.api.deskStats(),
      app.live,
      app.printer.printed.map((p) => p.ticket),
    ]);
    expect(publicViews).not.toContain(phone);
    expect(publicViews).not.toContain('张秀英');
    const console_ = await app.api.deskCase({ token, ticketId: ticket!.id });
    expect(console_).toMatchObject({ ok: true, value: { phone, name: '张秀英' } });
    // A phone typed into the note is masked before it is stored.
    const stored = app.store.db.prepare('SELECT handover_note FROM desk_ticket WHERE id = ?').pluck().get(ticket!.id);
    expect(stored).toBe('老人行动不便，补贴材料由家属补交，请回电139****4321');
    // Only the hand-over row carries the contact the office needs to call back.
    const rows = (app.store.db.prepare("SELECT payload FROM outbox WHERE kind = 'ticket' ORDER BY seq").pluck().all() as string[]).map(
      (p) => JSON.parse(p) as { action: string },
    );
    expect(rows.filter((r) => JSON.stringify(r).includes(phone)).map((r) => r.action)).toEqual(['hand_over']);
    expect(logged.join('\n')).not.toContain('5678');
  });

  it('refuses an ID-card number in the name, the note or the outcome, storing nothing of it', async () => {
    app = openDeskApp();
    const idNumber = '11010519491231002X';
    expect(await app.api.deskTakeTicket({ itemId: 'policy-consult', name: `王芳${idNumber}` })).toMatchObject({
      ok: false,
      error: { code: 'id-number-refused' },
    });
    expect(await app.api.deskTakeTicket({ itemId: 'policy-consult', phone: '12345' })).toMatchObject({ ok: false, error: { code: 'phone-invalid' } });
    const { ticket, token } = await servedTicket(app, 'policy-consult');
    expect(ticket.number).toBe('A001');
    expect(await app.api.deskHandOver({ token, ticketId: ticket.id, note: `身份证 ${idNumber.slice(0, 6)} ${idNumber.slice(6)}` })).toMatchObject({
      ok: false,
      error: { code: 'id-number-refused', message: expect.stringContaining('身份证') },
    });
    expect(await app.api.deskFinish({ token, ticketId: ticket.id, outcome: `核对身份证${idNumber}` })).toMatchObject({
      ok: false,
      error: { code: 'id-number-refused' },
    });
    const everything = JSON.stringify(app.store.db.prepare('SELECT * FROM desk_ticket').all()) + JSON.stringify(app.store.db.prepare('SELECT * FROM outbox').all());
    expect(everything).not.toContain(idNumber.slice(6, 14));
  });

  it('purges personal fields N days after closing, only once the office acknowledged the rows; expires stale tickets', async () => {
    app = openDeskApp({ desk: { retentionDays: 30 } });
    const { ticket, token } = await servedTicket(app, 'pension-insurance', { name: '李建国', phone });
    await app.api.deskHandOver({ token, ticketId: ticket.id, note: '需补缴材料' });
    const recent = await take(app, 'policy-consult', { phone: '13700001111' });
    await app.api.deskCancel({ number: recent.number, secret: recent.secret });
    const abandoned = await take(app, 'policy-consult', { phone: '13900002222' });

    app.clock.advance(31 * day);
    // Not synced yet: nothing may be forgotten.
    expect(app.desk.sweep()).toEqual({ expired: 1, purged: 0 });
    expect(await app.api.deskTicket({ id: abandoned.id })).toMatchObject({ ok: true, value: { state: 'expired' } });
    const lastSeq = app.store.db.prepare('SELECT max(seq) FROM outbox').pluck().get() as number;
    app.store.outbox.acknowledge(lastSeq);
    const purged = app.desk.sweep();
    expect(purged.purged).toBe(2); // the hand-over and the cancelled ticket; the expired one closed today
    const row = (id: string) => app.store.db.prepare('SELECT name, phone, handover_note, outcome, purged_at FROM desk_ticket WHERE id = ?').get(id);
    expect(row(ticket.id)).toEqual({ name: null, phone: null, handover_note: null, outcome: null, purged_at: app.clock.now().toISOString() });
    expect(app.store.db.prepare('SELECT count(*) FROM desk_ticket_event WHERE ticket_id = ? AND note IS NOT NULL').pluck().get(ticket.id)).toBe(0);
    expect(row(abandoned.id)).toMatchObject({ phone: '13900002222', purged_at: null });
    // The non-personal record stays for the statistics.
    expect(await app.api.deskTicket({ id: ticket.id })).toMatchObject({ ok: true, value: { state: 'handed_over', dueDay: '2026-11-26', phoneMasked: null } });
    app.clock.advance(31 * day);
    expect(app.desk.sweep()).toEqual({ expired: 0, purged: 1 });
  });
});
