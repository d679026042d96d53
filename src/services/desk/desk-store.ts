import type Database from 'better-sqlite3';
import type { TicketAction, TicketState } from './ticket-states.ts';
import { canonicalCaseReference } from './ticket-secret.ts';

export type TicketLookup = { id: string } | { number: string } | { reference: string };

export type PriorityReason = 'elderly' | 'disabled' | 'pregnant';

/** A ticket as stored; personal fields are null when not given or once purged. */
export interface TicketRow {
  seq: number;
  id: string;
  day: string;
  number: string;
  categoryId: string;
  itemId: string;
  priority: PriorityReason | null;
  state: TicketState;
  counter: number | null;
  staffId: string | null;
  recalls: number;
  name: string | null;
  phone: string | null;
  outcome: string | null;
  handoverNote: string | null;
  dueDay: string | null;
  takenAt: string;
  calledAt: string | null;
  startedAt: string | null;
  closedAt: string | null;
  lastOutboxSeq: number;
  purgedAt: string | null;
  /** Handed over: the lasting reference 查进度 finds the case by on any later day. */
  caseReference: string | null;
}

export interface WaitingTicket {
  seq: number;
  id: string;
  number: string;
  categoryId: string;
  itemId: string;
  priority: boolean;
}

export interface TicketEventRow {
  action: TicketAction;
  fromState: TicketState | null;
  toState: TicketState;
  at: string;
  staffId: string | null;
  counter: number | null;
  note: string | null;
}

const ticketColumns = `seq, id, day, number, category_id AS categoryId, item_id AS itemId, priority, state, counter,
  staff_id AS staffId, recalls, name, phone, outcome, handover_note AS handoverNote, due_day AS dueDay,
  taken_at AS takenAt, called_at AS calledAt, started_at AS startedAt, closed_at AS closedAt,
  last_outbox_seq AS lastOutboxSeq, purged_at AS purgedAt, case_reference AS caseReference`;

/** Column names a state change may set, mapped from the row's field names. */
const updatable = {
  state: 'state',
  counter: 'counter',
  staffId: 'staff_id',
  recalls: 'recalls',
  outcome: 'outcome',
  handoverNote: 'handover_note',
  dueDay: 'due_day',
  calledAt: 'called_at',
  startedAt: 'started_at',
  closedAt: 'closed_at',
  lastOutboxSeq: 'last_outbox_seq',
  caseReference: 'case_reference',
} as const satisfies Partial<Record<keyof TicketRow, string>>;
export type TicketUpdate = Partial<Pick<TicketRow, keyof typeof updatable>>;

