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
    // Per-message commits skip the fsync; makeDurable syncs before any ack (see there). A larger
    // WAL between checkpoints and a larger cache keep each commit to a few page writes.
    opened.value.pragma('synchronous = NORMAL');
    opened.value.pragma('wal_autocheckpoint = 10000');
    opened.value.pragma('cache_size = -32000');
    return ok(new OfficeStore(opened.value, clock));
  }

  /**
   * Commits events in one transaction, returning each one's outcome. A redelivery (same bus, seq
   * and id) is a duplicate; a different id under a known (bus, seq), or a known id under another
   * (bus, seq), is a conflict for the quarantine. The commit survives a crash of this process;
   * `makeDurable` adds the fsync before an ack goes out.
   */
  commitBatch(envelopes: readonly Envelope[]): ('committed' | 'duplicate' | 'conflict')[] {
    const s = this.statements();
    const now = this.clock.now().toISOString();
    return s.inTransaction(() =>
      envelopes.map((e) => {
        const inserted = s.insert.run(e.busId, e.seq, e.id, e.kind, e.at, JSON.stringify(e.payload), now);
        if (inserted.changes === 1) {
          this.advance(e.busId, e.seq);
          return 'committed' as const;
        }
        return (s.idAt.get(e.busId, e.seq) as string | undefined) === e.id ? ('duplicate' as const) : ('conflict' as const);
      }),
    ) as ('committed' | 'duplicate' | 'conflict')[];
  }

  commit(envelope: Envelope): { outcome: 'committed' | 'duplicate' | 'conflict'; committedSeq: number } {
    const [outcome] = this.commitBatch([envelope]);
    return { outcome: outcome!, committedSeq: this.committedSeq(envelope.busId) };
  }

  /**
   * Highest contiguous seq, kept in memory with the seqs already committed above it; loaded from
   * the events once per bus after a restart.
   */
  private advance(busId: string, seq?: number): number {
    let bus = this.contiguity.get(busId);
    if (!bus) {
      const stored = (this.statements().stored.get(busId) as number | undefined) ?? 0;
      const above = this.db.prepare('SELECT seq FROM event WHERE bus_id = ? AND seq > ?').pluck().all(busId, stored) as number[];
      bus = { committed: stored, ahead: new Set(above) };
      this.contiguity.set(busId, bus);
    }
    if (seq !== undefined && seq > bus.committed) bus.ahead.add(seq);
    while (bus.ahead.delete(bus.committed + 1)) bus.committed++;
    return bus.committed;
  }

  /**
   * One fsync covering every commit so far (WAL frames are written in order), then the bus's
   * acknowledged seq. Only a seq returned here may be sent to the bus as its end-to-end ack.
   */
  makeDurable(busId: string): number {
    const seq = this.advance(busId);
    this.db.pragma('synchronous = FULL');
    try {
      this.db
        .prepare(
          `INSERT INTO bus (bus_id, committed_seq, acked_seq, last_seen) VALUES (?, ?, ?, ?)
           ON CONFLICT (bus_id) DO UPDATE SET committed_seq = excluded.committed_seq, acked_seq = excluded.acked_seq,
             last_seen = excluded.last_seen`,
        )
        .run(busId, seq, seq, this.clock.now().toISOString());
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
    return seq;
  }

  committedSeq(busId: string): number {
    return this.advance(busId);
  }

  setPosition(busId: string, position: unknown): void {
    const now = this.clock.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO bus (bus_id, position, position_at) VALUES (?, ?, ?)
         ON CONFLICT (bus_id) DO UPDATE SET position = excluded.position, position_at = excluded.position_at`,
      )
      .run(busId, JSON.stringify(position), now);
  }

  recordDownlink(entry: { id: string; target: string; kind: string; version: number | null; body: unknown }): void {
    this.db
      .prepare('INSERT INTO downlink_published (id, target, kind, version, body, published_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(entry.id, entry.target, entry.kind, entry.version, JSON.stringify(entry.body), this.clock.now().toISOString());
  }

  /** Highest content version the office published for a target and kind (0 when none). */
  publishedVersion(target: string, kind: string): number {
    return (this.db.prepare('SELECT max(version) FROM downlink_published WHERE target = ? AND kind = ?').pluck().get(target, kind) as number | null) ?? 0;
  }

  private prepared: ReturnType<OfficeStore['prepare']> | null = null;
  private readonly contiguity = new Map<string, { committed: number; ahead: Set<number> }>();

  private statements() {
    this.prepared ??= this.prepare();
    return this.prepared;
  }

  private prepare() {
    return {
      insert: this.db.prepare(
        'INSERT INTO event (bus_id, seq, id, kind, at, payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      idAt: this.db.prepare('SELECT id FROM event WHERE bus_id = ? AND seq = ?').pluck(),
      stored: this.db.prepare('SELECT committed_seq FROM bus WHERE bus_id = ?').pluck(),
      inTransaction: this.db.transaction((fn: () => unknown) => fn()),
    };
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
