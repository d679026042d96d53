import type Database from 'better-sqlite3';
import { localDayHour } from '../core/local-time.ts';
import { uuidv7 } from '../core/ids.ts';
import { addWorkingDays, type WorkCalendar } from '../services/desk/working-days.ts';
import type { EventLedger, LedgerRow } from './ledger/types.ts';

/**
 * Builds the dashboard's read models from the office ledger. Events are read past a high-water
 * mark (the ledger's commit-order cursor) and each projected row is keyed by
 * its event or entity id, so running it again never double counts. Payloads come from several bus
 * releases: every field is read defensively and unknown ones are ignored.
 */

type Payload = Record<string, unknown>;

export interface ProjectionFailure {
  cursor: number;
  busId: string;
  eventId: string;
  kind: string;
  error: string;
  at: string;
}

/**
 * How far ahead of the office's clock a bus's event time may be. A later time would order the
 * entity ahead of every real update to come (a ticket "last changed in 2099" never changes again):
 * such an event is ordered at the office's receive time plus this, per bus and per event.
 */
export const maxClockSkewMs = 10 * 60_000;

function boundedTime(at: string, receivedAt: string): string {
  const ms = Date.parse(at);
  const limit = Date.parse(receivedAt) + maxClockSkewMs;
  if (Number.isNaN(ms)) return receivedAt;
  return new Date(Math.min(ms, limit)).toISOString();
}

const str = (p: Payload, ...keys: string[]): string | null => {
  for (const key of keys) if (typeof p[key] === 'string' && p[key] !== '') return p[key];
  return null;
};
const num = (p: Payload, ...keys: string[]): number | null => {
  for (const key of keys) if (typeof p[key] === 'number' && Number.isFinite(p[key])) return p[key];
  return null;
};

/** Follow-up working days per 7135 class; help requests are small matters. */
const classDays: Record<string, number> = { small: 1, large: 3, hard: 5 };
export const helpFollowUpClass = 'small';

export interface ProjectionOptions {
  /** Item id → 7135 class, from the service catalogue; unknown items are "large". */
  followUpClass: (itemId: string) => string | undefined;
  /** Item id → display name for case titles. */
  itemName: (itemId: string) => string | undefined;
  calendar: WorkCalendar;
}

const ticketTimes: Record<string, 'taken_at' | 'called_at' | 'started_at' | 'finished_at'> = {
  waiting: 'taken_at',
  take: 'taken_at',
  called: 'called_at',
  call: 'called_at',
  serving: 'started_at',
  start: 'started_at',
  done: 'finished_at',
  finish: 'finished_at',
  // Service ends when the matter goes to the office, too.
  handed_over: 'finished_at',
  hand_over: 'finished_at',
};

export class OfficeProjector {
  private readonly batch = 5000;
  private readonly statements = new Map<string, Database.Statement>();

