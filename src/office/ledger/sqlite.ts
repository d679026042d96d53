import type Database from 'better-sqlite3';
import type { Clock } from '../../core/clock.ts';
import type { Envelope } from '../../protocol/envelope.ts';
import { defaultQuarantineLimits, quarantineEntry, type QuarantineKey, type QuarantineLimits } from './quarantine-policy.ts';
import type { BusRow, CommitOutcome, PageKey, DroppedCount, EventFilter, EventLedger, FleetLink, LedgerRow, LostRange, PublishedDownlink, QuarantinedRow, ReceivedEvent, RejectedEvent } from './types.ts';

interface EventRecord {
  bus_id: string;
  epoch: string;
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
  ...(r.epoch === '' ? {} : { epoch: r.epoch }),
  seq: r.seq,
  id: r.id,
  kind: r.kind,
  at: r.at,
  payload: JSON.parse(r.payload) as unknown,
  receivedAt: r.received_at,
});

/** A bus's stream, as a map key. */
const streamKey = (busId: string, epoch: string) => `${busId}\u0000${epoch}`;

/**
 * The ledger in the office's own SQLite file (tables from the office migrations). One process
 * writes it, so the contiguous seq is kept in memory: loaded per stream (bus, epoch) once, then
 * advanced per commit.
 */
