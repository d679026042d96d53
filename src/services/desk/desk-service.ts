import type { Config } from '../../config/schema.ts';
import type { Clock } from '../../core/clock.ts';
import { uuidv7 } from '../../core/ids.ts';
import { localDayHour } from '../../core/local-time.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { outboxPriority } from '../../store/outbox.ts';
import type { Store } from '../../store/store.ts';
import { saveContent, storedContent } from '../content-versions.ts';
import {
  catalogueContentKind,
  findItem,
  followUpWorkingDays,
  loadShippedCatalogue,
  parseCatalogue,
  type Catalogue,
} from './catalogue.ts';
import { CaseReplies, type CaseStatus } from './case-replies.ts';
import { DeskStore, type PriorityReason, type TicketLookup, type TicketRow, type TicketUpdate, type WaitingTicket } from './desk-store.ts';
import { cleanFreeText, cleanName, cleanPhone, type PersonalInputError } from './personal-input.ts';
import { callOrder, nextToCall } from './queue-policy.ts';
import { describeState, maxRecalls, transitions, type TicketAction } from './ticket-states.ts';
import { hashTicketSecret, newCaseReference, newTicketSecret, secretMatches } from './ticket-secret.ts';
import { queueView, ticketView, type QueueView, type TicketView, type ViewContext } from './ticket-view.ts';
import { addWorkingDays } from './working-days.ts';

export type DeskError =
  | PersonalInputError
  | 'unknown-item'
  | 'unknown-ticket'
  | 'illegal-transition'
  | 'recall-limit'
  | 'counter-busy'
  | 'queue-empty'
  | 'disk-full';

/** Who acted: a logged-in staff member at a counter, or nobody (the resident, the day's end). */
export interface Actor {
  staffId: string | null;
  counter?: number;
}

export interface DeskCall {
  ticket: TicketView;
  counter: number;
  /** What the resident screen flashes and the announcer speaks. */
  text: { zh: string; en: string };
}

/** Weight of the newest service time in the moving average (exponential, per item). */
const averageWeight = 0.3;

/**
 * The service desk on the bus: numbers per category and service day, the calling rule, the ticket
 * life cycle with its history, hand-over due dates by the "7135" rule, and the retention purge.
 * Every write commits with its outbox row (kind `ticket`) in one transaction.
 */
export class DeskService {
  private readonly tickets: DeskStore;
  private readonly caseReplies: CaseReplies;
  private readonly shipped: { version: number; catalogue: Catalogue };
  private cached: { version: number; catalogue: Catalogue } | null = null;

  constructor(
    private readonly options: { store: Store; clock: Clock; config: Config['desk']; shippedCataloguePath?: string },
  ) {
    this.tickets = new DeskStore(options.store.db);
    this.caseReplies = new CaseReplies(options.store.db, options.clock);
    this.shipped = loadShippedCatalogue(options.shippedCataloguePath);
  }

  today(): string {
    return localDayHour(this.options.clock.now()).day;
  }

  /** The newest catalogue: the office's (content table) when newer than the shipped one. */
  catalogue(): { version: number; catalogue: Catalogue } {
    const stored = storedContent(this.options.store.db, catalogueContentKind);
    if (stored === null || stored.version <= this.shipped.version) return this.shipped;
    if (this.cached?.version !== stored.version) {
      const parsed = parseCatalogue(stored.body);
      // The row was validated when applied; a row that no longer parses keeps the desk on the shipped list.
      this.cached = parsed.ok ? { version: stored.version, catalogue: parsed.value } : this.shipped;
    }
    return this.cached;
  }

  /** Validates and replaces the catalogue atomically, only if `version` is newer than the one in use. */
  applyCatalogue(version: number, json: unknown): Result<{ applied: boolean; version: number }, 'catalogue-invalid'> {
    const parsed = parseCatalogue(json);
    if (!parsed.ok) return parsed;
    const { store, clock } = this.options;
    return ok(
      store.withTransaction(() => {
        const current = this.catalogue().version;
        if (version <= current) return { applied: false, version: current };
        saveContent(store.db, catalogueContentKind, version, { ...parsed.value, version }, clock.now().toISOString());
        return { applied: true, version };
      }),
    );
  }

