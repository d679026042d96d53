import type Database from 'better-sqlite3';
import type { EventLedger } from './ledger/types.ts';
import { localDayHour } from '../core/local-time.ts';
import { maskContact, maskPhone, maskSensitiveNumbers } from '../core/privacy.ts';
import { maskedName } from '../services/desk/personal-input.ts';

/** A date range on the office calendar, both ends included (YYYY-MM-DD). */
export interface DayRange {
  from: string;
  to: string;
  busId?: string;
}

/** Whether a result may carry residents' personal data unmasked (asked for and allowed). */
export type Reveal = boolean;

export const dueStatuses = ['overdue', 'due-today', 'on-time', 'closed'] as const;
export type DueStatus = (typeof dueStatuses)[number];
export const caseSorts = ['due', 'opened', 'updated'] as const;

export interface CaseFilter {
  state?: string;
  due?: DueStatus;
  busId?: string;
  itemId?: string;
  /** Part of the reference code, the resident's name or the title. */
  search?: string;
  sort?: (typeof caseSorts)[number];
}

const busFilter = (range: DayRange, column = 'bus_id') => (range.busId ? ` AND ${column} = @busId` : '');
const params = (range: DayRange) => ({ from: range.from, to: range.to, busId: range.busId ?? null });

export function dueStatus(dueDay: string, state: string, today: string): DueStatus {
  if (state === 'closed') return 'closed';
  if (dueDay < today) return 'overdue';
  if (dueDay === today) return 'due-today';
  return 'on-time';
}

// One masking rule everywhere: the office masks a name as the bus's screens do (王**).
const maskName = (name: string | null, reveal: Reveal) => (reveal ? name : maskedName(name));
const maskTel = (phone: string | null, reveal: Reveal) => (phone === null ? null : reveal ? phone : maskPhone(phone));
const maskReach = (contact: string | null, reveal: Reveal) => (contact === null ? null : reveal ? contact : maskContact(contact));
// What a resident wrote is masked again here: a bus from before the masking rules (or a hostile one) may have sent it unmasked.
const maskWords = (text: string, reveal: Reveal) => (reveal ? text : maskSensitiveNumbers(text).text);

function livePosition(json: string | null): { lat: number; lon: number; time: string } | null {
  if (json === null) return null;
  try {
    const p = JSON.parse(json) as { lat?: unknown; lon?: unknown; time?: unknown };
    return typeof p.lat === 'number' && typeof p.lon === 'number' && typeof p.time === 'string' ? { lat: p.lat, lon: p.lon, time: p.time } : null;
  } catch {
    return null;
  }
}

/** The dashboard's read queries over the projected tables; every filter value is a bound parameter. */
export class OfficeQueries {
  constructor(
    private readonly db: Database.Database,
    private readonly ledger: EventLedger,
    private readonly now: () => Date,
  ) {}

  today(): string {
    return localDayHour(this.now()).day;
  }

