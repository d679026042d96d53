import type { Migration } from '../store/migrate.ts';

/** Event kinds the dashboards read through their own view; other kinds stay readable in "event". */
export const projectedKinds = ['trip', 'ticket', 'comment', 'rating', 'count', 'position', 'downlink-rejected'] as const;

export const projectionView = (kind: string) => `event_${kind.replaceAll('-', '_')}`;

/**
 * Sync bookkeeping at the office: the seq made durable and acknowledged per bus, the live position,
 * the downlinks the office published, and one view per event kind.
 */
export const syncTables: Migration = {
  name: 'durable ack, live position, per-kind views, published downlinks',
  up(db) {
    db.exec(`
      ALTER TABLE bus ADD COLUMN acked_seq INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE bus ADD COLUMN position TEXT;
      ALTER TABLE bus ADD COLUMN position_at TEXT;
      CREATE TABLE downlink_published (
        id TEXT PRIMARY KEY,
        target TEXT NOT NULL,
        kind TEXT NOT NULL,
        version INTEGER,
        body TEXT NOT NULL,
        published_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX downlink_published_kind ON downlink_published (target, kind, version);
    `);
    for (const kind of projectedKinds) {
      db.exec(
        `CREATE VIEW ${projectionView(kind)} AS
           SELECT bus_id, seq, id, at, payload, received_at FROM event WHERE kind = '${kind}'`,
      );
    }
  },
};