  /** The new ticket and its secret: shown and printed once, kept only as a hash. */
  takeTicket(input: { itemId: string; priority?: PriorityReason; name?: string; phone?: string }): Result<{ ticket: TicketView; secret: string }, DeskError> {
    const found = findItem(this.catalogue().catalogue, input.itemId);
    if (!found) return err('unknown-item', `no service item "${input.itemId}" in the catalogue`);
    const name = cleanName(input.name);
    if (!name.ok) return name;
    const phone = cleanPhone(input.phone);
    if (!phone.ok) return phone;
    const { store, clock } = this.options;
    const now = clock.now().toISOString();
    const day = this.today();
    const id = uuidv7(clock.now().getTime());
    const secret = newTicketSecret();
    // A full disk saves nothing and says so: the kiosk must not show a number that was not stored.
    const saved = store.outbox.guard(() =>
      store.withTransaction(() => {
        const number = `${found.category.prefix}${String(this.tickets.nextNumber(day, found.category.prefix)).padStart(3, '0')}`;
        const row = { id, day, number, categoryId: found.category.id, itemId: found.item.id, priority: input.priority ?? null };
        const { seq } = store.outbox.add({
          kind: 'ticket',
          at: now,
          payload: { v: 1, ticketId: id, day, number, categoryId: row.categoryId, itemId: row.itemId, priority: row.priority, action: 'take', from: null, to: 'waiting', at: now, staffId: null, counter: null },
          priority: outboxPriority.resident,
        });
        this.tickets.insert({ ...row, state: 'waiting', name: name.value, phone: phone.value, takenAt: now, lastOutboxSeq: seq, secretHash: hashTicketSecret(secret) });
        this.tickets.addEvent(id, { action: 'take', fromState: null, toState: 'waiting', at: now, staffId: null, counter: null, note: null });
      }),
    );
    if (!saved.ok) return saved;
    return ok({ ticket: this.view(this.tickets.byId(id)!), secret });
  }

  /** A ticket by id (any day), by number (today's) or by a handed-over case's reference (any day), as the resident may see it. */
  findTicket(by: TicketLookup): Result<TicketView, 'unknown-ticket'> {
    const row = this.tickets.find(by, this.today());
    if (!row) return err('unknown-ticket', 'id' in by ? 'no ticket with this id' : 'number' in by ? `no ticket ${by.number} today` : `no case ${by.reference}`);
    return ok(this.view(row));
  }

  /** The id of the ticket a resident proves to hold by its secret; an unknown number gets the same answer as a wrong code. */
  claim(by: { number: string } | { reference: string }, secret: string): Result<string, 'wrong-secret'> {
    const row = this.tickets.find(by, this.today());
    if (!row || !secretMatches(secret, this.tickets.secretHash(row.id))) {
      return err('wrong-secret', 'this number and code do not match a ticket: check the code printed on your ticket');
    }
    return ok(row.id);
  }

  /** The whole case for the staff console: unmasked contact, notes and history. */
  staffCase(ticketId: string): Result<{ ticket: TicketView; name: string | null; phone: string | null; history: ReturnType<DeskStore['history']> }, 'unknown-ticket'> {
    const row = this.tickets.byId(ticketId);
    if (!row) return err('unknown-ticket', 'no ticket with this id');
    return ok({ ticket: this.view(row), name: row.name, phone: row.phone, history: this.tickets.history(row.id) });
  }

  queue(): QueueView {
    const day = this.today();
    const waiting = this.tickets.waiting(day);
    return { ...queueView(waiting, this.tickets.atCounters(day), this.context(day, waiting)), day };
  }