  async fleet() {
    const today = this.today();
    const nowMs = this.now().getTime();
    const buses = await this.ledger.fleetLinks();
    const lastTrip = this.db.prepare(
      `SELECT at, type, stop_id, lap, distance FROM p_trip WHERE bus_id = ? AND distance IS NOT NULL ORDER BY at DESC LIMIT 1`,
    );
    const lapsToday = this.db.prepare('SELECT count(*) FROM p_lap WHERE bus_id = ? AND day = ?').pluck();
    const lastLap = this.db.prepare('SELECT min(at) AS started, max(at) AS ended FROM p_trip WHERE bus_id = ? AND day = ? AND lap = ?');
    const lastDay = this.db.prepare('SELECT day FROM p_trip WHERE bus_id = ? ORDER BY at DESC LIMIT 1').pluck();
    return buses.map((b) => {
      const trip = lastTrip.get(b.busId) as { at: string; type: string; stop_id: string | null; lap: number; distance: number } | undefined;
      const day = trip ? (lastDay.get(b.busId) as string) : null;
      const lap = trip && day ? (lastLap.get(b.busId, day, trip.lap) as { started: string; ended: string }) : null;
      return {
        busId: b.busId,
        online: b.online,
        statusAt: b.statusAt,
        lastSeen: b.lastSeen,
        committedSeq: b.committedSeq,
        /**
         * The bus's database was recreated (damaged, emptied or lost) and its seqs began again under
         * a new stream: when the office first saw the new stream, and what the bus reported of it.
         */
        reset: b.streams > 1 || b.resetReport ? { at: b.resetAt ?? (typeof b.resetReport?.at === 'string' ? b.resetReport.at : null), streams: b.streams, report: resetReport(b.resetReport) } : null,
        /** Events received but not yet acknowledged to the bus (a gap before them, or the ack not yet durable). */
        pendingBeyondGap: Math.max(0, (b.maxSeq ?? 0) - b.committedSeq),
        /** Age of the oldest event not yet acknowledged; null when everything is. */
        oldestUnsyncedS: b.oldestGapAt ? Math.max(0, Math.round((nowMs - new Date(b.oldestGapAt).getTime()) / 1000)) : null,
        lastEventAt: b.lastEventAt,
        position: trip ? { at: trip.at, type: trip.type, stopId: trip.stop_id, lap: trip.lap, distance: trip.distance } : null,
        /** The last live position (QoS 0, every few seconds while online), as the bus sent it. */
        live: livePosition(b.position),
        lapsToday: lapsToday.get(b.busId, today) as number,
        lastLap: trip && lap ? { lap: trip.lap, started: lap.started, ended: lap.ended } : null,
      };
    });
  }

  ridership(range: DayRange) {
    const p = params(range);
    const where = `day BETWEEN @from AND @to${busFilter(range)}`;
    const byStop = this.db
      .prepare(`SELECT stop_id AS stopId, sum(boarded) AS boarded, sum(alighted) AS alighted FROM p_ride_hour WHERE ${where} GROUP BY stop_id ORDER BY stop_id`)
      .all(p) as { stopId: string; boarded: number; alighted: number }[];
    const byHour = this.db
      .prepare(`SELECT hour, sum(boarded) AS boarded, sum(alighted) AS alighted FROM p_ride_hour WHERE ${where} GROUP BY hour ORDER BY hour`)
      .all(p) as { hour: number; boarded: number; alighted: number }[];
    const byDay = this.db
      .prepare(`SELECT day, sum(boarded) AS boarded, sum(alighted) AS alighted FROM p_ride_hour WHERE ${where} GROUP BY day ORDER BY day`)
      .all(p) as { day: string; boarded: number; alighted: number }[];
    const laps = this.db.prepare(`SELECT day, count(*) AS laps FROM p_lap WHERE ${where} GROUP BY day ORDER BY day`).all(p) as { day: string; laps: number }[];
    const lapsByDay = new Map(laps.map((l) => [l.day, l.laps]));
    return { byStop, byHour, byDay: byDay.map((d) => ({ ...d, laps: lapsByDay.get(d.day) ?? 0 })) };
  }

  /** Qmatic definitions: wait = called − taken, service = finished − started (minutes). */
  desk(range: DayRange) {
    const p = params(range);
    const where = `day BETWEEN @from AND @to${busFilter(range)}`;
    const byItem = this.db
      .prepare(
        `SELECT item_id AS itemId, count(*) AS tickets,
           avg(wait_min) AS waitMin,
           avg(service_min) AS serviceMin,
           sum(state = 'no_show') AS noShows,
           sum(state = 'handed_over') AS handedOver
         FROM p_ticket WHERE ${where} GROUP BY item_id ORDER BY tickets DESC`,
      )
      .all(p) as { itemId: string; tickets: number; waitMin: number | null; serviceMin: number | null; noShows: number; handedOver: number }[];
    const byDay = this.db
      .prepare(`SELECT day, item_id AS itemId, count(*) AS tickets FROM p_ticket WHERE ${where} GROUP BY day, item_id ORDER BY day, item_id`)
      .all(p) as { day: string; itemId: string; tickets: number }[];
    return { byItem: byItem.map((r) => ({ ...r, noShowRate: r.tickets === 0 ? 0 : r.noShows / r.tickets })), byDay };
  }

