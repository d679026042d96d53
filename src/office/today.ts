import type Database from 'better-sqlite3';
import { localDayHour } from '../core/local-time.ts';
import type { EventLedger } from './ledger/types.ts';

/** Quarantined messages read to count today's (the ledger lists newest first). */
const quarantineScan = 1000;

/**
 * The 今日 page's counts, each one a page's filter (the page shows the same rows): what ran today
 * and what waits for staff. Cases count by the 7135 due day; a topic counts for the nearest meeting.
 */
export async function todayCounts(db: Database.Database, ledger: EventLedger, today: string) {
  const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;
  const links = await ledger.fleetLinks();
  const rides = one<{ boarded: number | null }>('SELECT sum(boarded) AS boarded FROM p_ride_hour WHERE day = ?', today);
  const tickets = one<{ taken: number; waiting: number; done: number }>(
    `SELECT count(*) AS taken, coalesce(sum(state IN ('waiting', 'called')), 0) AS waiting, coalesce(sum(state = 'done'), 0) AS done FROM p_ticket WHERE day = ?`,
    today,
  );
  const cases = one<{ overdue: number; dueToday: number; open: number }>(
    `SELECT coalesce(sum(due_day < ?), 0) AS overdue, coalesce(sum(due_day = ?), 0) AS dueToday, count(*) AS open FROM office_case WHERE state <> 'closed'`,
    today,
    today,
  );
  const meeting = one<{ day: string; topics: number } | undefined>(
    `SELECT meeting_day AS day, count(*) AS topics FROM p_comment WHERE category = 'topic' AND meeting_day >= ? GROUP BY meeting_day ORDER BY meeting_day LIMIT 1`,
    today,
  );
  // The quarantine holds ledger rows (issue 13 may add rejected events there too): today's count.
  const quarantined = (await ledger.quarantined(quarantineScan)).filter((q) => localDayHour(new Date(q.receivedAt)).day === today).length;
  return {
    today,
    buses: { online: links.filter((b) => b.online).length, total: links.length },
    lapsToday: one<{ n: number }>('SELECT count(*) AS n FROM p_lap WHERE day = ?', today).n,
    ridersToday: rides.boarded ?? 0,
    tickets,
    cases,
    newComments: one<{ n: number }>(`SELECT count(*) AS n FROM p_comment WHERE triage = 'new'`).n,
    nextMeeting: meeting ?? null,
    ratingsToFollowUp: one<{ n: number }>('SELECT count(*) AS n FROM p_rating WHERE follow_up = 1 AND follow_up_done_at IS NULL').n,
    quarantinedToday: quarantined,
  };
}

export type TodayCounts = Awaited<ReturnType<typeof todayCounts>>;
