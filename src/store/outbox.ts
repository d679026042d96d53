import type Database from 'better-sqlite3';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/emitter.ts';
import { uuidv7 } from '../core/ids.ts';
import { err, ok, type Result } from '../core/result.ts';
import { envelopeSchema } from '../protocol/envelope.ts';
import { nestsTooDeep, payloadProblem } from '../protocol/payloads.ts';

/** Lower drains first: what a resident was promised goes before counts and positions. */
export const outboxPriority = {
  resident: 1,
  downlinkReport: 2,
  /** A fresh database replaced a damaged one: the office hears of it before the rows carried across. */
  storageReset: 2,
  trip: 3,
  count: 4,
  position: 9,
  /** Synthetic link checks (`lianxin sync test-load`): never ahead of a real record. */
  diagnostic: 10,
} as const;

/** The only kind the storage bound may thin (docs/protocol.md §Storage); every other row is kept whole. */
export const thinnableKind = 'position';
const thinnedPayload = '{"thinned":true}';

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

/** A row as it goes on the wire: the payload stays the JSON text it was stored as. */
export interface OutboxWireRow {
  seq: number;
  priority: number;
  id: string;
  kind: string;
  at: string;
  payloadJson: string;
}

export interface NewOutboxRow {
  kind: string;
  /** GNSS time of the domain event (ISO). */
  at: string;
  payload: unknown;
  priority?: number;
}

export interface CarriedOutboxRow {
  id: string;
  kind: string;
  at: string;
  payloadJson: string;
  priority: number;
  createdAt: string;
}

export interface OutboxStats {
  backlog: number;
  unsent: number;
  oldestCreatedAt: string | null;
  lastSeq: number;
}

export interface OutboxBounds {
  maxBytes: number;
  maxPositionAgeMs: number;
}

export interface BoundsReport {
  thinned: number;
  /** Still above maxBytes after thinning every position: only a bigger disk or the office helps. */
  overBudget: boolean;
  databaseBytes: number;
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

const addedFields = envelopeSchema.pick({ kind: true, at: true });

/** Columns of an OutboxWireRow, named as its fields: rows come out of SQLite ready to send, not copied. */
const wireColumns = 'seq, priority, id, kind, at, payload AS payloadJson';

/**
 * The durable queue to the office. seq comes from AUTOINCREMENT inside the writer's transaction,
 * so it is gap-free (a rolled-back write rolls its number back) and never reused after deletion.
 * A row is deleted only when the office acknowledged it end to end.
 */
export class Outbox {
  /** Fires after add() (possibly before its transaction commits: listeners defer their work). */
  readonly added = new Emitter<void>();
  private diskFull = false;
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {
    this.statements = {
      insert: db.prepare('INSERT INTO outbox (id, kind, at, payload, priority, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      unsent: db.prepare(
        `SELECT ${wireColumns} FROM outbox INDEXED BY outbox_unsent WHERE sent_at IS NULL ORDER BY priority, seq LIMIT ?`,
      ),
      // Two range seeks: SQLite seeks a row-value bound on its first column only, which would scan
      // every unsent row of the cursor's priority (those awaiting the office's ack included).
      unsentLaterInPriority: db.prepare(
        `SELECT ${wireColumns} FROM outbox INDEXED BY outbox_unsent
         WHERE sent_at IS NULL AND priority = ? AND seq > ? ORDER BY seq LIMIT ?`,
      ),
      unsentInLaterPriorities: db.prepare(
        `SELECT ${wireColumns} FROM outbox INDEXED BY outbox_unsent
         WHERE sent_at IS NULL AND priority > ? ORDER BY priority, seq LIMIT ?`,
      ),
      unsentBelow: db.prepare(
        `SELECT ${wireColumns} FROM outbox WHERE sent_at IS NULL AND seq < ? ORDER BY seq LIMIT ?`,
      ),
      markSent: db.prepare('UPDATE outbox SET sent_at = ?, attempts = attempts + 1 WHERE seq = ?'),
      acknowledge: db.prepare('DELETE FROM outbox WHERE seq <= ?'),
      requeue: db.prepare('UPDATE outbox SET sent_at = NULL WHERE sent_at IS NOT NULL AND sent_at < ? RETURNING seq'),
      range: db.prepare('SELECT seq AS first, created_at AS oldest FROM outbox ORDER BY seq LIMIT 1'),
      lastSeq: db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").pluck(),
      sentCount: db.prepare('SELECT count(*) FROM outbox INDEXED BY outbox_sent WHERE sent_at IS NOT NULL').pluck(),
    };
  }

