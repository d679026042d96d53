import type { Migration } from '../migrate.ts';

/** The office's progress on tickets handed over from the bus, as 查进度 shows it. */
export const deskCaseReplies: Migration = {
  name: 'office case status and reply per handed-over ticket',
  up(db) {
    db.exec(`
      CREATE TABLE desk_case_reply (
        ticket_id TEXT PRIMARY KEY REFERENCES desk_ticket (id),
        status TEXT NOT NULL CHECK (status IN ('received', 'accepted', 'in-progress', 'answered', 'closed')),
        reply_text TEXT,
        version INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
