import type { Migration } from '../../store/migrate.ts';

/**
 * Office migration 4: what contains a hostile event to itself. An event whose payload its kind's
 * schema refuses is kept in the ledger (its seq counts towards the ack) with the reason in
 * `rejected`, and never projected; the quarantine is bounded (per-bus quota, byte cap, one row per
 * (bus, seq, id) or per identical message) with what it dropped counted per bus; a projection
 * that still throws on an event leaves a row in projection_failure and moves on.
 */
export const containmentTables: Migration = {
  name: 'rejected events, bounded quarantine, projection failures',
  up(db) {
    db.exec(`
      ALTER TABLE event ADD COLUMN rejected TEXT;
      ALTER TABLE quarantine ADD COLUMN bus_id TEXT NOT NULL DEFAULT '';
      ALTER TABLE quarantine ADD COLUMN dedup TEXT;
      ALTER TABLE quarantine ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
      UPDATE quarantine SET bytes = length(payload);
      CREATE UNIQUE INDEX quarantine_dedup ON quarantine (dedup);
      CREATE INDEX quarantine_bus ON quarantine (bus_id);
      CREATE INDEX event_rejected ON event (received_at) WHERE rejected IS NOT NULL;
      CREATE TABLE quarantine_dropped (
        bus_id TEXT PRIMARY KEY,
        dropped INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        last_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE projection_failure (
        id INTEGER PRIMARY KEY,
        event_cursor INTEGER NOT NULL,
        bus_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        error TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