  /**
   * Call inside the same transaction as the domain write it reports. A payload its kind's wire
   * schema refuses throws here, rolling that write back: the office would only quarantine it.
   */
  add(row: NewOutboxRow): { seq: number; id: string } {
    addedFields.parse({ kind: row.kind, at: row.at });
    const payloadJson = JSON.stringify(row.payload ?? null);
    const problem = nestsTooDeep(payloadJson) ? 'nested too deep' : payloadProblem(row.kind, row.payload);
    if (problem !== null) throw new Error(`outbox: ${row.kind} payload breaks the wire protocol: ${problem}`);
    const now = this.clock.now();
    const id = uuidv7(now.getTime());
    const info = this.statements.insert.run(
      id,
      row.kind,
      row.at,
      payloadJson,
      row.priority ?? outboxPriority.trip,
      now.toISOString(),
    );
    this.added.emit();
    return { seq: Number(info.lastInsertRowid), id };
  }

  /**
   * A row read back from a damaged database, carried into a fresh one with a new seq but its own
   * id, kind, time, payload and priority: the office knows an id it already holds, whatever the seq.
   */
  carry(row: CarriedOutboxRow): number {
    addedFields.parse({ kind: row.kind, at: row.at });
    const info = this.statements.insert.run(row.id, row.kind, row.at, row.payloadJson, row.priority, row.createdAt);
    this.added.emit();
    return Number(info.lastInsertRowid);
  }

  /**
   * Runs a write (typically `store.withTransaction(...)` adding outbox rows) and turns a full disk
   * into a value the kiosk can show: nothing of that write was saved, and `isDiskFull()` says so
   * until a later write succeeds.
   */
  guard<T>(write: () => T): Result<T, 'disk-full'> {
    try {
      const value = write();
      this.diskFull = false;
      return ok(value);
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      this.diskFull = true;
      return err('disk-full', 'the bus disk is full: this record was NOT saved. Tell the office; the bus needs its data sent or the disk replaced.');
    }
  }

  isDiskFull(): boolean {
    return this.diskFull;
  }

  /** Rows never published (or requeued), most urgent first, oldest first within a priority. */
  unsent(limit: number, excluding: ReadonlySet<number>): OutboxWireRow[] {
    return pick(this.statements.unsent.all(limit + excluding.size) as OutboxWireRow[], limit, excluding);
  }

  /** Unsent rows after a position in drain order: the next ones once those before are in flight. */
  unsentAfter(after: { priority: number; seq: number }, limit: number): OutboxWireRow[] {
    const rows = this.statements.unsentLaterInPriority.all(after.priority, after.seq, limit) as OutboxWireRow[];
    if (rows.length < limit) rows.push(...(this.statements.unsentInLaterPriorities.all(after.priority, limit - rows.length) as OutboxWireRow[]));
    return rows;
  }

  /** Unsent rows below `seq` in seq order: they hold back the office's contiguous acknowledgement. */
  unsentBelow(seq: number, limit: number, excluding: ReadonlySet<number>): OutboxWireRow[] {
    return pick(this.statements.unsentBelow.all(seq, limit + excluding.size) as OutboxWireRow[], limit, excluding);
  }

  get(seq: number): OutboxRow | undefined {
    const raw = this.db.prepare('SELECT * FROM outbox WHERE seq = ?').get(seq) as RawRow | undefined;
    return raw && toRow(raw);
  }

  /** The broker took these rows (PUBACK). Losing this mark costs only a resend, so no fsync. */
  markSent(seqs: readonly number[], at = this.clock.now().toISOString()): void {
    if (seqs.length === 0) return;
    this.relaxed(() => {
      for (const seq of seqs) this.statements.markSent.run(at, seq);
    });
  }