export class SqliteLedger implements EventLedger {
  readonly backend = 'sqlite';
  private readonly contiguity = new Map<string, { committed: number; ahead: Set<number> }>();
  /** Streams the ledger knows (bus_stream rows), so a commit looks one up only once. */
  private readonly knownStreams = new Set<string>();
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
        const epoch = e.epoch ?? '';
        const inserted = s.insert.run(e.busId, epoch, e.seq, e.id, e.kind, e.at, payloadJson?.[k] ?? JSON.stringify(e.payload), now, rejected?.[k] ?? null);
        if (inserted.changes === 1) {
          this.noteStream(e.busId, epoch, now);
          this.advance(e.busId, epoch, e.seq);
          return 'committed' as const;
        }
        const held = s.idAt.get(e.busId, epoch, e.seq) as string | undefined;
        if (held !== undefined) return held === e.id ? ('duplicate' as const) : ('conflict' as const);
        const alias = s.aliasAt.get(e.busId, epoch, e.seq) as string | undefined;
        if (alias !== undefined) return alias === e.id ? ('duplicate' as const) : ('conflict' as const);
        // The same bus's event, held under another stream: carried across when its database was
        // recreated. Counted once; its new seq still counts towards this stream's ack.
        const owner = s.streamOfId.get(e.id) as { bus_id: string; epoch: string } | undefined;
        if (owner?.bus_id !== e.busId || owner.epoch === epoch) return 'conflict' as const;
        s.insertAlias.run(e.busId, epoch, e.seq, e.id);
        this.noteStream(e.busId, epoch, now);
        this.advance(e.busId, epoch, e.seq);
        return 'duplicate' as const;
      }),
    ) as CommitOutcome[];
  }

  /**
   * A stream seen for the first time: a bus's first, or a reset (its database was recreated), which
   * becomes the bus's current stream, whose ack the bus waits for, and is shown on the fleet page.
   */
  private noteStream(busId: string, epoch: string, now: string): void {
    const key = streamKey(busId, epoch);
    if (this.knownStreams.has(key)) return;
    this.knownStreams.add(key);
    const s = this.statements();
    if (s.streamExists.get(busId, epoch)) return;
    const earlier = s.streamCount.get(busId) as number;
    s.insertStream.run(busId, epoch, now);
    s.currentStream.run({ busId, epoch, streams: earlier + 1, resetAt: earlier > 0 ? now : null });
  }

  /** The stream the bus now numbers in: its ack is the one to send. */
  async currentEpoch(busId: string): Promise<string> {
    return (this.statements().epochOf.get(busId) as string | undefined) ?? '';
  }

  private advance(busId: string, epoch: string, seq?: number): number {
    const key = streamKey(busId, epoch);
    let stream = this.contiguity.get(key);
    if (!stream) {
      const stored = (this.statements().stored.get(busId, epoch) as number | undefined) ?? 0;
      const above = this.db
        .prepare('SELECT seq FROM event WHERE bus_id = ? AND epoch = ? AND seq > ? UNION SELECT seq FROM event_alias WHERE bus_id = ? AND epoch = ? AND seq > ?')
        .pluck()
        .all(busId, epoch, stored, busId, epoch, stored) as number[];
      stream = { committed: stored, ahead: new Set(above) };
      this.contiguity.set(key, stream);
    }
    if (seq !== undefined && seq > stream.committed) stream.ahead.add(seq);
    while (stream.ahead.delete(stream.committed + 1)) stream.committed++;
    return stream.committed;
  }

  /** One fsync covers every commit so far (WAL frames are written in order), then the ack row. */
  async makeDurable(busId: string, epoch = ''): Promise<number> {
    const seq = this.advance(busId, epoch);
    const now = this.clock.now().toISOString();
    this.db.pragma('synchronous = FULL');
    try {
      this.db.transaction(() => {
        this.db
          .prepare(
            `INSERT INTO bus_stream (bus_id, epoch, committed_seq, first_seen) VALUES (?, ?, ?, ?)
             ON CONFLICT (bus_id, epoch) DO UPDATE SET committed_seq = excluded.committed_seq`,
          )
          .run(busId, epoch, seq, now);
        // The bus row shows the current stream; an older stream's late events only touch last_seen.
        const current = (this.statements().epochOf.get(busId) as string | undefined) ?? '';
        this.db
          .prepare(
            `INSERT INTO bus (bus_id, committed_seq, acked_seq, last_seen, epoch) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (bus_id) DO UPDATE SET committed_seq = iif(?, excluded.committed_seq, committed_seq),
               acked_seq = iif(?, excluded.acked_seq, acked_seq), last_seen = excluded.last_seen`,
          )
          .run(busId, seq, seq, now, epoch, epoch === current ? 1 : 0, epoch === current ? 1 : 0);
      })();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
    return seq;
  }

  async raiseFloor(busId: string, floorSeq: number, epoch = ''): Promise<LostRange | null> {
    const from = this.advance(busId, epoch) + 1;
    if (floorSeq < from) return null;
    // A status can announce a stream before its first event: it is the bus's current one as well.
    this.noteStream(busId, epoch, this.clock.now().toISOString());
    const held = this.db.prepare('SELECT count(*) FROM event WHERE bus_id = ? AND epoch = ? AND seq BETWEEN ? AND ?').pluck().get(busId, epoch, from, floorSeq) as number;
    const stream = this.contiguity.get(streamKey(busId, epoch))!;
    stream.committed = floorSeq;
    for (const seq of stream.ahead) if (seq <= floorSeq) stream.ahead.delete(seq);
    this.advance(busId, epoch);
    await this.makeDurable(busId, epoch);
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
    return (await this.fleetLinks()).map(({ busId, epoch, committedSeq, online, statusAt, lastSeen }) => ({ busId, epoch, committedSeq, online, statusAt, lastSeen }));
  }

  async fleetLinks(): Promise<FleetLink[]> {
    const rows = this.db
      .prepare(
        `SELECT b.bus_id, b.epoch, b.streams, b.reset_at, b.online, b.status_at, b.last_seen, b.committed_seq, b.position, b.position_at,
           (SELECT max(seq) FROM event e WHERE e.bus_id = b.bus_id AND e.epoch = b.epoch) AS max_seq,
           (SELECT min(at) FROM event e WHERE e.bus_id = b.bus_id AND e.epoch = b.epoch AND e.seq > b.committed_seq) AS oldest_gap_at,
           (SELECT at FROM event e WHERE e.bus_id = b.bus_id AND e.epoch = b.epoch AND e.seq = b.committed_seq) AS last_event_at,
           (SELECT payload FROM event e WHERE e.bus_id = b.bus_id AND e.kind = 'storage-reset' AND e.rejected IS NULL ORDER BY e.rowid DESC LIMIT 1) AS reset_report
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
      epoch: string;
      streams: number;
      reset_at: string | null;
      reset_report: string | null;
    }[];
    return rows.map((r) => ({
      busId: r.bus_id,
      epoch: r.epoch,
      streams: r.streams,
      resetAt: r.reset_at,
      resetReport: r.reset_report === null ? null : (JSON.parse(r.reset_report) as Record<string, unknown>),
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
    const sql = `SELECT * FROM event ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY bus_id, epoch, seq LIMIT ?`;
    return (this.db.prepare(sql).all(...params, filter.limit ?? 1000) as EventRecord[]).map(toReceived);
  }

  async eventsAfter(cursor: number, limit: number): Promise<LedgerRow[]> {
    return this.db
      .prepare('SELECT rowid AS cursor, bus_id AS busId, id, kind, at, payload, received_at AS receivedAt FROM event WHERE rowid > ? AND rejected IS NULL ORDER BY rowid LIMIT ?')
      .all(cursor, limit) as LedgerRow[];
  }

  async kindPage(kind: string, after: PageKey | null, limit: number): Promise<ReceivedEvent[]> {
    // Walks the primary key (bus_id, epoch, seq) from the key on: one pass over the table for a whole export.
    const rows = this.db
      .prepare('SELECT * FROM event WHERE kind = ? AND (bus_id, epoch, seq) > (?, ?, ?) ORDER BY bus_id, epoch, seq LIMIT ?')
      .all(kind, after?.busId ?? '', after?.epoch ?? '', after?.seq ?? 0, limit) as EventRecord[];
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
        'INSERT INTO event (bus_id, epoch, seq, id, kind, at, payload, received_at, rejected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      idAt: this.db.prepare('SELECT id FROM event WHERE bus_id = ? AND epoch = ? AND seq = ?').pluck(),
      aliasAt: this.db.prepare('SELECT id FROM event_alias WHERE bus_id = ? AND epoch = ? AND seq = ?').pluck(),
      streamOfId: this.db.prepare('SELECT bus_id, epoch FROM event WHERE id = ?'),
      insertAlias: this.db.prepare('INSERT INTO event_alias (bus_id, epoch, seq, id) VALUES (?, ?, ?, ?)'),
      stored: this.db.prepare('SELECT committed_seq FROM bus_stream WHERE bus_id = ? AND epoch = ?').pluck(),
      streamExists: this.db.prepare('SELECT 1 FROM bus_stream WHERE bus_id = ? AND epoch = ?').pluck(),
      streamCount: this.db.prepare('SELECT count(*) FROM bus_stream WHERE bus_id = ?').pluck(),
      insertStream: this.db.prepare('INSERT INTO bus_stream (bus_id, epoch, committed_seq, first_seen) VALUES (?, ?, 0, ?)'),
      currentStream: this.db.prepare(
        `INSERT INTO bus (bus_id, epoch, streams, reset_at) VALUES (@busId, @epoch, @streams, @resetAt)
         ON CONFLICT (bus_id) DO UPDATE SET epoch = @epoch, streams = @streams, reset_at = coalesce(@resetAt, reset_at),
           committed_seq = iif(epoch = @epoch, committed_seq, 0), acked_seq = iif(epoch = @epoch, acked_seq, 0)`,
      ),
      epochOf: this.db.prepare('SELECT epoch FROM bus WHERE bus_id = ?').pluck(),
      inTransaction: this.db.transaction((fn: () => unknown) => fn()),
    };
  }
}
