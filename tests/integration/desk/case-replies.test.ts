import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/core/ids.ts';
import { registerCaseUpdates } from '../../../src/host/cases.ts';
import { FeedbackService } from '../../../src/services/feedback/feedback.ts';
import { loadWordList, Moderator } from '../../../src/services/feedback/moderation.ts';
import { DownlinkDispatcher } from '../../../src/sync/downlink.ts';
import { topics } from '../../../src/protocol/topics.ts';
import { openDeskApp, staffPins, take } from './desk-app.ts';

describe("the office's progress on a handed-over ticket, at 查进度", () => {
  let app: ReturnType<typeof openDeskApp>;
  afterEach(() => {
    app.close();
    app.cleanup();
  });

  it('is applied from the case downlink, newer versions only, and shown with the ticket', async () => {
    app = openDeskApp();
    const downlink = new DownlinkDispatcher(app.store, app.clock);
    const feedback = new FeedbackService({ store: app.store, clock: app.clock, moderator: new Moderator(loadWordList()) });
    registerCaseUpdates(downlink, { feedback, desk: app.desk });
    const send = (body: Record<string, unknown>) =>
      downlink.dispatch(
        topics.down('demo-bus-01', 'case'),
        Buffer.from(JSON.stringify({ v: 1, id: uuidv7(), kind: 'case', issuedAt: app.clock.now().toISOString(), body })),
      );
    const update = (ticketId: string, status: string, replyText: string | null, version: number) =>
      send({ source: 'ticket', reference: null, ticketId, status, replyText, version });

    const login = await app.api.deskStaffLogin({ staffId: 's01', pin: staffPins.s01 });
    if (!login.ok) throw new Error(login.error.message);
    const token = login.value.token;
    const served = await take(app, 'pension-insurance');
    const waiting = await take(app, 'medical-insurance');
    await app.api.deskCallNext({ token, counter: 1 });
    await app.api.deskStart({ token, ticketId: served.id });
    expect((await app.api.deskHandOver({ token, ticketId: served.id, note: '需街道审核' })).ok).toBe(true);

    expect(update(served.id, 'in-progress', '材料已转社保所', 2).outcome).toBe('applied');
    expect(await app.api.deskTicket({ number: served.number })).toMatchObject({
      ok: true,
      value: { state: 'handed_over', officeCase: { status: 'in-progress', replyText: '材料已转社保所', version: 2 } },
    });
    // An older update arriving late changes nothing.
    expect(update(served.id, 'accepted', null, 1).outcome).toBe('applied');
    expect(await app.api.deskTicket({ number: served.number })).toMatchObject({ ok: true, value: { officeCase: { status: 'in-progress', version: 2 } } });
    expect(update(served.id, 'closed', '已办结，请到社区领取', 3).outcome).toBe('applied');
    expect(await app.api.deskTicket({ number: served.number })).toMatchObject({ ok: true, value: { officeCase: { status: 'closed', version: 3 } } });

    // Updates the bus cannot place are rejected whole, and reported.
    expect(update(waiting.id, 'answered', 'x', 1)).toMatchObject({ outcome: 'rejected', reason: expect.stringContaining('not handed over') });
    expect(update('0199aaaa-0000-7000-8000-000000000000', 'answered', 'x', 1)).toMatchObject({ outcome: 'rejected' });
    expect(send({ source: 'ticket', reference: null, status: 'answered', replyText: 'x', version: 4 }).outcome).toBe('rejected');
    expect(update(served.id, 'lost', 'x', 4).outcome).toBe('rejected');
    expect(await app.api.deskTicket({ number: waiting.number })).toMatchObject({ ok: true, value: { state: 'waiting' } });
  });
});
