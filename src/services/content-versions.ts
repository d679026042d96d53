import type Database from 'better-sqlite3';

/**
 * The `content` table (bus migration 3) holds the newest version of each kind of content the office
 * sends down. Areas whose content also ships with the software compare against the shipped version.
 */
export function storedContent(db: Database.Database, kind: string): { version: number; body: string } | null {
  return (db.prepare('SELECT version, body FROM content WHERE kind = ?').get(kind) as { version: number; body: string } | undefined) ?? null;
}

export function storedContentVersion(db: Database.Database, kind: string): number | null {
  return (db.prepare('SELECT version FROM content WHERE kind = ?').pluck().get(kind) as number | undefined) ?? null;
}

export function saveContent(db: Database.Database, kind: string, version: number, body: unknown, at: string): void {
  db.prepare(
    `INSERT INTO content (kind, version, body, applied_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (kind) DO UPDATE SET version = excluded.version, body = excluded.body, applied_at = excluded.applied_at`,
  ).run(kind, version, JSON.stringify(body), at);
}
