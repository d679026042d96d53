import type { Migration } from '../migrate.ts';

/** The outbox exists from the first version: every write the office must see adds its row here. */
export const outboxAndTrip: Migration = {
  name: 'outbox, key/value state, trip events',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        payload TEXT NOT NULL,
        priority INTEGER NOT NULL DEFAULT 5,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX outbox_pending ON outbox (priority, seq);
      CREATE TABLE state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE trip_event (
        id INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        stop_id TEXT,
        lap INTEGER NOT NULL,
        at TEXT NOT NULL,
        distance REAL NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX trip_event_at ON trip_event (at);
    `);
  },
};