  /** Calls the next ticket for a counter by the fairness rule; optionally only some categories. */
  callNext(actor: Actor & { counter: number }, categoryIds?: readonly string[]): Result<DeskCall, DeskError> {
    const day = this.today();
    const result = this.write((): Result<TicketRow, DeskError> => {
      const busy = this.tickets.atCounter(day, actor.counter);
      if (busy) {
        return err('counter-busy', `counter ${actor.counter} still has ${busy.number} (${describeState(busy.state)}): finish it, hand it over or mark it no-show first`);
      }
      const waiting = this.tickets.waiting(day).filter((t) => !categoryIds || categoryIds.includes(t.categoryId));
      const next = nextToCall(waiting, this.streak(day), this.options.config.maxPriorityInARow);
      if (!next) return err('queue-empty', 'nobody is waiting for this counter');
      return this.change(this.tickets.byId(next.id)!, 'call', actor, { counter: actor.counter, calledAt: this.options.clock.now().toISOString() });
    });
    return result.ok ? ok(this.announce(result.value)) : result;
  }

  recall(ticketId: string, actor: Actor): Result<DeskCall, DeskError> {
    const ticket = this.tickets.byId(ticketId);
    if (!ticket) return err('unknown-ticket', 'no ticket with this id');
    if (ticket.state === 'called' && ticket.recalls >= maxRecalls) {
      return err('recall-limit', `${ticket.number} was already called again ${maxRecalls} times: mark it no-show`);
    }
    const changed = this.write(() => this.change(ticket, 'recall', actor, { recalls: ticket.recalls + 1 }));
    return changed.ok ? ok(this.announce(changed.value)) : changed;
  }

  start(ticketId: string, actor: Actor): Result<TicketView, DeskError> {
    return this.act(ticketId, 'start', actor, () => ({ startedAt: this.options.clock.now().toISOString() }));
  }

  finish(ticketId: string, actor: Actor, outcome: string): Result<TicketView, DeskError> {
    const cleaned = cleanFreeText(outcome, 'outcome', 200);
    if (!cleaned.ok) return cleaned;
    return this.act(ticketId, 'finish', actor, (t) => this.closing(t, { outcome: cleaned.value }), cleaned.value);
  }

  noShow(ticketId: string, actor: Actor): Result<TicketView, DeskError> {
    return this.act(ticketId, 'no_show', actor, () => ({ closedAt: this.options.clock.now().toISOString() }));
  }

  /** What cannot be finished on board goes to the office, due in 1/3/5 working days by the item's class. */
  handOver(ticketId: string, actor: Actor, input: { note: string; name?: string; phone?: string }): Result<TicketView, DeskError> {
    const note = cleanFreeText(input.note, 'note', 500);
    if (!note.ok) return note;
    const name = cleanName(input.name);
    if (!name.ok) return name;
    const phone = cleanPhone(input.phone);
    if (!phone.ok) return phone;
    const ticket = this.tickets.byId(ticketId);
    if (!ticket) return err('unknown-ticket', 'no ticket with this id');
    if (!transitions.hand_over.from.includes(ticket.state)) return this.refuse(ticket, 'hand_over');
    const followUp = findItem(this.catalogue().catalogue, ticket.itemId)?.item.followUp ?? 'large';
    const { holidays, makeUpWorkdays } = this.options.config;
    const dueDay = addWorkingDays(this.today(), followUpWorkingDays[followUp], {
      holidays: new Set(holidays),
      makeUpWorkdays: new Set(makeUpWorkdays),
    });
    const contact = { name: name.value ?? ticket.name, phone: phone.value ?? ticket.phone };
    const changed = this.write(() => {
      this.tickets.setContact(ticket.id, contact);
      // The office calls the resident back: the hand-over row is the only one that carries the contact.
      const handover = { note: note.value, ...contact };
      // Not the day's number (it comes round again tomorrow): a reference 查进度 finds on any later day.
      const caseReference = newCaseReference((code) => this.tickets.byCaseReference(code) !== null);
      return this.change(ticket, 'hand_over', actor, this.closing(ticket, { handoverNote: note.value, dueDay, caseReference }), note.value, { handover });
    });
    return changed.ok ? ok(this.view(changed.value)) : changed;
  }

  /** The resident gives up their number (from the kiosk, by ticket id). */
  cancel(ticketId: string): Result<TicketView, DeskError> {
    return this.act(ticketId, 'cancel', { staffId: null }, () => ({ closedAt: this.options.clock.now().toISOString() }));
  }

