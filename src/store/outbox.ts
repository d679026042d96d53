import type Database from 'better-sqlite3';
import type { Clock } from '../core/clock.ts';
import { uuidv7 } from '../core/ids.ts';

/** Lower drains first: what a resident was promised goes before counts and positions. */
export const outboxPriority = {
  resident: 1,
  trip: 3,
  count: 4,
  position: 9,
} as const;

export interface OutboxRow {
  seq: number;
  id: string;
  kind: string;
  at: string;
  payload: unknown;
  priority: number;
  createdAt: string;
  sentAt: string | null;
  attempts: number;
}

export interface NewOutboxRow {
  kind: string;
  /** GNSS time of the domain event (ISO). */
  at: string;
  payload: unknown;
  priority?: number;
}

export interface OutboxStats {
  backlog: number;
  unsent: number;
  oldestCreatedAt: string | null;
  bytes: number;
  lastSeq: number;
}

interface RawRow {
  seq: number;
  id: string;
  kind: string;
  at: string;
  payload: string;
  priority: number;
  created_at: string;
  sent_at: string | null;
  attempts: number;
}

/**
 * The durable queue to the office. seq comes from AUTOINCREMENT inside the writer's transaction,
 * so it is gap-free (a rolled-back write rolls its number back) and never reused after deletion.
 */
export class Outbox {
  private readonly insert: Database.Statement;
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {
    this.insert = db.prepare(
      'INSERT INTO outbox (id, kind, at, payload, priority, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  /** Call inside the same transaction as the domain write it reports. */
  add(row: NewOutboxRow): { seq: number; id: string } {
    const now = this.clock.now();
    const id = uuidv7(now.getTime());
    const info = this.insert.run(
      id,
      row.kind,
      row.at,
      JSON.stringify(row.payload),
      row.priority ?? outboxPriority.trip,
      now.toISOString(),
    );
    return { seq: Number(info.lastInsertRowid), id };
  }

  /** Rows not acknowledged yet, most urgent first, oldest first within a priority. */
  /**
   * Rows due for (re)sending: never sent, or sent before `resendBefore` without an office ack.
   * `excluding` holds rows already in flight on the current connection.
   */
  due(limit: number, resendBefore: string, excluding: ReadonlySet<number> = new Set()): OutboxRow[] {
    const rows = this.db
      .prepare('SELECT * FROM outbox WHERE sent_at IS NULL OR sent_at < ? ORDER BY priority, seq LIMIT ?')
      .all(resendBefore, limit + excluding.size) as RawRow[];
    return rows.filter((r) => !excluding.has(r.seq)).slice(0, limit).map(toRow);
  }

  get(seq: number): OutboxRow | undefined {
    const raw = this.db.prepare('SELECT * FROM outbox WHERE seq = ?').get(seq) as RawRow | undefined;
    return raw && toRow(raw);
  }

  markSent(seqs: readonly number[]): void {
    const at = this.clock.now().toISOString();
    const stmt = this.db.prepare('UPDATE outbox SET sent_at = ?, attempts = attempts + 1 WHERE seq = ?');
    this.db.transaction(() => {
      for (const seq of seqs) stmt.run(at, seq);
    })();
  }

  /** The office committed every row up to `seq`: only now may the bus forget them. */
  acknowledge(upToSeq: number): number {
    return this.db.prepare('DELETE FROM outbox WHERE seq <= ?').run(upToSeq).changes;
  }

  stats(): OutboxStats {
    const row = this.db
      .prepare(
        `SELECT count(*) AS backlog, sum(sent_at IS NULL) AS unsent, min(created_at) AS oldest,
                coalesce(sum(length(payload)), 0) AS bytes FROM outbox`,
      )
      .get() as { backlog: number; unsent: number | null; oldest: string | null; bytes: number };
    const last = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get() as
      | { seq: number }
      | undefined;
    return {
      backlog: row.backlog,
      unsent: row.unsent ?? 0,
      oldestCreatedAt: row.oldest,
      bytes: row.bytes,
      lastSeq: last?.seq ?? 0,
    };
  }
}

function toRow(raw: RawRow): OutboxRow {
  return {
    seq: raw.seq,
    id: raw.id,
    kind: raw.kind,
    at: raw.at,
    payload: JSON.parse(raw.payload) as unknown,
    priority: raw.priority,
    createdAt: raw.created_at,
    sentAt: raw.sent_at,
    attempts: raw.attempts,
  };
}
