import type { Migration } from '../migrate.ts';

/**
 * The service desk: tickets (a number per category prefix and service day, never reused: the
 * counter row and the ticket commit together), their state history, and the moving average of
 * service minutes per item. Personal fields are nullable so the retention purge can clear them.
 */
export const serviceDesk: Migration = {
  name: 'service desk tickets, ticket history, numbering and service times',
  up(db) {
    db.exec(`
      CREATE TABLE desk_number (
        day TEXT NOT NULL,
        prefix TEXT NOT NULL,
        last INTEGER NOT NULL CHECK (last > 0),
        PRIMARY KEY (day, prefix)
      ) STRICT;
      CREATE TABLE desk_ticket (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        day TEXT NOT NULL,
        number TEXT NOT NULL,
        category_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        priority TEXT CHECK (priority IN ('elderly', 'disabled', 'pregnant')),
        state TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'handed_over', 'expired')),
        counter INTEGER,
        staff_id TEXT,
        recalls INTEGER NOT NULL DEFAULT 0,
        name TEXT,
        phone TEXT,
        outcome TEXT,
        handover_note TEXT,
        due_day TEXT,
        taken_at TEXT NOT NULL,
        called_at TEXT,
        started_at TEXT,
        closed_at TEXT,
        last_outbox_seq INTEGER NOT NULL,
        purged_at TEXT,
        UNIQUE (day, number)
      ) STRICT;
      CREATE INDEX desk_ticket_open ON desk_ticket (state, day) WHERE closed_at IS NULL;
      CREATE INDEX desk_ticket_unpurged ON desk_ticket (closed_at) WHERE purged_at IS NULL AND closed_at IS NOT NULL;
      CREATE TABLE desk_ticket_event (
        id INTEGER PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES desk_ticket (id),
        action TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        at TEXT NOT NULL,
        staff_id TEXT,
        counter INTEGER,
        note TEXT
      ) STRICT;
      CREATE INDEX desk_ticket_event_ticket ON desk_ticket_event (ticket_id, id);
      CREATE INDEX desk_ticket_event_action ON desk_ticket_event (action, id);
      CREATE TABLE desk_item_time (
        item_id TEXT PRIMARY KEY,
        average_minutes REAL NOT NULL CHECK (average_minutes > 0),
        samples INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