  /**
   * The office's progress on a ticket handed over from the bus (downlink `case`); shown with the
   * ticket at 查进度. Only a newer version replaces what the bus has.
   */
  applyCaseReply(ticketId: string, status: CaseStatus, replyText: string | null, version: number): Result<{ applied: boolean }, 'unknown-ticket' | 'not-handed-over'> {
    const row = this.tickets.byId(ticketId);
    if (!row) return err('unknown-ticket', `no ticket with id ${ticketId} on this bus`);
    if (row.state !== 'handed_over') return err('not-handed-over', `${row.number} was not handed over to the office (${describeState(row.state)})`);
    return ok({ applied: this.caseReplies.apply(ticketId, status, replyText === null ? null : replyText.normalize('NFC'), version) });
  }

  /** The desk module's answer to the 好差评 rating: a visit can be rated once it was served. */
  isFinished(ticketId: string): boolean {
    const state = this.tickets.byId(ticketId)?.state;
    return state === 'done' || state === 'handed_over';
  }

  /**
   * Housekeeping, run at start and every `delays.deskSweepMs`: tickets a past service day left open
   * are expired, and personal fields of tickets closed more than `retentionDays` ago are cleared
   * once the office acknowledged every outbox row of the ticket.
   */
  sweep(): { expired: number; purged: number } {
    const { store, clock, config } = this.options;
    const now = clock.now();
    const stale = this.tickets.staleOpen(this.today());
    store.withTransaction(() => {
      for (const ticket of stale) this.change(ticket, 'expire', { staffId: null }, { closedAt: now.toISOString() });
    });
    const cutoff = new Date(now.getTime() - config.retentionDays * 86_400_000).toISOString();
    const purgeable = this.tickets.purgeable(cutoff);
    store.withTransaction(() => {
      for (const id of purgeable) this.tickets.purge(id, now.toISOString());
    });
    return { expired: stale.length, purged: purgeable.length };
  }

  stats(): { day: string; taken: number; byState: Record<string, number>; priority: number; averageWaitMinutes: number | null; averageServiceMinutes: number | null; byItem: Record<string, number> } {
    const day = this.today();
    const rows = this.tickets.stats(day);
    const weighted = (pick: (r: (typeof rows)[number]) => number | null) => {
      const withValue = rows.filter((r) => pick(r) !== null);
      const n = withValue.reduce((s, r) => s + r.n, 0);
      return n === 0 ? null : Math.round((withValue.reduce((s, r) => s + pick(r)! * r.n, 0) / n) * 10) / 10;
    };
    return {
      day,
      taken: rows.reduce((s, r) => s + r.n, 0),
      byState: Object.fromEntries(rows.map((r) => [r.state, r.n])),
      priority: rows.reduce((s, r) => s + r.priority, 0),
      averageWaitMinutes: weighted((r) => r.waitMinutes),
      averageServiceMinutes: weighted((r) => r.serviceMinutes),
      byItem: Object.fromEntries(this.tickets.itemCounts(day).map((r) => [r.itemId, r.n])),
    };
  }

  private act(
    ticketId: string,
    action: 'start' | 'finish' | 'no_show' | 'cancel',
    actor: Actor,
    changes: (ticket: TicketRow) => TicketUpdate,
    note: string | null = null,
  ): Result<TicketView, DeskError> {
    const ticket = this.tickets.byId(ticketId);
    if (!ticket) return err('unknown-ticket', 'no ticket with this id');
    if (!transitions[action].from.includes(ticket.state)) return this.refuse(ticket, action);
    const changed = this.write(() => this.change(ticket, action, actor, changes(ticket), note));
    return changed.ok ? ok(this.view(changed.value)) : changed;
  }

  /** One transaction; a full disk becomes `disk-full` with nothing of the change stored. */
  private write<T>(change: () => Result<T, DeskError>): Result<T, DeskError> {
    const { store } = this.options;
    const saved = store.outbox.guard(() => store.withTransaction(change));
    return saved.ok ? saved.value : saved;
  }

