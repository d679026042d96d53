import { z } from 'zod';
import type { TicketPrintout } from '../../../hardware/printer/types.ts';
import { chinaUtcOffsetMinutes } from '../../core/local-time.ts';
import { ok, type Result } from '../../core/result.ts';
import type { DeskCall } from '../../services/desk/desk-service.ts';
import { pinPattern, StaffSessions } from '../../services/desk/staff-auth.ts';
import type { TicketView } from '../../services/desk/ticket-view.ts';
import type { ApiDeps } from '../deps.ts';
import { parseInput } from '../input.ts';

const id = z.string().min(1).max(64);
const token = z.string().min(1).max(100);
const takeInput = z.strictObject({
  itemId: id,
  /** 70+ (elderly), disabled or pregnant: served first under the fairness rule. */
  priority: z.enum(['elderly', 'disabled', 'pregnant']).optional(),
  name: z.string().max(80).optional(),
  phone: z.string().max(30).optional(),
  /** false: show the number on screen only. */
  print: z.boolean().default(true),
});
export const ticketNumber = z.string().regex(/^[A-Za-z]\d{3,4}$/);
export const caseReference = z.string().min(1).max(20);
export const ticketSecret = z.string().min(1).max(20);
const ticketLookup = z.union([z.strictObject({ id }), z.strictObject({ number: ticketNumber }), z.strictObject({ reference: caseReference })]);
const cancelInput = z.strictObject({ number: ticketNumber, secret: ticketSecret });
const byTicket = z.strictObject({ token, ticketId: id });
const loginInput = z.strictObject({ staffId: z.string().min(1).max(32), pin: z.string().regex(pinPattern, '4 to 8 digits') });
const callInput = z.strictObject({ token, counter: z.number().int().min(1).max(20), categoryIds: z.array(id).max(20).optional() });
const finishInput = z.strictObject({ token, ticketId: id, outcome: z.string().min(1).max(800) });
const handOverInput = z.strictObject({
  token,
  ticketId: id,
  note: z.string().min(1).max(2000),
  name: z.string().max(80).optional(),
  phone: z.string().max(30).optional(),
});

/**
 * The service desk (docs/service-desk.md): residents take and follow numbers on the kiosk, staff work
 * the queue from the console. Staff methods need the token from deskStaffLogin.
 */
