import type Database from 'better-sqlite3';
import type { Clock } from '../core/clock.ts';
import { ok, type Result } from '../core/result.ts';
import { openDatabase, type OpenError } from '../store/open.ts';
import type { Envelope } from '../sync/envelope.ts';
import { officeMigrations } from './migrations.ts';

export interface ReceivedEvent extends Envelope {
  receivedAt: string;
}

export interface BusRow {
  busId: string;
  committedSeq: number;
  online: boolean;
  statusAt: string | null;
  lastSeen: string | null;
}

/** The office's database: every event exactly once, keyed by (bus, seq). */
export class OfficeStore {
  private constructor(
    readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  static open(path: string, clock: Clock): Result<OfficeStore, OpenError> {
    const opened = openDatabase(path, officeMigrations, 'office');
    if (!opened.ok) return opened;
    return ok(new OfficeStore(opened.value, clock));
  }

  /**
   * Commits one event (a duplicate is ignored) and advances the bus's highest contiguous seq.
   * Returns that seq: the end-to-end acknowledgement the bus may forget rows up to.
   */
  commit(envelope: Envelope): { duplicate: boolean; committedSeq: number } {
    const now = this.clock.now().toISOString();
    return this.db
      .transaction(() => {
        const inserted = this.db
          .prepare(
            `INSERT INTO event (bus_id, seq, id, kind, at, payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT DO NOTHING`,
          )
          .run(envelope.busId, envelope.seq, envelope.id, envelope.kind, envelope.at, JSON.stringify(envelope.payload), now);
        this.db
          .prepare(
            `INSERT INTO bus (bus_id, last_seen) VALUES (?, ?)
             ON CONFLICT (bus_id) DO UPDATE SET last_seen = excluded.last_seen`,
          )
          .run(envelope.busId, now);
        return { duplicate: inserted.changes === 0, committedSeq: this.advance(envelope.busId) };
      })
      .immediate();
  }

  private advance(busId: string): number {
    let committed = (this.db.prepare('SELECT committed_seq FROM bus WHERE bus_id = ?').get(busId) as { committed_seq: number })
      .committed_seq;
    const next = this.db.prepare('SELECT 1 FROM event WHERE bus_id = ? AND seq = ?').pluck();
    while (next.get(busId, committed + 1) !== undefined) committed++;
    this.db.prepare('UPDATE bus SET committed_seq = ? WHERE bus_id = ?').run(committed, busId);
    return committed;
  }

  committedSeq(busId: string): number {
    const row = this.db.prepare('SELECT committed_seq FROM bus WHERE bus_id = ?').get(busId) as
      | { committed_seq: number }
      | undefined;
    return row?.committed_seq ?? 0;
  }

  setOnline(busId: string, online: boolean): void {
    const now = this.clock.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO bus (bus_id, online, status_at) VALUES (?, ?, ?)
         ON CONFLICT (bus_id) DO UPDATE SET online = excluded.online, status_at = excluded.status_at`,
      )
      .run(busId, online ? 1 : 0, now);
  }

  quarantine(topic: string, reason: string, payload: Buffer): void {
    this.db
      .prepare('INSERT INTO quarantine (topic, reason, payload, received_at) VALUES (?, ?, ?, ?)')
      .run(topic, reason, payload, this.clock.now().toISOString());
  }

  buses(): BusRow[] {
    return (
      this.db.prepare('SELECT * FROM bus ORDER BY bus_id').all() as {
        bus_id: string;
        committed_seq: number;
        online: number;
        status_at: string | null;
        last_seen: string | null;
      }[]
    ).map((r) => ({
      busId: r.bus_id,
      committedSeq: r.committed_seq,
      online: r.online === 1,
      statusAt: r.status_at,
      lastSeen: r.last_seen,
    }));
  }

  events(filter: { busId?: string; kind?: string; limit?: number } = {}): ReceivedEvent[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.busId !== undefined) {
      where.push('bus_id = ?');
      params.push(filter.busId);
    }
    if (filter.kind !== undefined) {
      where.push('kind = ?');
      params.push(filter.kind);
    }
    const sql = `SELECT * FROM event ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY bus_id, seq LIMIT ?`;
    return (
      this.db.prepare(sql).all(...params, filter.limit ?? 1000) as {
        bus_id: string;
        seq: number;
        id: string;
        kind: string;
        at: string;
        payload: string;
        received_at: string;
      }[]
    ).map((r) => ({
      v: 1,
      busId: r.bus_id,
      seq: r.seq,
      id: r.id,
      kind: r.kind,
      at: r.at,
      payload: JSON.parse(r.payload) as unknown,
      receivedAt: r.received_at,
    }));
  }

  quarantined(): { topic: string; reason: string; receivedAt: string }[] {
    return (
      this.db.prepare('SELECT topic, reason, received_at FROM quarantine ORDER BY id').all() as {
        topic: string;
        reason: string;
        received_at: string;
      }[]
    ).map((r) => ({ topic: r.topic, reason: r.reason, receivedAt: r.received_at }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
