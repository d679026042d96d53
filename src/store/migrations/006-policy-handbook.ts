import type { Migration } from '../migrate.ts';

/**
 * The policy handbook with full-text search. Chinese has no spaces between words, so the index
 * uses FTS5's trigram tokenizer: any query of three or more characters is a substring match served
 * by the index (shorter queries fall back to LIKE in the handbook module).
 */
export const policyHandbook: Migration = {
  name: 'policy handbook articles and trigram search index',
  up(db) {
    db.exec(`
      CREATE TABLE handbook_article (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title_zh TEXT NOT NULL,
        title_en TEXT NOT NULL,
        body_zh TEXT NOT NULL,
        body_en TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE VIRTUAL TABLE handbook_fts USING fts5 (
        title_zh, title_en, body, tags,
        content = '', contentless_delete = 1, tokenize = 'trigram'
      );
    `);
  },
};