  /**
   * Cases, filtered in SQL (state, 7135 due status, bus, item, a reference / name / title search)
   * and sorted; the search matches the resident's name even while the page shows it masked.
   */
  cases(filter: CaseFilter & { reveal: Reveal }) {
    const today = this.today();
    const order = { due: 'c.due_day, c.opened_at', opened: 'c.opened_at DESC', updated: 'coalesce(c.updated_at, c.opened_at) DESC' }[filter.sort ?? 'due'];
    const rows = this.db
      .prepare(
        `SELECT c.*, t.name, t.phone, t.item_id, pc.contact, pc.text AS comment_text
         FROM office_case c
         LEFT JOIN p_ticket t ON c.source = 'ticket' AND t.ticket_id = c.source_id
         LEFT JOIN p_comment pc ON c.source = 'comment' AND pc.comment_id = c.source_id
         WHERE (@state IS NULL OR c.state = @state)
           AND (@busId IS NULL OR c.bus_id = @busId)
           AND (@itemId IS NULL OR t.item_id = @itemId)
           AND (@due IS NULL OR (@due = 'closed' AND c.state = 'closed') OR (c.state <> 'closed' AND (
                (@due = 'overdue' AND c.due_day < @today) OR (@due = 'due-today' AND c.due_day = @today) OR (@due = 'on-time' AND c.due_day > @today))))
           AND (@search IS NULL OR instr(upper(coalesce(c.reference, '')), upper(@search)) > 0 OR instr(coalesce(t.name, ''), @search) > 0 OR instr(c.title, @search) > 0)
         ORDER BY c.state = 'closed', ${order} LIMIT 500`,
      )
      .all({ state: filter.state ?? null, busId: filter.busId ?? null, itemId: filter.itemId ?? null, due: filter.due ?? null, today, search: filter.search?.trim() || null }) as {
      case_id: string; source: string; bus_id: string; reference: string | null; title: string; opened_at: string; due_day: string;
      state: string; reply_text: string | null; version: number; updated_at: string | null; updated_by: string | null;
      name: string | null; phone: string | null; item_id: string | null; contact: string | null; comment_text: string | null;
    }[];
    return rows.map((r) => ({
      caseId: r.case_id,
      source: r.source,
      busId: r.bus_id,
      itemId: r.item_id,
      reference: r.reference,
      title: maskWords(r.title, filter.reveal),
      openedAt: r.opened_at,
      dueDay: r.due_day,
      due: dueStatus(r.due_day, r.state, today),
      state: r.state,
      replyText: r.reply_text,
      version: r.version,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
      resident: { name: maskName(r.name, filter.reveal), phone: maskTel(r.phone, filter.reveal), contact: maskReach(r.contact, filter.reveal) },
    }));
  }

  comments(filter: DayRange & { category?: string; triage?: string; reveal: Reveal }) {
    const rows = this.db
      .prepare(
        `SELECT * FROM p_comment WHERE day BETWEEN @from AND @to${busFilter(filter)}
           AND (@category IS NULL OR category = @category) AND (@triage IS NULL OR triage = @triage)
         ORDER BY at DESC LIMIT 500`,
      )
      .all({ ...params(filter), category: filter.category ?? null, triage: filter.triage ?? null }) as {
      comment_id: string; reference: string; bus_id: string; at: string; day: string; category: string; phrases: string; text: string;
      contact: string | null; ticket_id: string | null; meeting_day: string | null; triage: string; assignee: string | null; reply_text: string | null; reply_version: number;
    }[];
    return rows.map((r) => ({
      commentId: r.comment_id,
      reference: r.reference,
      busId: r.bus_id,
      at: r.at,
      day: r.day,
      category: r.category,
      phrases: JSON.parse(r.phrases) as string[],
      text: maskWords(r.text, filter.reveal),
      contact: maskReach(r.contact, filter.reveal),
      meetingDay: r.meeting_day,
      triage: r.triage,
      assignee: r.assignee,
      replyText: r.reply_text,
      replyVersion: r.reply_version,
    }));
  }

