import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeskApp, staffPins, take, type DeskApp } from './desk-app.ts';

const minute = 60_000;

async function login(app: DeskApp, staffId: keyof typeof staffPins = 's01'): Promise<string> {
  const session = await app.api.deskStaffLogin({ staffId, pin: staffPins[staffId] });
  if (!session.ok) throw new Error(session.error.message);
  return session.value.token;
}

async function callNext(app: DeskApp, token: string, counter = 1) {
  const called = await app.api.deskCallNext({ token, counter });
  if (!called.ok) throw new Error(`${called.error.code}: ${called.error.message}`);
  return called.value;
}

/** Calls, starts and finishes the next ticket at counter 1; returns its number. */
async function serveNext(app: DeskApp, token: string): Promise<string> {
  const { ticket } = await callNext(app, token);
  expect((await app.api.deskStart({ token, ticketId: ticket.id })).ok).toBe(true);
  expect((await app.api.deskFinish({ token, ticketId: ticket.id, outcome: '已办结' })).ok).toBe(true);
  return ticket.number;
}

describe('calling and the ticket life cycle', () => {
  let app: ReturnType<typeof openDeskApp>;
  beforeEach(() => {
    app = openDeskApp();
  });
  afterEach(() => {
    app.close();
    app.cleanup();
  });

  it('serves priority tickets first but never more than 2 in a row while a regular ticket waits', async () => {
    const token = await login(app);
    await take(app, 'policy-consult'); // A001 regular
    await take(app, 'policy-consult'); // A002 regular
    for (let i = 0; i < 5; i++) await take(app, 'pension-insurance', { priority: i % 2 ? 'disabled' : 'elderly' }); // B001..B005
    const board = await app.api.deskQueue();
    expect(board.waiting.map((w) => w.number)).toEqual(['B001', 'B002', 'A001', 'B003', 'B004', 'A002', 'B005']);
    const served = [];
    for (let i = 0; i < 7; i++) served.push(await serveNext(app, token));
    // The board's order is the calling order.
    expect(served).toEqual(['B001', 'B002', 'A001', 'B003', 'B004', 'A002', 'B005']);
    expect((await app.api.deskCallNext({ token, counter: 1 })).ok).toBe(false);
  });

  it('keeps the priority streak across a restart (it is read from the ticket history)', async () => {
    const token = await login(app);
    await take(app, 'policy-consult');
    await take(app, 'senior-card', { priority: 'elderly' });
    await take(app, 'senior-card', { priority: 'pregnant' });
    await take(app, 'senior-card', { priority: 'elderly' });
    expect(await serveNext(app, token)).toBe('C001');
    expect(await serveNext(app, token)).toBe('C002');
    const rebooted = app.restart();
    app = { ...rebooted, cleanup: app.cleanup };
    expect(await serveNext(app, await login(app))).toBe('A001');
  });

  it('estimates the wait from the people ahead and the moving average of each item, shared over the counters', async () => {
    app.close();
    app.cleanup();
    app = openDeskApp({ desk: { counters: 1 } });
    const token = await login(app);
    await take(app, 'pension-insurance'); // catalogue guess 12 min
    await take(app, 'policy-consult'); // 6 min
    const third = await take(app, 'medical-insurance');
    expect(third).toMatchObject({ peopleAhead: 2, estimatedWaitMinutes: 18 });
    // Serve the pension ticket in 22 minutes: average 12 + 0.3 × (22 − 12) = 15.
    const { ticket } = await callNext(app, token);
    await app.api.deskStart({ token, ticketId: ticket.id });
    app.clock.advance(22 * minute);
    // 22 idle minutes locked the console: the PIN again, then finish.
    const finished = await app.api.deskFinish({ token: await login(app), ticketId: ticket.id, outcome: '参保登记完成' });
    expect(finished.ok).toBe(true);
    const another = await take(app, 'pension-insurance');
    expect(await app.api.deskTicket({ id: third.id })).toMatchObject({ ok: true, value: { peopleAhead: 1, estimatedWaitMinutes: 6 } });
    expect(another).toMatchObject({ peopleAhead: 2, estimatedWaitMinutes: 6 + 10 });
    await take(app, 'pension-insurance');
    expect((await app.api.deskQueue()).waiting.at(-1)).toMatchObject({ peopleAhead: 3, estimatedWaitMinutes: 6 + 10 + 15 });
    // Two counters share the same work.
    const two = openDeskApp({ desk: { counters: 2 } });
    await take(two, 'pension-insurance');
    await take(two, 'policy-consult');
    expect(await take(two, 'policy-consult')).toMatchObject({ peopleAhead: 2, estimatedWaitMinutes: 9 });
    two.close();
    two.cleanup();
  });

  it('walks every legal transition, stamping time and staff, and pushes the call to the screens', async () => {
    const token = await login(app, 's02');
    const ticket = await take(app, 'party-transfer');
    const called = await callNext(app, token, 3);
    expect(called.text).toEqual({ zh: `请B001号到3号服务台`, en: 'Number B001, please go to counter 3' });
    expect(app.live).toContainEqual(expect.objectContaining({ type: 'desk-call', counter: 3, text: called.text }));
    app.clock.advance(minute);
    expect(await app.api.deskRecall({ token, ticketId: ticket.id })).toMatchObject({ ok: true, value: { ticket: { recalls: 1 } } });
    expect(await app.api.deskRecall({ token, ticketId: ticket.id })).toMatchObject({ ok: true, value: { ticket: { recalls: 2 } } });
    expect(await app.api.deskRecall({ token, ticketId: ticket.id })).toMatchObject({ ok: false, error: { code: 'recall-limit' } });
    expect(app.live.filter((e) => e.type === 'desk-call')).toHaveLength(3);
    expect((await app.api.deskStart({ token, ticketId: ticket.id })).ok).toBe(true);
    app.clock.advance(5 * minute);
    expect(await app.api.deskFinish({ token, ticketId: ticket.id, outcome: '介绍信已收，转入完成' })).toMatchObject({ ok: true, value: { state: 'done' } });
    const history = await app.api.deskCase({ token, ticketId: ticket.id });
    expect(history.ok && history.value.history.map((h) => [h.action, h.fromState, h.toState, h.staffId, h.counter])).toEqual([
      ['take', null, 'waiting', null, null],
      ['call', 'waiting', 'called', 's02', 3],
      ['recall', 'called', 'called', 's02', 3],
      ['recall', 'called', 'called', 's02', 3],
      ['start', 'called', 'serving', 's02', 3],
      ['finish', 'serving', 'done', 's02', 3],
    ]);
    expect(history.ok && history.value.history.at(-1)!.at).toBe('2026-11-23T02:06:00.000Z');
    // Every change has its outbox row.
    expect(app.store.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'ticket'").pluck().get()).toBe(6);

    const noShow = await take(app, 'policy-consult');
    await callNext(app, token);
    expect(await app.api.deskNoShow({ token, ticketId: noShow.id })).toMatchObject({ ok: true, value: { state: 'no_show' } });
    const cancelled = await take(app, 'policy-consult');
    expect(await app.api.deskCancel({ number: cancelled.number, secret: cancelled.secret })).toMatchObject({ ok: true, value: { state: 'cancelled' } });
  });

  it('refuses illegal transitions with a clear error and changes nothing', async () => {
    const token = await login(app);
    const ticket = await take(app, 'policy-consult');
    const outboxBefore = app.store.db.prepare('SELECT count(*) FROM outbox').pluck().get();
    expect(await app.api.deskStart({ token, ticketId: ticket.id })).toEqual({
      ok: false,
      error: { code: 'illegal-transition', message: 'A001 is waiting: "start" is allowed only when it is called' },
    });
    expect(await app.api.deskFinish({ token, ticketId: ticket.id, outcome: 'x' })).toMatchObject({ ok: false, error: { code: 'illegal-transition' } });
    expect(await app.api.deskNoShow({ token, ticketId: ticket.id })).toMatchObject({ ok: false, error: { code: 'illegal-transition' } });
    expect(await app.api.deskHandOver({ token, ticketId: ticket.id, note: 'n' })).toMatchObject({ ok: false, error: { code: 'illegal-transition' } });
    expect(await app.api.deskRecall({ token, ticketId: ticket.id })).toMatchObject({ ok: false, error: { code: 'illegal-transition' } });
    await callNext(app, token);
    expect(await app.api.deskFinish({ token, ticketId: ticket.id, outcome: 'x' })).toMatchObject({
      ok: false,
      error: { message: 'A001 is called: "finish" is allowed only when it is being served' },
    });
    expect(await app.api.deskCallNext({ token, counter: 1 })).toMatchObject({ ok: false, error: { code: 'counter-busy' } });
    await app.api.deskStart({ token, ticketId: ticket.id });
    expect(await app.api.deskCancel({ number: ticket.number, secret: ticket.secret })).toMatchObject({
      ok: false,
      error: { message: 'A001 is being served: "cancel" is allowed only when it is waiting or called' },
    });
    await app.api.deskFinish({ token, ticketId: ticket.id, outcome: '已答复' });
    for (const action of ['deskStart', 'deskNoShow', 'deskRecall'] as const) {
      expect(await app.api[action]({ token, ticketId: ticket.id })).toMatchObject({ ok: false, error: { code: 'illegal-transition' } });
    }
    expect(await app.api.deskCancel({ number: ticket.number, secret: ticket.secret })).toMatchObject({ ok: false, error: { message: expect.stringContaining('A001 is done') } });
    expect(await app.api.deskStart({ token, ticketId: 'nope' })).toMatchObject({ ok: false, error: { code: 'unknown-ticket' } });
    // Only the four legal changes (call, start, finish) + the take wrote outbox rows.
    expect(app.store.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe((outboxBefore as number) + 3);
  });

  it('refuses staff actions without a session, after a lock, after idle minutes, and throttles PIN guessing', async () => {
    const ticket = await take(app, 'policy-consult');
    expect(await app.api.deskCallNext({ token: 'forged', counter: 1 })).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    expect(await app.api.deskStaffLogin({ staffId: 's01', pin: '000000' })).toMatchObject({ ok: false, error: { code: 'login-refused' } });
    expect(await app.api.deskStaffLogin({ staffId: 'ghost', pin: '000000' })).toMatchObject({ ok: false, error: { code: 'login-refused' } });
    const token = await login(app);
    app.clock.advance(4 * minute);
    expect((await app.api.deskCallNext({ token, counter: 1 })).ok).toBe(true);
    app.clock.advance(5 * minute + 1);
    expect(await app.api.deskStart({ token, ticketId: ticket.id })).toMatchObject({ ok: false, error: { code: 'session-locked' } });
    expect(await app.api.deskStart({ token, ticketId: ticket.id })).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    const again = await login(app);
    expect(await app.api.deskStaffLock({ token: again })).toEqual({ ok: true, value: { locked: true } });
    expect(await app.api.deskCase({ token: again, ticketId: ticket.id })).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    for (let i = 0; i < 5; i++) await app.api.deskStaffLogin({ staffId: 's02', pin: '999999' });
    expect(await app.api.deskStaffLogin({ staffId: 's02', pin: staffPins.s02 })).toMatchObject({ ok: false, error: { code: 'login-throttled' } });
    app.clock.advance(5 * minute + 1);
    expect((await app.api.deskStaffLogin({ staffId: 's02', pin: staffPins.s02 })).ok).toBe(true);
  });
});
