import type Database from 'better-sqlite3';
import type { Clock } from '../../core/clock.ts';
import type { Envelope } from '../../protocol/envelope.ts';
import { defaultQuarantineLimits, quarantineEntry, type QuarantineKey, type QuarantineLimits } from './quarantine-policy.ts';
import type { BusRow, CommitOutcome, DroppedCount, EventFilter, EventLedger, FleetLink, LedgerRow, LostRange, PublishedDownlink, QuarantinedRow, ReceivedEvent, RejectedEvent } from './types.ts';

interface EventRecord {
  bus_id: string;
  seq: number;
  id: string;
  kind: string;
  at: string;
  payload: string;
  received_at: string;
}

const toReceived = (r: EventRecord): ReceivedEvent => ({
  v: 1,
  busId: r.bus_id,
  seq: r.seq,
  id: r.id,
  kind: r.kind,
  at: r.at,
  payload: JSON.parse(r.payload) as unknown,
  receivedAt: r.received_at,
});

/**
 * The ledger in the office's own SQLite file (tables from the office migrations). One process
 * writes it, so the contiguous seq is kept in memory: loaded per bus once, then advanced per commit.
 */
export class SqliteLedger implements EventLedger {
  readonly backend = 'sqlite';
  private readonly contiguity = new Map<string, { committed: number; ahead: Set<number> }>();
  private prepared: ReturnType<SqliteLedger['prepare']> | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
    private readonly limits: QuarantineLimits = defaultQuarantineLimits,
  ) {}

  /** Commits survive a crash of this process (synchronous=NORMAL in WAL); makeDurable adds the fsync. */
  async commitBatch(envelopes: readonly Envelope[], payloadJson?: readonly string[], rejected?: readonly (string | null)[]): Promise<CommitOutcome[]> {
    const s = this.statements();
    const now = this.clock.now().toISOString();
    return s.inTransaction(() =>
      envelopes.map((e, k) => {
        const inserted = s.insert.run(e.busId, e.seq, e.id, e.kind, e.at, payloadJson?.[k] ?? JSON.stringify(e.payload), now, rejected?.[k] ?? null);
        if (inserted.changes === 1) {
          this.advance(e.busId, e.seq);
          return 'committed' as const;
        }
        return (s.idAt.get(e.busId, e.seq) as string | undefined) === e.id ? ('duplicate' as const) : ('conflict' as const);
      }),
    ) as CommitOutcome[];
  }

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

  /** One fsync covers every commit so far (WAL frames are written in order), then the ack row. */
  async makeDurable(busId: string): Promise<number> {
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

  async raiseFloor(busId: string, floorSeq: number): Promise<LostRange | null> {
    const from = this.advance(busId) + 1;
    if (floorSeq < from) return null;
    const held = this.db.prepare('SELECT count(*) FROM event WHERE bus_id = ? AND seq BETWEEN ? AND ?').pluck().get(busId, from, floorSeq) as number;
    const bus = this.contiguity.get(busId)!;
    bus.committed = floorSeq;
    for (const seq of bus.ahead) if (seq <= floorSeq) bus.ahead.delete(seq);
    this.advance(busId);
    await this.makeDurable(busId);
    return { from, to: floorSeq, missing: floorSeq - from + 1 - held };
  }

  async setOnline(busId: string, online: boolean): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO bus (bus_id, online, status_at) VALUES (?, ?, ?)
         ON CONFLICT (bus_id) DO UPDATE SET online = excluded.online, status_at = excluded.status_at`,
      )
      .run(busId, online ? 1 : 0, this.clock.now().toISOString());
  }

  async setPosition(busId: string, position: unknown): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO bus (bus_id, position, position_at) VALUES (?, ?, ?)
         ON CONFLICT (bus_id) DO UPDATE SET position = excluded.position, position_at = excluded.position_at`,
      )
      .run(busId, JSON.stringify(position), this.clock.now().toISOString());
  }

  async quarantine(topic: string, reason: string, payload: Buffer, key?: QuarantineKey): Promise<boolean> {
    const entry = quarantineEntry(topic, reason, payload, this.limits, key);
    const now = this.clock.now().toISOString();
    return this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM quarantine WHERE dedup = ?').get(entry.dedup)) return false;
      const held = this.db.prepare('SELECT count(*) FROM quarantine WHERE bus_id = ?').pluck().get(entry.busId) as number;
      const bytes = this.db.prepare('SELECT coalesce(sum(bytes), 0) FROM quarantine').pluck().get() as number;
      if (held >= this.limits.perBus || bytes + entry.payload.length > this.limits.totalBytes) {
        this.db
          .prepare(
            `INSERT INTO quarantine_dropped (bus_id, dropped, bytes, last_at) VALUES (?, 1, ?, ?)
             ON CONFLICT (bus_id) DO UPDATE SET dropped = dropped + 1, bytes = bytes + excluded.bytes, last_at = excluded.last_at`,
          )
          .run(entry.busId, payload.length, now);
        return false;
      }
      this.db
        .prepare('INSERT INTO quarantine (topic, reason, payload, received_at, bus_id, dedup, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(topic, reason.slice(0, 2000), entry.payload, now, entry.busId, entry.dedup, entry.payload.length);
      return true;
    })();
  }

  async recordDownlink(entry: PublishedDownlink): Promise<void> {
    this.db
      .prepare('INSERT INTO downlink_published (id, target, kind, version, body, published_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(entry.id, entry.target, entry.kind, entry.version, JSON.stringify(entry.body), this.clock.now().toISOString());
  }

  async publishedVersion(target: string, kind: string): Promise<number> {
    return (this.db.prepare('SELECT max(version) FROM downlink_published WHERE target = ? AND kind = ?').pluck().get(target, kind) as number | null) ?? 0;
  }

  async publishedSince(target: string, kind: string, sinceIso: string): Promise<string[]> {
    return this.db
      .prepare('SELECT body FROM downlink_published WHERE target = ? AND kind = ? AND published_at >= ? ORDER BY published_at')
      .pluck()
      .all(target, kind, sinceIso) as string[];
  }

  async buses(): Promise<BusRow[]> {
    return (await this.fleetLinks()).map(({ busId, committedSeq, online, statusAt, lastSeen }) => ({ busId, committedSeq, online, statusAt, lastSeen }));
  }

  async fleetLinks(): Promise<FleetLink[]> {
    const rows = this.db
      .prepare(
        `SELECT b.bus_id, b.online, b.status_at, b.last_seen, b.committed_seq, b.position, b.position_at,
           (SELECT max(seq) FROM event e WHERE e.bus_id = b.bus_id) AS max_seq,
           (SELECT min(at) FROM event e WHERE e.bus_id = b.bus_id AND e.seq > b.committed_seq) AS oldest_gap_at,
           (SELECT at FROM event e WHERE e.bus_id = b.bus_id AND e.seq = b.committed_seq) AS last_event_at
         FROM bus b ORDER BY b.bus_id`,
      )
      .all() as {
      bus_id: string;
      online: number;
      status_at: string | null;
      last_seen: string | null;
      committed_seq: number;
      position: string | null;
      position_at: string | null;
      max_seq: number | null;
      oldest_gap_at: string | null;
      last_event_at: string | null;
    }[];
    return rows.map((r) => ({
      busId: r.bus_id,
      committedSeq: r.committed_seq,
      online: r.online === 1,
      statusAt: r.status_at,
      lastSeen: r.last_seen,
      position: r.position,
      positionAt: r.position_at,
      maxSeq: r.max_seq,
      oldestGapAt: r.oldest_gap_at,
      lastEventAt: r.last_event_at,
    }));
  }

  async events(filter: EventFilter = {}): Promise<ReceivedEvent[]> {
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
    return (this.db.prepare(sql).all(...params, filter.limit ?? 1000) as EventRecord[]).map(toReceived);
  }

  async eventsAfter(cursor: number, limit: number): Promise<LedgerRow[]> {
    return this.db
      .prepare('SELECT rowid AS cursor, bus_id AS busId, id, kind, at, payload, received_at AS receivedAt FROM event WHERE rowid > ? AND rejected IS NULL ORDER BY rowid LIMIT ?')
      .all(cursor, limit) as LedgerRow[];
  }

  async kindPage(kind: string, after: { busId: string; seq: number } | null, limit: number): Promise<ReceivedEvent[]> {
    // Walks the primary key (bus_id, seq) from the key on: one pass over the table for a whole export.
    const rows = this.db
      .prepare('SELECT * FROM event WHERE kind = ? AND (bus_id, seq) > (?, ?) ORDER BY bus_id, seq LIMIT ?')
      .all(kind, after?.busId ?? '', after?.seq ?? 0, limit) as EventRecord[];
    return rows.map(toReceived);
  }

  async kindCounts(): Promise<{ kind: string; events: number }[]> {
    return this.db.prepare('SELECT kind, count(*) AS events FROM event GROUP BY kind ORDER BY kind').all() as { kind: string; events: number }[];
  }

  async rejectedEvents(limit = 1000): Promise<RejectedEvent[]> {
    return this.db
      .prepare(
        `SELECT bus_id AS busId, seq, id, kind, rejected AS reason, received_at AS receivedAt FROM event
         WHERE rejected IS NOT NULL ORDER BY received_at DESC LIMIT ?`,
      )
      .all(limit) as RejectedEvent[];
  }

  async quarantineDropped(): Promise<DroppedCount[]> {
    return this.db.prepare('SELECT bus_id AS busId, dropped, bytes, last_at AS lastAt FROM quarantine_dropped ORDER BY bus_id').all() as DroppedCount[];
  }

  async quarantined(limit = 1000): Promise<QuarantinedRow[]> {
    return (this.db.prepare('SELECT bus_id, topic, reason, received_at FROM quarantine ORDER BY id DESC LIMIT ?').all(limit) as { bus_id: string; topic: string; reason: string; received_at: string }[]).map((r) => ({
      busId: r.bus_id,
      topic: r.topic,
      reason: r.reason,
      receivedAt: r.received_at,
    }));
  }

  /** The database belongs to the OfficeStore, which closes it. */
  async close(): Promise<void> {}

  private statements() {
    this.prepared ??= this.prepare();
    return this.prepared;
  }

  private prepare() {
    return {
      insert: this.db.prepare(
        'INSERT INTO event (bus_id, seq, id, kind, at, payload, received_at, rejected) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      idAt: this.db.prepare('SELECT id FROM event WHERE bus_id = ? AND seq = ?').pluck(),
      stored: this.db.prepare('SELECT committed_seq FROM bus WHERE bus_id = ?').pluck(),
      inTransaction: this.db.transaction((fn: () => unknown) => fn()),
    };
  }
}
