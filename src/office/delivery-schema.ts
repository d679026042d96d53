import type { Migration } from '../store/migrate.ts';

/**
 * What reached each bus: the downlinks a bus reported applied (its `downlink-applied` events), and
 * which case each case-update downlink carried, so a case's history can say its reply is on the bus.
 */
export const deliveryTables: Migration = {
  name: 'downlinks applied on the buses, case updates by downlink id',
  up(db) {
    db.exec(`
      CREATE TABLE p_downlink_applied (
        bus_id TEXT NOT NULL,
        downlink_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        version INTEGER,
        applied_at TEXT NOT NULL,
        PRIMARY KEY (bus_id, downlink_id)
      ) STRICT;
      CREATE INDEX p_downlink_applied_kind ON p_downlink_applied (kind, version);
      CREATE TABLE office_case_downlink (
        downlink_id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL,
        bus_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        sent_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX office_case_downlink_case ON office_case_downlink (case_id);
    `);
  },
};
