import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../core/clock.ts';
import type { Store } from '../store/store.ts';

export interface KindBacklog {
  backlog: number;
  /** Not marked sent in the database (see BacklogReport.unsent). */
  unsent: number;
  sentAwaitingAck: number;
}

/** The outbox as its database file shows it: what `lianxin sync status` prints. */
export interface BacklogReport {
  database: string;
  schemaVersion: number;
  checkedAt: string;
  /** Rows the office has not acknowledged end to end. */
  backlog: number;
  /**
   * Rows not marked sent. A running uplink marks PUBACKed rows only lazily (within a maintenance
   * period), so some of these may already be at the broker; its own status() nets them out.
   */
  unsent: number;
  /** Marked sent (the broker took them), waiting for the office's ack. */
  sentAwaitingAck: number;
  byKind: Record<string, KindBacklog>;
  oldestUnacked: { seq: number; kind: string; createdAt: string; ageS: number } | null;
  lastSeq: number;
  /** Rows are deleted only by the office's contiguous ack: every seq below the oldest row held was acknowledged. */
  ackedSeq: number;
  /** Payload bytes held in the outbox. */
  outboxBytes: number;
  /** Bytes the whole bus database occupies, free pages excluded. */
  databaseBytes: number;
  /** Free space on the database's file system for this user. */
  diskFreeBytes: number;
  /** Less free space than one database page: SQLite cannot grow the file. */
  diskFull: boolean;
}

/** Reads only: safe on a database the running bus is writing (a WAL reader takes no lock the writer waits on). */
export function readBacklog(store: Store, clock: Clock): BacklogReport {
  const { db, outbox } = store;
  // One read transaction: every figure comes from the same snapshot even while the bus writes.
  return db.transaction(() => {
    const stats = outbox.stats();
    const oldest = db.prepare('SELECT seq, kind, created_at AS createdAt FROM outbox ORDER BY seq LIMIT 1').get() as
      | { seq: number; kind: string; createdAt: string }
      | undefined;
    const kinds = db.prepare('SELECT kind, count(*) AS backlog, count(sent_at) AS sent FROM outbox GROUP BY kind ORDER BY kind').all() as {
      kind: string;
      backlog: number;
      sent: number;
    }[];
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const fs = statfsSync(dirname(store.path));
    const diskFreeBytes = fs.bavail * fs.bsize;
    const now = clock.now();
    return {
      database: store.path,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      checkedAt: now.toISOString(),
      backlog: stats.backlog,
      unsent: stats.unsent,
      sentAwaitingAck: stats.backlog - stats.unsent,
      byKind: Object.fromEntries(kinds.map((k) => [k.kind, { backlog: k.backlog, unsent: k.backlog - k.sent, sentAwaitingAck: k.sent }])),
      oldestUnacked:
        oldest === undefined ? null : { ...oldest, ageS: Math.max(0, (now.getTime() - Date.parse(oldest.createdAt)) / 1000) },
      lastSeq: stats.lastSeq,
      ackedSeq: oldest === undefined ? stats.lastSeq : oldest.seq - 1,
      outboxBytes: outbox.payloadBytes(),
      databaseBytes: outbox.databaseBytes(),
      diskFreeBytes,
      diskFull: diskFreeBytes < pageSize,
    };
  })();
}