export function deskApi(
  { desk, printer, live, clock, config }: ApiDeps,
  sessions = new StaffSessions(config.desk.staff, clock, config.desk.idleLockMinutes),
) {
  const staff = (t: string) => sessions.use(t);
  const pushQueue = () => live.emit({ type: 'desk-queue', queue: desk.queue() });
  const pushCall = (call: DeskCall) => {
    live.emit({ type: 'desk-call', ...call });
    pushQueue();
  };
  /** A staff action: the session is checked (and its idle timer reset) before anything else. */
  const asStaff = <T, C extends string>(t: string, action: (staffId: string) => Result<T, C>) => {
    const session = staff(t);
    if (!session.ok) return session;
    const result = action(session.value.staffId);
    if (result.ok) pushQueue();
    return result;
  };

  return {
    /** Categories and items with names, documents to bring, service minutes and follow-up class. */
    async deskCatalogue() {
      const { version, catalogue } = desk.catalogue();
      return { version, categories: catalogue.categories };
    },

    /** Takes a number; prints the ticket unless `print: false`. A printer fault never loses the number. */
    async deskTakeTicket(input: z.input<typeof takeInput>) {
      const parsed = parseInput(takeInput, input);
      if (!parsed.ok) return parsed;
      const { print, ...request } = parsed.value;
      const taken = desk.takeTicket(request);
      if (!taken.ok) return taken;
      pushQueue();
      const { ticket, secret } = taken.value;
      const printed = print ? await printer.print({ ...printout(ticket, clock.now()), secret, ...(config.desk.printer.qr ? { qr: `lianxin:ticket:${ticket.number}:${secret}` } : {}) }) : null;
      return ok({
        ticket,
        /** Only here, once: the code the resident needs to cancel or rate (also on the paper). */
        secret,
        printed: printed?.ok ?? false,
        printError: printed && !printed.ok ? printed.error.message : null,
      });
    },

    /** 查进度: a ticket by id (any day), by number (today's) or by a handed-over case's reference (any day). Personal fields come masked. */
    async deskTicket(input: z.input<typeof ticketLookup>) {
      const parsed = parseInput(ticketLookup, input);
      if (!parsed.ok) return parsed;
      return desk.findTicket(parsed.value);
    },

    /** The resident gives up their number: today's number and the secret printed on the ticket. */
    async deskCancel(input: z.input<typeof cancelInput>) {
      const parsed = parseInput(cancelInput, input);
      if (!parsed.ok) return parsed;
      const claimed = desk.claim({ number: parsed.value.number }, parsed.value.secret);
      if (!claimed.ok) return claimed;
      const cancelled = desk.cancel(claimed.value);
      if (cancelled.ok) pushQueue();
      return cancelled;
    },

    /** Today's board: waiting tickets in calling order with estimates, called and served ones. No personal data. */
    async deskQueue() {
      return desk.queue();
    },

    /** Today's counts by state and item, average wait and service minutes, the printer's state and the staffed counters. */
    async deskStats() {
      return { ...desk.stats(), printer: printer.status(), counters: config.desk.counters };
    },

    async deskStaffLogin(input: z.input<typeof loginInput>) {
      const parsed = parseInput(loginInput, input);
      if (!parsed.ok) return parsed;
      return sessions.login(parsed.value.staffId, parsed.value.pin);
    },

    /** Locks the console now; the token stops working. */
    async deskStaffLock(input: { token: string }) {
      const parsed = parseInput(z.strictObject({ token }), input);
      if (!parsed.ok) return parsed;
      return ok({ locked: sessions.lock(parsed.value.token) });
    },

    /** Calls the next ticket for a counter (fairness rule), and pushes `desk-call` to screens and announcer. */
    async deskCallNext(input: z.input<typeof callInput>) {
      const parsed = parseInput(callInput, input);
      if (!parsed.ok) return parsed;
      const session = staff(parsed.value.token);
      if (!session.ok) return session;
      const called = desk.callNext({ staffId: session.value.staffId, counter: parsed.value.counter }, parsed.value.categoryIds);
      if (called.ok) pushCall(called.value);
      return called;
    },

    /** Calls the same number again (at most twice), pushing `desk-call` again. */
    async deskRecall(input: z.input<typeof byTicket>) {
      const parsed = parseInput(byTicket, input);
      if (!parsed.ok) return parsed;
      const session = staff(parsed.value.token);
      if (!session.ok) return session;
      const called = desk.recall(parsed.value.ticketId, { staffId: session.value.staffId });
      if (called.ok) pushCall(called.value);
      return called;
    },

    async deskStart(input: z.input<typeof byTicket>) {
      const parsed = parseInput(byTicket, input);
      if (!parsed.ok) return parsed;
      return asStaff(parsed.value.token, (staffId) => desk.start(parsed.value.ticketId, { staffId }));
    },

    async deskFinish(input: z.input<typeof finishInput>) {
      const parsed = parseInput(finishInput, input);
      if (!parsed.ok) return parsed;
      const { ticketId, outcome } = parsed.value;
      return asStaff(parsed.value.token, (staffId) => desk.finish(ticketId, { staffId }, outcome));
    },

    async deskNoShow(input: z.input<typeof byTicket>) {
      const parsed = parseInput(byTicket, input);
      if (!parsed.ok) return parsed;
      return asStaff(parsed.value.token, (staffId) => desk.noShow(parsed.value.ticketId, { staffId }));
    },

    /** Hands the case to the office with a note; due day by the 7135 rule in working days. */
    async deskHandOver(input: z.input<typeof handOverInput>) {
      const parsed = parseInput(handOverInput, input);
      if (!parsed.ok) return parsed;
      const { token: t, ticketId, ...details } = parsed.value;
      const handed = asStaff(t, (staffId) => desk.handOver(ticketId, { staffId }, details));
      if (!handed.ok) return handed;
      // The resident leaves with the case's lasting reference on paper (the day's number comes round again).
      const slip = await printer.print({ ...printout(handed.value, clock.now()), caseReference: handed.value.caseReference, dueDay: handed.value.dueDay });
      return ok({ ...handed.value, printed: slip.ok });
    },

    /** The case on the staff console: the only view with the unmasked phone, plus the history. */
    async deskCase(input: z.input<typeof byTicket>) {
      const parsed = parseInput(byTicket, input);
      if (!parsed.ok) return parsed;
      const session = staff(parsed.value.token);
      if (!session.ok) return session;
      return desk.staffCase(parsed.value.ticketId);
    },
  };
}

function printout(ticket: TicketView, now: Date): TicketPrintout {
  const local = new Date(now.getTime() + chinaUtcOffsetMinutes * 60_000).toISOString();
  return {
    number: ticket.number,
    item: ticket.item.name,
    priority: ticket.priority !== null,
    peopleAhead: ticket.peopleAhead ?? 0,
    estimatedWaitMinutes: ticket.estimatedWaitMinutes ?? 0,
    documents: ticket.item.documents,
    takenAtLocal: `${local.slice(0, 10)} ${local.slice(11, 16)}`,
  };
}

