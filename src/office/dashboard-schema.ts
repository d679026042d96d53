import type { Migration } from '../store/migrate.ts';

/**
 * Office migration 2: staff accounts and sessions, the audit log, the read models projected from
 * the event table (each row keyed by the event it came from, so re-projection is idempotent),
 * cases with the 7135 deadline, comment triage, rating follow-up and published content versions.
 */
export const dashboardTables: Migration = {
  name: 'dashboard: staff, sessions, audit, projections, cases, content',
  up(db) {
    db.exec(`
      CREATE TABLE office_user (
        username TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        salt TEXT NOT NULL,
        can_unmask INTEGER NOT NULL DEFAULT 0 CHECK (can_unmask IN (0, 1)),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE office_session (
        token_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL REFERENCES office_user (username) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE login_failure (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        locked_until TEXT,
        last_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        username TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        detail TEXT NOT NULL
      ) STRICT;

      CREATE TABLE projection_mark (name TEXT PRIMARY KEY, event_rowid INTEGER NOT NULL) STRICT;
      CREATE TABLE p_trip (
        event_id TEXT PRIMARY KEY,
        bus_id TEXT NOT NULL,
        at TEXT NOT NULL,
        day TEXT NOT NULL,
        type TEXT NOT NULL,
        stop_id TEXT,
        lap INTEGER NOT NULL,
        distance REAL
      ) STRICT;
      CREATE INDEX p_trip_lap ON p_trip (bus_id, lap);
      CREATE INDEX p_trip_bus_at ON p_trip (bus_id, at);
      CREATE TABLE p_count (
        event_id TEXT PRIMARY KEY,
        bus_id TEXT NOT NULL,
        at TEXT NOT NULL,
        day TEXT NOT NULL,
        hour INTEGER NOT NULL,
        lap INTEGER,
        stop_id TEXT,
        boarded INTEGER NOT NULL,
        alighted INTEGER NOT NULL
      ) STRICT;
      -- Roll-ups the pages read: bounded by days × buses × stops × hours, however many rows a counter sends.
      CREATE TABLE p_ride_hour (
        day TEXT NOT NULL,
        bus_id TEXT NOT NULL,
        stop_id TEXT NOT NULL,
        hour INTEGER NOT NULL,
        boarded INTEGER NOT NULL,
        alighted INTEGER NOT NULL,
        PRIMARY KEY (day, bus_id, stop_id, hour)
      ) WITHOUT ROWID, STRICT;
      CREATE TABLE p_lap (
        day TEXT NOT NULL,
        bus_id TEXT NOT NULL,
        lap INTEGER NOT NULL,
        PRIMARY KEY (day, bus_id, lap)
      ) WITHOUT ROWID, STRICT;
      CREATE TABLE p_ticket (
        ticket_id TEXT PRIMARY KEY,
        bus_id TEXT NOT NULL,
        day TEXT NOT NULL,
        number TEXT,
        item_id TEXT NOT NULL,
        state TEXT NOT NULL,
        taken_at TEXT,
        called_at TEXT,
        started_at TEXT,
        finished_at TEXT,
        name TEXT,
        phone TEXT,
        note TEXT,
        due_day TEXT,
        last_at TEXT NOT NULL,
        -- Qmatic times in minutes, computed once when both ends are known.
        wait_min REAL,
        service_min REAL
      ) STRICT;
      CREATE INDEX p_ticket_day ON p_ticket (day, item_id, state, wait_min, service_min);
      CREATE TABLE p_comment (
        comment_id TEXT PRIMARY KEY,
        reference TEXT NOT NULL,
        bus_id TEXT NOT NULL,
        at TEXT NOT NULL,
        day TEXT NOT NULL,
        category TEXT NOT NULL,
        phrases TEXT NOT NULL,
        text TEXT NOT NULL,
        contact TEXT,
        ticket_id TEXT,
        meeting_day TEXT,
        triage TEXT NOT NULL DEFAULT 'new' CHECK (triage IN ('new', 'assigned', 'replied', 'closed')),
        assignee TEXT,
        reply_text TEXT,
        reply_version INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT
      ) STRICT;
      CREATE INDEX p_comment_day ON p_comment (day, category);
      CREATE INDEX p_comment_meeting ON p_comment (meeting_day) WHERE meeting_day IS NOT NULL;
      CREATE TABLE p_rating (
        rating_id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL,
        -- The rated visit's service item, from its ticket (filled in when the ticket arrives later).
        item_id TEXT,
        bus_id TEXT NOT NULL,
        at TEXT NOT NULL,
        day TEXT NOT NULL,
        level TEXT NOT NULL,
        reasons TEXT NOT NULL,
        follow_up INTEGER NOT NULL CHECK (follow_up IN (0, 1)),
        follow_up_done_at TEXT,
        follow_up_note TEXT
      ) STRICT;
      CREATE INDEX p_rating_day ON p_rating (day, item_id, level);
      CREATE INDEX p_rating_follow_up ON p_rating (day) WHERE follow_up = 1;
      CREATE INDEX p_rating_ticket ON p_rating (ticket_id);

      CREATE TABLE office_case (
        case_id TEXT PRIMARY KEY,
        source TEXT NOT NULL CHECK (source IN ('ticket', 'comment')),
        source_id TEXT NOT NULL UNIQUE,
        bus_id TEXT NOT NULL,
        reference TEXT,
        title TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        due_day TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'accepted' CHECK (state IN ('accepted', 'in-progress', 'closed')),
        reply_text TEXT,
        version INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT,
        updated_by TEXT
      ) STRICT;
      CREATE INDEX office_case_open ON office_case (state, due_day);

      CREATE TABLE office_content (
        kind TEXT NOT NULL,
        version INTEGER NOT NULL,
        target TEXT NOT NULL,
        body TEXT NOT NULL,
        published_at TEXT NOT NULL,
        published_by TEXT NOT NULL,
        PRIMARY KEY (kind, version)
      ) STRICT;
    `);
  },
};