  /** The office committed every row up to `seq`: only now may the bus forget them. */
  acknowledge(upToSeq: number): number {
    return this.relaxed(() => this.statements.acknowledge.run(upToSeq).changes);
  }

  /** Published rows the office has not acknowledged since `before` go back to unsent; returns their seqs. */
  requeueStale(before: string): number[] {
    return this.relaxed(() => (this.statements.requeue.all(before) as { seq: number }[]).map((r) => r.seq));
  }

  /**
   * Cheap enough to call on every status request: rows are deleted only by the office's contiguous
   * ack, so the backlog is the seq range still held, and the unsent rows are those not marked sent
   * (few: rows are marked only when they wait long for the office). `bytes` needs a full scan: see payloadBytes().
   */
  stats(): OutboxStats {
    const range = this.statements.range.get() as { first: number; oldest: string } | undefined;
    const lastSeq = (this.statements.lastSeq.get() as number | undefined) ?? 0;
    const backlog = range === undefined ? 0 : lastSeq - range.first + 1;
    return {
      backlog,
      unsent: backlog - (this.statements.sentCount.get() as number),
      oldestCreatedAt: range?.oldest ?? null,
      lastSeq,
    };
  }

  /** Bytes the whole bus database occupies, free pages excluded; cheap. */
  databaseBytes(): number {
    const pragma = (name: string) => this.db.pragma(name, { simple: true }) as number;
    return pragma('page_size') * (pragma('page_count') - pragma('freelist_count'));
  }

  /** Bytes of payload held (a full scan: for the storage bound, not for every status request). */
  payloadBytes(): number {
    return this.db.prepare('SELECT coalesce(sum(length(payload)), 0) FROM outbox').pluck().get() as number;
  }

  /**
   * The storage policy: positions older than the age bound, then the oldest positions while the
   * outbox is above the byte bound, are thinned — nine in ten keep their seq and id but lose their
   * payload, then the tenth too if still needed. Rows of any other kind are never touched.
   */
  enforceBounds(bounds: OutboxBounds): BoundsReport {
    // The whole database within the bound means the outbox is too: skip the payload scan.
    let thinned = 0;
    const oldBefore = new Date(this.clock.now().getTime() - bounds.maxPositionAgeMs).toISOString();
    const thin = (sql: string, ...params: unknown[]) =>
      this.relaxed(() =>
        this.db
          .prepare(`UPDATE outbox SET payload = '${thinnedPayload}' WHERE seq IN (${sql})`)
          .run(thinnableKind, thinnedPayload, ...params).changes,
      );
    const candidates = 'SELECT seq FROM outbox WHERE kind = ? AND payload != ?';
    thinned += thin(`${candidates} AND created_at < ? AND seq % 10 != 0`, oldBefore);
    if (this.databaseBytes() <= bounds.maxBytes) return { thinned, overBudget: false, databaseBytes: this.databaseBytes() };
    for (const tenth of ['AND seq % 10 != 0', '']) {
      while (this.payloadBytes() > bounds.maxBytes) {
        const changed = thin(`${candidates} ${tenth} ORDER BY seq LIMIT 500`);
        if (changed === 0) break;
        thinned += changed;
      }
    }
    return { thinned, overBudget: this.payloadBytes() > bounds.maxBytes, databaseBytes: this.databaseBytes() };
  }

  /** Bookkeeping whose loss on power cut only causes a resend: commit without waiting for fsync. */
  private relaxed<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    this.db.pragma('synchronous = NORMAL');
    try {
      return this.db.transaction(fn)();
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }
}

export function isDiskFull(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_FULL';
}

function pick(rows: OutboxWireRow[], limit: number, excluding: ReadonlySet<number>): OutboxWireRow[] {
  const out: OutboxWireRow[] = [];
  for (const row of rows) {
    if (out.length === limit) break;
    if (!excluding.has(row.seq)) out.push(row);
  }
  return out;
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
