/**
 * The office dashboard's read queries in PostgreSQL, over the same projected rows copied from the
 * SQLite office database: the peer for the office benchmark.
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';

const schema = `
  CREATE TABLE event (bus_id text, seq bigint, at timestamptz, PRIMARY KEY (bus_id, seq));
  CREATE TABLE bus (bus_id text PRIMARY KEY, committed_seq bigint, online boolean, status_at timestamptz, last_seen timestamptz);
  CREATE TABLE p_trip (event_id text PRIMARY KEY, bus_id text, at timestamptz, day text, type text, stop_id text, lap int, distance double precision);
  CREATE INDEX p_trip_lap ON p_trip (bus_id, lap);
  CREATE TABLE p_lap (day text, bus_id text, lap int, PRIMARY KEY (day, bus_id, lap));
  CREATE TABLE p_ride_hour (day text, bus_id text, stop_id text, hour int, boarded int, alighted int, PRIMARY KEY (day, bus_id, stop_id, hour));
  CREATE INDEX p_trip_bus_at ON p_trip (bus_id, at);
  CREATE TABLE p_ticket (ticket_id text PRIMARY KEY, bus_id text, day text, number text, item_id text, state text, taken_at timestamptz, called_at timestamptz, started_at timestamptz, finished_at timestamptz, name text, phone text, wait_min double precision, service_min double precision);
  CREATE INDEX p_ticket_day ON p_ticket (day, item_id, state, wait_min, service_min);
  CREATE TABLE p_comment (comment_id text PRIMARY KEY, reference text, bus_id text, at timestamptz, day text, category text, phrases text, text text, contact text, meeting_day text, triage text);
  CREATE INDEX p_comment_day ON p_comment (day, category);
  CREATE TABLE p_rating (rating_id text PRIMARY KEY, ticket_id text, item_id text, bus_id text, at timestamptz, day text, level text, reasons text, follow_up boolean, follow_up_done_at timestamptz);
  CREATE INDEX p_rating_day ON p_rating (day, item_id, level);
  CREATE INDEX p_rating_follow_up ON p_rating (day) WHERE follow_up;
  CREATE INDEX p_rating_ticket ON p_rating (ticket_id);
  CREATE TABLE office_case (case_id text PRIMARY KEY, source text, source_id text UNIQUE, bus_id text, reference text, title text, opened_at timestamptz, due_day text, state text, reply_text text);
  CREATE INDEX office_case_open ON office_case (state, due_day);
`;

const copies: [table: string, select: string, boolColumns?: number[]][] = [
  ['event', 'SELECT bus_id, seq, at FROM event'],
  ['bus', 'SELECT bus_id, committed_seq, online, status_at, last_seen FROM bus', [2]],
  ['p_trip', 'SELECT event_id, bus_id, at, day, type, stop_id, lap, distance FROM p_trip'],
  ['p_lap', 'SELECT day, bus_id, lap FROM p_lap'],
  ['p_ride_hour', 'SELECT day, bus_id, stop_id, hour, boarded, alighted FROM p_ride_hour'],
  ['p_ticket', 'SELECT ticket_id, bus_id, day, number, item_id, state, taken_at, called_at, started_at, finished_at, name, phone, wait_min, service_min FROM p_ticket'],
  ['p_comment', 'SELECT comment_id, reference, bus_id, at, day, category, phrases, text, contact, meeting_day, triage FROM p_comment'],
  ['p_rating', 'SELECT rating_id, ticket_id, item_id, bus_id, at, day, level, reasons, follow_up, follow_up_done_at FROM p_rating', [8]],
  ['office_case', 'SELECT case_id, source, source_id, bus_id, reference, title, opened_at, due_day, state, reply_text FROM office_case'],
];

/** Creates the tables and copies every projected row over (multi-row inserts), then ANALYZE. */
export async function copyToPostgres(db: Database.Database, client: pg.Client): Promise<number> {
  await client.query(schema);
  let rows = 0;
  for (const [table, select, bools = []] of copies) {
    const all = db.prepare(select).raw().all() as unknown[][];
    if (all.length === 0) continue;
    const width = all[0]!.length;
    const batch = Math.floor(60_000 / width);
    for (let i = 0; i < all.length; i += batch) {
      const chunk = all.slice(i, i + batch);
      const values = chunk.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(',')})`).join(',');
      const params = chunk.flatMap((row) => row.map((v, c) => (bools.includes(c) ? v === 1 : v)));
      await client.query(`INSERT INTO ${table} VALUES ${values}`, params);
    }
    rows += all.length;
  }
  await client.query('ANALYZE');
  return rows;
}

/** The same questions the SQLite API answers per page, as PostgreSQL SQL. */
export function pgPages(client: pg.Client, range: { from: string; to: string }, today: string) {
  const r = [range.from, range.to];
  return {
    fleet: async () => {
      await client.query(
        `SELECT b.bus_id, (SELECT max(seq) FROM event e WHERE e.bus_id = b.bus_id),
           (SELECT min(at) FROM event e WHERE e.bus_id = b.bus_id AND e.seq > b.committed_seq),
           (SELECT at FROM event e WHERE e.bus_id = b.bus_id AND e.seq = b.committed_seq),
           (SELECT row(at, stop_id, lap, distance) FROM p_trip t WHERE t.bus_id = b.bus_id AND distance IS NOT NULL ORDER BY at DESC LIMIT 1),
           (SELECT count(*) FROM p_lap l WHERE l.bus_id = b.bus_id AND l.day = $1)
         FROM bus b ORDER BY b.bus_id`,
        [today],
      );
    },
    ridership: async () => {
      await client.query(`SELECT stop_id, sum(boarded), sum(alighted) FROM p_ride_hour WHERE day BETWEEN $1 AND $2 GROUP BY stop_id ORDER BY stop_id`, r);
      await client.query(`SELECT hour, sum(boarded), sum(alighted) FROM p_ride_hour WHERE day BETWEEN $1 AND $2 GROUP BY hour ORDER BY hour`, r);
      await client.query(`SELECT day, sum(boarded), sum(alighted) FROM p_ride_hour WHERE day BETWEEN $1 AND $2 GROUP BY day ORDER BY day`, r);
      await client.query(`SELECT day, count(*) FROM p_lap WHERE day BETWEEN $1 AND $2 GROUP BY day ORDER BY day`, r);
    },
    desk: async () => {
      await client.query(
        `SELECT item_id, count(*), avg(wait_min), avg(service_min),
           sum((state = 'no_show')::int), sum((state = 'handed_over')::int)
         FROM p_ticket WHERE day BETWEEN $1 AND $2 GROUP BY item_id ORDER BY 2 DESC`,
        r,
      );
      await client.query(`SELECT day, item_id, count(*) FROM p_ticket WHERE day BETWEEN $1 AND $2 GROUP BY day, item_id ORDER BY day, item_id`, r);
    },
    cases: async () => {
      await client.query(
        `SELECT c.*, t.name, t.phone, pc.contact FROM office_case c
         LEFT JOIN p_ticket t ON c.source = 'ticket' AND t.ticket_id = c.source_id
         LEFT JOIN p_comment pc ON c.source = 'comment' AND pc.comment_id = c.source_id
         ORDER BY c.state = 'closed', c.due_day, c.opened_at LIMIT 500`,
      );
    },
    comments: async () => {
      await client.query(`SELECT * FROM p_comment WHERE day BETWEEN $1 AND $2 ORDER BY at DESC LIMIT 500`, r);
    },
    ratings: async () => {
      await client.query(
        `SELECT coalesce(item_id, 'unknown') AS item, level, count(*) FROM p_rating
         WHERE day BETWEEN $1 AND $2 GROUP BY item, level ORDER BY item, level`,
        r,
      );
      await client.query(
        `SELECT r.*, t.number FROM (SELECT * FROM p_rating WHERE day BETWEEN $1 AND $2 AND follow_up
           ORDER BY follow_up_done_at IS NOT NULL, at DESC LIMIT 500) r
         LEFT JOIN p_ticket t ON t.ticket_id = r.ticket_id ORDER BY r.follow_up_done_at IS NOT NULL, r.at DESC`,
        r,
      );
    },
  };
}
