import type { Migration } from '../migrate.ts';

/**
 * Residents' comments with their reference code and the office's (versioned) reply, and one
 * 好差评 rating per service visit. `text` is what may leave the bus (masked); `text_original`
 * is kept only when the resident agreed to it.
 */
export const feedback: Migration = {
  name: 'feedback comments and service ratings',
  up(db) {
    db.exec(`
      CREATE TABLE feedback_comment (
        id TEXT PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        local_day TEXT NOT NULL,
        category TEXT NOT NULL,
        phrases TEXT NOT NULL DEFAULT '[]',
        text TEXT NOT NULL DEFAULT '',
        text_original TEXT,
        findings TEXT NOT NULL DEFAULT '{}',
        contact TEXT,
        ticket_id TEXT,
        meeting_day TEXT,
        status TEXT NOT NULL DEFAULT 'received',
        reply_text TEXT,
        reply_version INTEGER NOT NULL DEFAULT 0,
        replied_at TEXT
      ) STRICT;
      CREATE INDEX feedback_comment_ticket ON feedback_comment (ticket_id);
      CREATE TABLE service_rating (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied')),
        reasons TEXT NOT NULL DEFAULT '[]',
        follow_up INTEGER NOT NULL CHECK (follow_up IN (0, 1))
      ) STRICT;
    `);
  },
};