  /** One state change: checked against the table, stamped in the history, reported in the outbox. */
  private change(
    ticket: TicketRow,
    action: Exclude<TicketAction, 'take'>,
    actor: Actor,
    changes: TicketUpdate,
    note: string | null = null,
    extraPayload: Record<string, unknown> = {},
  ): Result<TicketRow, DeskError> {
    const rule = transitions[action];
    if (!rule.from.includes(ticket.state)) return this.refuse(ticket, action);
    const { store, clock } = this.options;
    const at = clock.now().toISOString();
    const counter = actor.counter ?? ticket.counter;
    const next: TicketRow = { ...ticket, ...changes, state: rule.to, staffId: actor.staffId ?? ticket.staffId, counter };
    const { seq } = store.outbox.add({
      kind: 'ticket',
      at,
      payload: {
        v: 1, ticketId: ticket.id, day: ticket.day, number: ticket.number, categoryId: ticket.categoryId, itemId: ticket.itemId,
        priority: ticket.priority, action, from: ticket.state, to: rule.to, at, staffId: actor.staffId, counter,
        recalls: next.recalls, dueDay: next.dueDay, outcome: next.outcome, ...extraPayload,
      },
      priority: outboxPriority.resident,
    });
    this.tickets.update(ticket.id, { ...changes, state: rule.to, staffId: next.staffId, counter, lastOutboxSeq: seq });
    this.tickets.addEvent(ticket.id, { action, fromState: ticket.state, toState: rule.to, at, staffId: actor.staffId, counter, note });
    return ok({ ...next, lastOutboxSeq: seq });
  }

  private refuse(ticket: TicketRow, action: Exclude<TicketAction, 'take'>): Result<never, 'illegal-transition'> {
    const allowed = transitions[action].from.map(describeState).join(' or ');
    return err('illegal-transition', `${ticket.number} is ${describeState(ticket.state)}: "${action}" is allowed only when it is ${allowed}`);
  }

  /** Closing a served ticket also feeds the item's moving average of service minutes. */
  private closing(ticket: TicketRow, changes: TicketUpdate): TicketUpdate {
    const now = this.options.clock.now();
    if (ticket.startedAt) {
      const minutes = Math.min(120, Math.max(0.5, (now.getTime() - Date.parse(ticket.startedAt)) / 60_000));
      const before = this.averageMinutes(ticket.itemId);
      this.tickets.setAverageMinutes(ticket.itemId, before + averageWeight * (minutes - before));
    }
    return { ...changes, closedAt: now.toISOString() };
  }

  private averageMinutes(itemId: string): number {
    return this.tickets.averageMinutes(itemId) ?? findItem(this.catalogue().catalogue, itemId)?.item.serviceMinutes ?? 10;
  }

  private streak(day: string): number {
    return this.tickets.priorityStreak(day, this.options.config.maxPriorityInARow);
  }

  private context(day: string, waiting: readonly WaitingTicket[] = this.tickets.waiting(day)): ViewContext {
    // Looked up once per item: the estimate walks the whole queue.
    const averages = new Map<string, number>();
    const averageMinutes = (itemId: string) => {
      if (!averages.has(itemId)) averages.set(itemId, this.averageMinutes(itemId));
      return averages.get(itemId)!;
    };
    return {
      catalogue: this.catalogue().catalogue,
      order: callOrder(waiting, this.streak(day), this.options.config.maxPriorityInARow),
      averageMinutes,
      counters: this.options.config.counters,
    };
  }

  private view(row: TicketRow): TicketView {
    const catalogue = this.catalogue().catalogue;
    const view = ticketView(row, row.state === 'waiting' && row.day === this.today() ? this.context(row.day) : null, catalogue);
    return row.state === 'handed_over' ? { ...view, officeCase: this.caseReplies.get(row.id) } : view;
  }

  private announce(row: TicketRow): DeskCall {
    const counter = row.counter!;
    return {
      ticket: this.view(row),
      counter,
      text: { zh: `请${row.number}号到${counter}号服务台`, en: `Number ${row.number}, please go to counter ${counter}` },
    };
  }
}