  private running: Promise<number> | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly ledger: EventLedger,
    private readonly options: ProjectionOptions,
  ) {}

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  private mark(): number {
    return (this.sql("SELECT event_rowid FROM projection_mark WHERE name = 'dashboard'").pluck().get() as number | undefined) ?? 0;
  }

  /**
   * Projects every event committed since the last call; returns how many were read. Calls while
   * one runs share it, so a page read never projects the same batch twice.
   */
  catchUp(): Promise<number> {
    this.running ??= this.readAll().finally(() => (this.running = null));
    return this.running;
  }

  /** catchUp for callers that serve what is projected either way: a failure is logged, never thrown. */
  catchUpLogged(): Promise<number> {
    return this.catchUp().catch((error: Error) => {
      console.error(`office: projection failed: ${error.message}`);
      return 0;
    });
  }

  /** Events a projection threw on (recorded and skipped), newest first. */
  failures(limit = 100): ProjectionFailure[] {
    return this.sql('SELECT event_cursor AS cursor, bus_id AS busId, event_id AS eventId, kind, error, at FROM projection_failure ORDER BY id DESC LIMIT ?').all(
      limit,
    ) as ProjectionFailure[];
  }

  private async readAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.ledger.eventsAfter(this.mark(), this.batch);
      this.db
        .transaction(() => {
          for (const row of rows) this.guarded(row);
          if (rows.length > 0) {
            this.sql(
              `INSERT INTO projection_mark (name, event_rowid) VALUES ('dashboard', ?)
               ON CONFLICT (name) DO UPDATE SET event_rowid = excluded.event_rowid`,
            ).run(rows.at(-1)!.cursor);
          }
        })
        .immediate();
      total += rows.length;
      if (rows.length < this.batch) return total;
    }
  }

  /**
   * One event in its own savepoint: should it still throw (a payload the schema let through that
   * a statement refuses, an id of another bus), its writes are undone, the failure is recorded
   * and the mark moves past it with the rest of the batch.
   */
  private guarded(row: LedgerRow): void {
    try {
      this.db.transaction(() => this.project(row))();
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      this.sql('INSERT INTO projection_failure (event_cursor, bus_id, event_id, kind, error, at) VALUES (?, ?, ?, ?, ?, ?)').run(
        row.cursor,
        row.busId,
        row.id,
        row.kind,
        message,
        new Date().toISOString(),
      );
    }
  }

  private project(row: LedgerRow): void {
    let payload: unknown;
    try {
      payload = JSON.parse(row.payload);
    } catch {
      return;
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return;
    const p = payload as Payload;
    const at = boundedTime(str(p, 'time', 'at') ?? row.at, row.receivedAt);
    const local = localDayHour(new Date(at));
    if (row.kind === 'trip') this.trip(row, p, at, local.day);
    else if (row.kind === 'count') this.count(row, p, at, local.day, local.hour);
    else if (row.kind === 'ticket') this.ticket(row, p, at, local.day);
    else if (row.kind === 'comment') this.comment(row, p, at, local.day);
    else if (row.kind === 'rating') this.rating(row, p, at, local.day);
    else if (row.kind === 'downlink-applied') this.applied(row, p, at);
  }

  /** A downlink the bus applied; keyed by bus, so a bus can only ever speak for itself. */
  private applied(row: Pick<LedgerRow, 'busId'>, p: Payload, at: string): void {
    const id = str(p, 'id');
    const kind = str(p, 'kind');
    if (id === null || kind === null) return;
    this
      .sql('INSERT INTO p_downlink_applied (bus_id, downlink_id, kind, version, applied_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(row.busId, id, kind, num(p, 'version'), at);
  }

  private trip(row: Pick<LedgerRow, 'busId' | 'id'>, p: Payload, at: string, day: string): void {
    const type = str(p, 'type');
    if (type === null) return;
    this
      .sql('INSERT INTO p_trip (event_id, bus_id, at, day, type, stop_id, lap, distance) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(row.id, row.busId, at, day, type, str(p, 'stopId'), num(p, 'lap') ?? 0, num(p, 'distance'));
    this.sql('INSERT INTO p_lap (day, bus_id, lap) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(day, row.busId, num(p, 'lap') ?? 0);
  }

  private count(row: Pick<LedgerRow, 'busId' | 'id'>, p: Payload, at: string, day: string, hour: number): void {
    const boarded = num(p, 'boarded') ?? 0;
    const alighted = num(p, 'alighted') ?? 0;
    const countDay = str(p, 'day') ?? day;
    const countHour = num(p, 'hour') ?? hour;
    const stopId = str(p, 'stopId', 'afterStopId');
    const inserted = this.sql(
      'INSERT INTO p_count (event_id, bus_id, at, day, hour, lap, stop_id, boarded, alighted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ).run(row.id, row.busId, at, countDay, countHour, num(p, 'lap'), stopId, boarded, alighted);
    if (inserted.changes === 0) return;
    this.sql(
      `INSERT INTO p_ride_hour (day, bus_id, stop_id, hour, boarded, alighted) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET boarded = boarded + excluded.boarded, alighted = alighted + excluded.alighted`,
    ).run(countDay, row.busId, stopId ?? '', countHour, boarded, alighted);
  }

  /** A ticket event is a state change (or a snapshot) of one ticket: merged into its row. */
  private ticket(row: Pick<LedgerRow, 'busId' | 'id'>, p: Payload, at: string, day: string): void {
    const nested = typeof p.ticket === 'object' && p.ticket !== null ? (p.ticket as Payload) : p;
    const ticketId = str(p, 'ticketId') ?? str(nested, 'id', 'ticketId');
    if (ticketId === null) return;
    const state = str(p, 'toState', 'to', 'state') ?? str(nested, 'state') ?? 'waiting';
    const action = str(p, 'action') ?? state;
    const times: Record<string, string | null> = {
      taken_at: str(nested, 'takenAt'),
      called_at: str(nested, 'calledAt'),
      started_at: str(nested, 'startedAt'),
      finished_at: state === 'done' ? str(nested, 'closedAt', 'finishedAt') : null,
    };
    const column = ticketTimes[action] ?? ticketTimes[state];
    if (column && times[column] === null && (column !== 'called_at' || action !== 'recall')) times[column] = at;
    this.mustOwn('p_ticket', 'ticket_id', ticketId, row.busId);
    const itemId = str(nested, 'itemId', 'item') ?? 'unknown';
    // The hand-over event alone carries the resident's contact, for the office's call back.
    const handover = typeof p.handover === 'object' && p.handover !== null ? (p.handover as Payload) : {};
    this
      .sql(
        `INSERT INTO p_ticket (ticket_id, bus_id, day, number, item_id, state, taken_at, called_at, started_at, finished_at,
           name, phone, note, due_day, last_at)
         VALUES (@id, @bus, @day, @number, @item, @state, @taken_at, @called_at, @started_at, @finished_at, @name, @phone, @note, @due, @at)
         ON CONFLICT (ticket_id) DO UPDATE SET
           state = CASE WHEN excluded.last_at >= p_ticket.last_at THEN excluded.state ELSE p_ticket.state END,
           last_at = max(p_ticket.last_at, excluded.last_at),
           number = coalesce(p_ticket.number, excluded.number),
           item_id = CASE WHEN p_ticket.item_id = 'unknown' THEN excluded.item_id ELSE p_ticket.item_id END,
           taken_at = coalesce(p_ticket.taken_at, excluded.taken_at),
           called_at = coalesce(p_ticket.called_at, excluded.called_at),
           started_at = coalesce(p_ticket.started_at, excluded.started_at),
           finished_at = coalesce(p_ticket.finished_at, excluded.finished_at),
           name = coalesce(excluded.name, p_ticket.name),
           phone = coalesce(excluded.phone, p_ticket.phone),
           note = coalesce(excluded.note, p_ticket.note),
           due_day = coalesce(excluded.due_day, p_ticket.due_day)`,
      )
      .run({
        id: ticketId,
        bus: row.busId,
        day: str(nested, 'day') ?? day,
        number: str(nested, 'number'),
        item: itemId,
        state,
        ...times,
        name: str(handover, 'name') ?? str(nested, 'name'),
        phone: str(handover, 'phone') ?? str(nested, 'phone'),
        note: str(handover, 'note') ?? str(p, 'note', 'handoverNote') ?? str(nested, 'handoverNote', 'note'),
        due: str(nested, 'dueDay'),
        at,
      });
    this.sql(
      `UPDATE p_ticket SET
         wait_min = CASE WHEN called_at IS NOT NULL AND taken_at IS NOT NULL THEN (julianday(called_at) - julianday(taken_at)) * 1440.0 END,
         service_min = CASE WHEN finished_at IS NOT NULL AND started_at IS NOT NULL THEN (julianday(finished_at) - julianday(started_at)) * 1440.0 END
       WHERE ticket_id = ? AND bus_id = ?`,
    ).run(ticketId, row.busId);
    this.sql('UPDATE p_rating SET item_id = ? WHERE ticket_id = ? AND bus_id = ? AND item_id IS NULL').run(itemId === 'unknown' ? null : itemId, ticketId, row.busId);
    if (state === 'handed_over' || action === 'hand_over') {
      const ticket = this.sql('SELECT number, item_id, day, due_day, note FROM p_ticket WHERE ticket_id = ? AND bus_id = ?').get(ticketId, row.busId) as {
        number: string | null;
        item_id: string;
        day: string;
        due_day: string | null;
        note: string | null;
      };
      const cls = this.options.followUpClass(ticket.item_id) ?? 'large';
      const due = ticket.due_day ?? addWorkingDays(ticket.day, classDays[cls] ?? 3, this.options.calendar);
      const title = [this.options.itemName(ticket.item_id) ?? ticket.item_id, ticket.note].filter(Boolean).join('：');
      this.openCase('ticket', ticketId, row.busId, str(p, 'reference') ?? str(nested, 'reference') ?? ticket.number, title, at, due);
    }
  }

  private comment(row: Pick<LedgerRow, 'busId' | 'id'>, p: Payload, at: string, day: string): void {
    const reference = str(p, 'reference');
    if (reference === null) return;
    const commentId = str(p, 'id') ?? row.id;
    this.mustOwn('p_comment', 'comment_id', commentId, row.busId);
    const category = str(p, 'category') ?? 'suggestion';
    const phrases = Array.isArray(p.phrases) ? p.phrases.filter((x): x is string => typeof x === 'string') : [];
    const localDay = str(p, 'day') ?? day;
    this
      .sql(
        `INSERT INTO p_comment (comment_id, reference, bus_id, at, day, category, phrases, text, contact, ticket_id, meeting_day)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(commentId, reference, row.busId, at, localDay, category, JSON.stringify(phrases), str(p, 'text') ?? '', str(p, 'contact'), str(p, 'ticketId'), str(p, 'meetingDay'));
    if (category === 'help') {
      const text = str(p, 'text') ?? '';
      const title = `求助：${text || phrases.join('、')}`.slice(0, 80);
      this.openCase('comment', commentId, row.busId, reference, title, at, addWorkingDays(localDay, classDays[helpFollowUpClass]!, this.options.calendar));
    }
  }

  private rating(row: Pick<LedgerRow, 'busId' | 'id'>, p: Payload, at: string, day: string): void {
    const ticketId = str(p, 'ticketId');
    const level = str(p, 'level');
    if (ticketId === null || level === null) return;
    const ratingId = str(p, 'id') ?? row.id;
    this.mustOwn('p_rating', 'rating_id', ratingId, row.busId);
    const reasons = Array.isArray(p.reasons) ? p.reasons.filter((x): x is string => typeof x === 'string') : [];
    const followUp = p.followUp === true || level === 'dissatisfied' || level === 'very-dissatisfied';
    this
      .sql(
        `INSERT INTO p_rating (rating_id, ticket_id, item_id, bus_id, at, day, level, reasons, follow_up)
         VALUES (?, ?, (SELECT nullif(item_id, 'unknown') FROM p_ticket WHERE ticket_id = ? AND bus_id = ?), ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      )
      .run(ratingId, ticketId, ticketId, row.busId, row.busId, at, day, level, JSON.stringify(reasons), followUp ? 1 : 0);
  }

  /**
   * Ids come from the payload, which any bus writes: an id another bus's row already holds is
   * refused (recorded as a projection failure), so no bus can change another bus's entity.
   */
  private mustOwn(table: 'p_ticket' | 'p_comment' | 'p_rating', column: string, id: string, busId: string): void {
    const owner = this.sql(`SELECT bus_id FROM ${table} WHERE ${column} = ?`).pluck().get(id) as string | undefined;
    if (owner !== undefined && owner !== busId) throw new Error(`${column} ${id} belongs to bus ${owner}, not ${busId}`);
    const caseOwner = this.sql('SELECT bus_id FROM office_case WHERE source_id = ?').pluck().get(id) as string | undefined;
    if (caseOwner !== undefined && caseOwner !== busId) throw new Error(`case for ${id} belongs to bus ${caseOwner}, not ${busId}`);
  }

  private openCase(source: 'ticket' | 'comment', sourceId: string, busId: string, reference: string | null, title: string, at: string, due: string): void {
    this
      .sql(
        `INSERT INTO office_case (case_id, source, source_id, bus_id, reference, title, opened_at, due_day)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_id) DO NOTHING`,
      )
      .run(uuidv7(new Date(at).getTime() || Date.now()), source, sourceId, busId, reference, title, at, due);
  }
}
