import type { Migration } from '../../store/migrate.ts';
import { projectedKinds, projectionView } from '../sync-schema.ts';

/**
 * Office migration 5: a bus's events are keyed by (bus, stream epoch, seq). A bus database that was
 * recreated numbers from 1 again under a new epoch; its events are a new stream, not conflicts.
 * `epoch` '' is the legacy stream (buses from before epochs). Each stream keeps its own contiguous
 * seq in bus_stream; `bus.epoch` is the newest stream, whose ack is the one the bus waits for.
 * An event carried into a new stream under a new seq but an id the ledger holds is a duplicate: its
 * seq is recorded in event_alias so that stream's contiguity passes it. The table is rebuilt to
 * change its key; rowids are kept (the projection's high-water mark counts them).
 */
export const streamTables: Migration = {
  name: 'events keyed by (bus, stream epoch, seq), per-stream acks, resets',
  up(db) {
    for (const kind of projectedKinds) db.exec(`DROP VIEW ${projectionView(kind)}`);
    db.exec(`
      CREATE TABLE event_by_stream (
        bus_id TEXT NOT NULL,
        epoch TEXT NOT NULL DEFAULT '',
        seq INTEGER NOT NULL,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        payload TEXT NOT NULL,
        received_at TEXT NOT NULL,
        rejected TEXT,
        PRIMARY KEY (bus_id, epoch, seq)
      ) STRICT;
      INSERT INTO event_by_stream (rowid, bus_id, epoch, seq, id, kind, at, payload, received_at, rejected)
        SELECT rowid, bus_id, '', seq, id, kind, at, payload, received_at, rejected FROM event ORDER BY rowid;
      DROP TABLE event;
      ALTER TABLE event_by_stream RENAME TO event;
      CREATE INDEX event_kind_at ON event (kind, at);
      CREATE INDEX event_rejected ON event (received_at) WHERE rejected IS NOT NULL;
      CREATE TABLE event_alias (
        bus_id TEXT NOT NULL,
        epoch TEXT NOT NULL,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        PRIMARY KEY (bus_id, epoch, seq)
      ) STRICT;
      CREATE TABLE bus_stream (
        bus_id TEXT NOT NULL,
        epoch TEXT NOT NULL,
        committed_seq INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT NOT NULL,
        PRIMARY KEY (bus_id, epoch)
      ) STRICT;
      INSERT INTO bus_stream (bus_id, epoch, committed_seq, first_seen)
        SELECT bus_id, '', committed_seq, coalesce(last_seen, status_at, '') FROM bus
        WHERE committed_seq > 0 OR EXISTS (SELECT 1 FROM event e WHERE e.bus_id = bus.bus_id);
      ALTER TABLE bus ADD COLUMN epoch TEXT NOT NULL DEFAULT '';
      ALTER TABLE bus ADD COLUMN streams INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE bus ADD COLUMN reset_at TEXT;
    `);
    for (const kind of projectedKinds) {
      db.exec(
        `CREATE VIEW ${projectionView(kind)} AS
           SELECT bus_id, epoch, seq, id, at, payload, received_at FROM event WHERE kind = '${kind}'`,
      );
    }
  },
};
