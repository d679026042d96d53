import type { Migration } from '../migrate.ts';

/**
 * Sync bookkeeping: an index over the rows still to publish (the drain never scans rows already
 * sent), the content versions the office sent down, and the downlink messages already applied.
 */
export const sync: Migration = {
  name: 'outbox unsent index, downlink content and applied messages',
  up(db) {
    db.exec(`
      CREATE INDEX outbox_unsent ON outbox (priority, seq) WHERE sent_at IS NULL;
      CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
      CREATE TABLE content (
        kind TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        body TEXT NOT NULL,
        applied_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE downlink_applied (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        applied_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