/** The desk's SQL. Synchronous; the service wraps writes and their outbox rows in one transaction. */
export class DeskStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      bumpNumber: db.prepare(
        `INSERT INTO desk_number (day, prefix, last) VALUES (?, ?, 1)
         ON CONFLICT (day, prefix) DO UPDATE SET last = last + 1 RETURNING last`,
      ),
      insert: db.prepare(
        `INSERT INTO desk_ticket (id, day, number, category_id, item_id, priority, state, name, phone, taken_at, last_outbox_seq, secret_hash)
         VALUES (@id, @day, @number, @categoryId, @itemId, @priority, @state, @name, @phone, @takenAt, @lastOutboxSeq, @secretHash)`,
      ),
      secretHash: db.prepare('SELECT secret_hash FROM desk_ticket WHERE id = ?'),
      byCaseReference: db.prepare(`SELECT ${ticketColumns} FROM desk_ticket WHERE case_reference = ?`),
      byId: db.prepare(`SELECT ${ticketColumns} FROM desk_ticket WHERE id = ?`),
      byNumber: db.prepare(`SELECT ${ticketColumns} FROM desk_ticket WHERE day = ? AND number = ?`),
      waiting: db.prepare(
        `SELECT seq, id, number, category_id AS categoryId, item_id AS itemId, priority IS NOT NULL AS priority
         FROM desk_ticket WHERE closed_at IS NULL AND state = 'waiting' AND day = ? ORDER BY seq`,
      ),
      atCounters: db.prepare(
        `SELECT id, number, state, counter, recalls FROM desk_ticket
         WHERE closed_at IS NULL AND state IN ('called', 'serving') AND day = ? ORDER BY seq`,
      ),
      staleOpen: db.prepare(`SELECT ${ticketColumns} FROM desk_ticket WHERE closed_at IS NULL AND day < ? ORDER BY seq`),
      atCounter: db.prepare(
        `SELECT ${ticketColumns} FROM desk_ticket
         WHERE closed_at IS NULL AND day = ? AND counter = ? AND state IN ('called', 'serving') ORDER BY seq LIMIT 1`,
      ),
      recentCalls: db.prepare(
        `SELECT t.priority IS NOT NULL AS priority FROM desk_ticket_event e JOIN desk_ticket t ON t.id = e.ticket_id
         WHERE e.action = 'call' AND t.day = ? ORDER BY e.id DESC LIMIT ?`,
      ),
      addEvent: db.prepare(
        `INSERT INTO desk_ticket_event (ticket_id, action, from_state, to_state, at, staff_id, counter, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      history: db.prepare(
        `SELECT action, from_state AS fromState, to_state AS toState, at, staff_id AS staffId, counter, note
         FROM desk_ticket_event WHERE ticket_id = ? ORDER BY id`,
      ),
      average: db.prepare('SELECT average_minutes FROM desk_item_time WHERE item_id = ?'),
      upsertAverage: db.prepare(
        `INSERT INTO desk_item_time (item_id, average_minutes, samples) VALUES (?, ?, 1)
         ON CONFLICT (item_id) DO UPDATE SET average_minutes = excluded.average_minutes, samples = samples + 1`,
      ),
      purgeable: db.prepare(
        `SELECT id FROM desk_ticket t
         WHERE purged_at IS NULL AND closed_at IS NOT NULL AND closed_at < ?
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.seq = t.last_outbox_seq)`,
      ),
      purgeTicket: db.prepare(
        'UPDATE desk_ticket SET name = NULL, phone = NULL, outcome = NULL, handover_note = NULL, purged_at = ? WHERE id = ?',
      ),
      purgeEvents: db.prepare('UPDATE desk_ticket_event SET note = NULL WHERE ticket_id = ?'),
      stats: db.prepare(
        `SELECT state, count(*) AS n, sum(priority IS NOT NULL) AS priority,
                avg((julianday(called_at) - julianday(taken_at)) * 1440) AS waitMinutes,
                avg((julianday(closed_at) - julianday(started_at)) * 1440) AS serviceMinutes
         FROM desk_ticket WHERE day = ? GROUP BY state`,
      ),
      itemCounts: db.prepare('SELECT item_id AS itemId, count(*) AS n FROM desk_ticket WHERE day = ? GROUP BY item_id'),
    };
  }

  /** The next number of a prefix on a day; call inside the transaction that inserts the ticket. */
  nextNumber(day: string, prefix: string): number {
    return (this.s.bumpNumber.get(day, prefix) as { last: number }).last;
  }

  insert(
    row: Pick<TicketRow, 'id' | 'day' | 'number' | 'categoryId' | 'itemId' | 'priority' | 'state' | 'name' | 'phone' | 'takenAt' | 'lastOutboxSeq'> & { secretHash: string },
  ): void {
    this.s.insert.run(row);
  }

  /** The hash of the ticket's secret; null for a ticket taken before tickets had one. */
  secretHash(id: string): string | null {
    return (this.s.secretHash.pluck().get(id) as string | null | undefined) ?? null;
  }

  /** By id (any day), by number (on `today`), or by a handed-over case's reference (any day). */
  find(by: TicketLookup, today: string): TicketRow | null {
    if ('id' in by) return this.byId(by.id);
    if ('number' in by) return this.byNumber(today, by.number.toUpperCase());
    const reference = canonicalCaseReference(by.reference);
    return reference ? this.byCaseReference(reference) : null;
  }

  byCaseReference(reference: string): TicketRow | null {
    return (this.s.byCaseReference.get(reference) as TicketRow | undefined) ?? null;
  }

  byId(id: string): TicketRow | null {
    return (this.s.byId.get(id) as TicketRow | undefined) ?? null;
  }

  byNumber(day: string, number: string): TicketRow | null {
    return (this.s.byNumber.get(day, number) as TicketRow | undefined) ?? null;
  }

  /** The day's waiting tickets in taking order, just what the calling rule and the board need. */
  waiting(day: string): WaitingTicket[] {
    return (this.s.waiting.all(day) as (Omit<WaitingTicket, 'priority'> & { priority: number })[]).map((t) => ({ ...t, priority: t.priority === 1 }));
  }

  /** The day's called and served tickets. */
  atCounters(day: string): { id: string; number: string; state: 'called' | 'serving'; counter: number; recalls: number }[] {
    return this.s.atCounters.all(day) as never;
  }

  /** Tickets a past service day left open. */
  staleOpen(today: string): TicketRow[] {
    return this.s.staleOpen.all(today) as TicketRow[];
  }

  atCounter(day: string, counter: number): TicketRow | null {
    return (this.s.atCounter.get(day, counter) as TicketRow | undefined) ?? null;
  }

  /** How many of the day's latest calls, back to the last regular one, were priority tickets. */
  priorityStreak(day: string, lookBack: number): number {
    const recent = this.s.recentCalls.all(day, lookBack) as { priority: number }[];
    const regularAt = recent.findIndex((r) => r.priority === 0);
    return regularAt < 0 ? recent.length : regularAt;
  }

  update(id: string, changes: TicketUpdate): void {
    const entries = Object.entries(changes) as [keyof typeof updatable, unknown][];
    if (entries.length === 0) return;
    const sets = entries.map(([key]) => `${updatable[key]} = ?`).join(', ');
    this.db.prepare(`UPDATE desk_ticket SET ${sets} WHERE id = ?`).run(...entries.map(([, v]) => v), id);
  }

  setContact(id: string, contact: { name: string | null; phone: string | null }): void {
    this.db.prepare('UPDATE desk_ticket SET name = ?, phone = ? WHERE id = ?').run(contact.name, contact.phone, id);
  }

  addEvent(ticketId: string, event: TicketEventRow): void {
    this.s.addEvent.run(ticketId, event.action, event.fromState, event.toState, event.at, event.staffId, event.counter, event.note);
  }

  history(ticketId: string): TicketEventRow[] {
    return this.s.history.all(ticketId) as TicketEventRow[];
  }

  averageMinutes(itemId: string): number | null {
    return (this.s.average.pluck().get(itemId) as number | undefined) ?? null;
  }

  setAverageMinutes(itemId: string, minutes: number): void {
    this.s.upsertAverage.run(itemId, minutes);
  }

  /** Closed before `closedBefore` and every outbox row of the ticket acknowledged by the office. */
  purgeable(closedBefore: string): string[] {
    return this.s.purgeable.pluck().all(closedBefore) as string[];
  }

  purge(id: string, at: string): void {
    this.s.purgeTicket.run(at, id);
    this.s.purgeEvents.run(id);
  }

  stats(day: string): { state: TicketState; n: number; priority: number; waitMinutes: number | null; serviceMinutes: number | null }[] {
    return this.s.stats.all(day) as never;
  }

  itemCounts(day: string): { itemId: string; n: number }[] {
    return this.s.itemCounts.all(day) as { itemId: string; n: number }[];
  }
}
