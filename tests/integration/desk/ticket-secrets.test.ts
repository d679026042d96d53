import { afterEach, describe, expect, it } from 'vitest';
import { feedbackApi } from '../../../src/api/areas/feedback.ts';
import { unwrap } from '../../../src/core/result.ts';
import type { FeedbackService } from '../../../src/services/feedback/feedback.ts';
import { RatingService } from '../../../src/services/feedback/ratings.ts';
import { openDeskApp, staffPins, take, type DeskApp } from './desk-app.ts';

/** What only the holder of a ticket can do, and the case reference that outlives the day's number. */
describe('desk: ticket secrets and lasting case references', () => {
  let app: (DeskApp & { cleanup(): void }) | undefined;
  afterEach(() => {
    app?.close();
    app?.cleanup();
    app = undefined;
  });

  const staff = async (a: DeskApp) => unwrap(await a.api.deskStaffLogin({ staffId: 's01', pin: staffPins.s01 })).token;
  const voice = (a: DeskApp) => {
    const ratings = new RatingService({ store: a.store, clock: a.clock, tickets: a.desk });
    return feedbackApi({ feedback: {} as FeedbackService, ratings, desk: a.desk, printer: a.printer, clock: a.clock });
  };

  it('taking a number returns a secret, printed on the ticket (and as a QR code when the printer can); the bus keeps only its hash', async () => {
    app = openDeskApp({ desk: { printer: { kind: 'simulator', qr: true } } });
    const taken = unwrap(await app.api.deskTakeTicket({ itemId: 'policy-consult' }));
    expect(taken.secret).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);
    const paper = app.printer.printed.at(-1)!;
    expect(paper.ticket).toMatchObject({ number: taken.ticket.number, secret: taken.secret, qr: `lianxin:ticket:${taken.ticket.number}:${taken.secret}` });
    expect(new TextDecoder('gb18030').decode(paper.bytes)).toContain(taken.secret);
    // GS ( k: the QR symbol's data is stored and printed.
    expect(Buffer.from(paper.bytes).includes(Buffer.from([0x1d, 0x28, 0x6b]))).toBe(true);
    const stored = JSON.stringify(app.store.db.prepare('SELECT * FROM desk_ticket').all());
    expect(stored).not.toContain(taken.secret);
    expect(JSON.stringify(app.store.db.prepare('SELECT payload FROM outbox').all())).not.toContain(taken.secret);
    // A ticket view (查进度, the queue, the console) never carries it.
    expect(JSON.stringify(await app.api.deskTicket({ number: taken.ticket.number }))).not.toContain(taken.secret);
  });

  it('without a QR-capable printer the secret is printed as a code only', async () => {
    app = openDeskApp();
    const taken = unwrap(await app.api.deskTakeTicket({ itemId: 'policy-consult' }));
    expect(app.printer.printed.at(-1)!.ticket.qr).toBeUndefined();
    expect(Buffer.from(app.printer.printed.at(-1)!.bytes).includes(Buffer.from([0x1d, 0x28, 0x6b]))).toBe(false);
    expect(new TextDecoder('gb18030').decode(app.printer.printed.at(-1)!.bytes)).toContain(taken.secret);
  });

  it('another resident cannot cancel a ticket without its secret; the holder can', async () => {
    app = openDeskApp();
    const mine = await take(app, 'policy-consult');
    const other = await take(app, 'policy-consult');
    for (const guess of ['222222', other.secret, '', 'x'.repeat(30)]) {
      const refused = await app.api.deskCancel({ number: mine.number, secret: guess });
      expect(refused.ok, guess).toBe(false);
    }
    expect(await app.api.deskCancel({ ticketId: mine.id } as never)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await app.api.deskCancel({ number: 'Z999', secret: mine.secret })).toMatchObject({ ok: false, error: { code: 'wrong-secret' } });
    expect(unwrap(await app.api.deskTicket({ number: mine.number })).state).toBe('waiting');
    // Case and spaces forgiven, as a code read off paper is typed.
    expect(await app.api.deskCancel({ number: mine.number, secret: ` ${mine.secret.slice(0, 3)} ${mine.secret.slice(3).toLowerCase()}` })).toMatchObject({ ok: true, value: { state: 'cancelled' } });
  });

  it('another resident cannot rate a visit by typing its sequential number; the holder rates it once', async () => {
    app = openDeskApp();
    const token = await staff(app);
    const visit = await take(app, 'policy-consult');
    unwrap(await app.api.deskCallNext({ token, counter: 1 }));
    unwrap(await app.api.deskStart({ token, ticketId: visit.id }));
    unwrap(await app.api.deskFinish({ token, ticketId: visit.id, outcome: '已答复' }));
    const api = voice(app);
    expect(await api.ratingOptions({ number: visit.number, secret: '222222' })).toMatchObject({ ok: false, error: { code: 'wrong-secret' } });
    expect(await api.ratingSubmit({ number: visit.number, secret: '222222', level: 'very-dissatisfied' })).toMatchObject({ ok: false, error: { code: 'wrong-secret' } });
    expect(await api.ratingSubmit({ ticketId: visit.id, level: 'very-dissatisfied' } as never)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(app.store.db.prepare('SELECT count(*) FROM service_rating').pluck().get()).toBe(0);
    expect(await api.ratingOptions({ number: visit.number, secret: visit.secret })).toMatchObject({ ok: true, value: { canRate: true } });
    expect(await api.ratingSubmit({ number: visit.number, secret: visit.secret, level: 'satisfied' })).toMatchObject({ ok: true, value: { ticketId: visit.id } });
  });

  it('a handed-over case gets a lasting reference, printed on a slip, that 查进度 finds on a later day when the number is long reused', async () => {
    app = openDeskApp();
    const token = await staff(app);
    const visit = await take(app, 'party-transfer');
    unwrap(await app.api.deskCallNext({ token, counter: 1 }));
    unwrap(await app.api.deskStart({ token, ticketId: visit.id }));
    const handed = unwrap(await app.api.deskHandOver({ token, ticketId: visit.id, note: '需补交材料后办理' }));
    expect(handed.caseReference).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(handed.printed).toBe(true);
    const slip = app.printer.printed.at(-1)!;
    expect(slip.ticket.caseReference).toBe(handed.caseReference);
    expect(new TextDecoder('gb18030').decode(slip.bytes)).toContain(handed.caseReference!);

    // Three days later the same number belongs to someone else; the reference still finds the case.
    app.clock.advance(3 * 24 * 3600_000);
    const later = await take(app, 'party-transfer');
    expect(later.number).toBe(visit.number);
    expect(unwrap(await app.api.deskTicket({ number: visit.number })).id).toBe(later.id);
    const found = unwrap(await app.api.deskTicket({ reference: handed.caseReference!.toLowerCase() }));
    expect(found).toMatchObject({ id: visit.id, state: 'handed_over', caseReference: handed.caseReference });
    expect(await app.api.deskTicket({ reference: 'ZZZZZZZZ' })).toMatchObject({ ok: false, error: { code: 'unknown-ticket' } });
    // The resident rates the handed-over visit with the reference and the ticket's code.
    expect(await voice(app).ratingSubmit({ reference: handed.caseReference!, secret: visit.secret, level: 'satisfied' })).toMatchObject({ ok: true });
  });
});
