import type { Migration } from '../migrate.ts';

/**
 * The outbox's first index, (priority, seq) over every row, serves no query: the drain reads the
 * partial index of unsent rows (version 3) and the ack deletes by seq, the rowid. Each row still
 * paid for it on insert, on its mark as sent and on its delete at the office's ack; with planner
 * statistics, the ack's delete could even pick it for a skip-scan instead of the rowid range.
 */
export const dropOutboxPending: Migration = {
  name: 'drop the unused outbox (priority, seq) index',
  up(db) {
    db.exec('DROP INDEX outbox_pending');
  },
};
