import type { Migration } from '../store/migrate.ts';
import { dashboardTables } from './dashboard-schema.ts';
import { deliveryTables } from './delivery-schema.ts';
import { containmentTables } from './ledger/containment-schema.ts';
import { streamTables } from './ledger/stream-schema.ts';
import { syncTables } from './sync-schema.ts';

/** The office database's schema history. Append only. */
export const officeMigrations: readonly Migration[] = [
  {
    name: 'received events, buses, quarantine',
    up(db) {
      db.exec(`
        CREATE TABLE event (
          bus_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL,
          at TEXT NOT NULL,
          payload TEXT NOT NULL,
          received_at TEXT NOT NULL,
          PRIMARY KEY (bus_id, seq)
        ) STRICT;
        CREATE INDEX event_kind_at ON event (kind, at);
        CREATE TABLE bus (
          bus_id TEXT PRIMARY KEY,
          committed_seq INTEGER NOT NULL DEFAULT 0,
          online INTEGER NOT NULL DEFAULT 0,
          status_at TEXT,
          last_seen TEXT
        ) STRICT;
        CREATE TABLE quarantine (
          id INTEGER PRIMARY KEY,
          topic TEXT NOT NULL,
          reason TEXT NOT NULL,
          payload BLOB NOT NULL,
          received_at TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  dashboardTables,
  syncTables,
  containmentTables,
  streamTables,
  {
    name: 'staff accounts can be disabled',
    up(db) {
      db.exec('ALTER TABLE office_user ADD COLUMN disabled_at TEXT');
    },
  },
  deliveryTables,
];