  /** 议题 for one residents' meeting (the 15th), oldest first: the printable agenda. */
  agenda(meetingDay: string) {
    return this.db
      .prepare(`SELECT reference, bus_id AS busId, day, phrases, text FROM p_comment WHERE category = 'topic' AND meeting_day = ? ORDER BY at`)
      .all(meetingDay)
      .map((r) => {
        const row = r as { reference: string; busId: string; day: string; phrases: string; text: string };
        return { ...row, text: maskWords(row.text, false), phrases: JSON.parse(row.phrases) as string[] };
      });
  }

  ratings(range: DayRange) {
    const p = params(range);
    const where = `r.day BETWEEN @from AND @to${busFilter(range, 'r.bus_id')}`;
    const distribution = this.db
      .prepare(
        `SELECT coalesce(r.item_id, 'unknown') AS itemId, r.level, count(*) AS n
         FROM p_rating r WHERE ${where}
         GROUP BY itemId, r.level ORDER BY itemId, r.level`,
      )
      .all(p) as { itemId: string; level: string; n: number }[];
    // Limit first, then look up the ticket numbers: the join runs on at most 500 rows.
    const followUps = this.db
      .prepare(
        `SELECT r.rating_id AS ratingId, r.ticket_id AS ticketId, r.bus_id AS busId, r.at, r.level, r.reasons, r.item_id AS itemId, t.number,
           r.follow_up_done_at AS doneAt, r.follow_up_note AS note
         FROM (SELECT * FROM p_rating r WHERE ${where} AND r.follow_up = 1 ORDER BY r.follow_up_done_at IS NOT NULL, r.at DESC LIMIT 500) r
         LEFT JOIN p_ticket t ON t.ticket_id = r.ticket_id
         ORDER BY r.follow_up_done_at IS NOT NULL, r.at DESC`,
      )
      .all(p) as { ratingId: string; ticketId: string; busId: string; at: string; level: string; reasons: string; itemId: string | null; number: string | null; doneAt: string | null; note: string | null }[];
    return { distribution, followUps: followUps.map((f) => ({ ...f, reasons: JSON.parse(f.reasons) as string[] })) };
  }

  contentVersions(kind?: string) {
    return this.db
      .prepare(
        `SELECT c.kind, c.version, c.target, c.body, c.published_at AS publishedAt, coalesce(u.display_name, c.published_by) AS publishedBy
         FROM office_content c LEFT JOIN office_user u ON u.username = c.published_by
         WHERE (@kind IS NULL OR c.kind = @kind) ORDER BY c.kind, c.version DESC LIMIT 200`,
      )
      .all({ kind: kind ?? null })
      .map((r) => {
        const row = r as { kind: string; version: number; target: string; body: string; publishedAt: string; publishedBy: string };
        return { ...row, body: JSON.parse(row.body) as unknown };
      });
  }
}

/** The fields of a storage-reset report the fleet page shows (the payload passed its schema when stored). */
function resetReport(report: Record<string, unknown> | null): { reason: string; movedTo: string | null; carried: number; unreadable: number } | null {
  if (!report) return null;
  return {
    reason: String(report.reason),
    movedTo: typeof report.movedTo === 'string' ? report.movedTo : null,
    carried: Number(report.carried),
    unreadable: Number(report.unreadable),
  };
}
