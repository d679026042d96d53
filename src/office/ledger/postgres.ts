import pg from 'pg';
import type { Envelope } from '../../protocol/envelope.ts';
import { migratePostgres } from './postgres-schema.ts';
import { defaultQuarantineLimits, quarantineEntry, type QuarantineKey, type QuarantineLimits } from './quarantine-policy.ts';
import type { BusRow, CommitOutcome, DroppedCount, EventFilter, EventLedger, FleetLink, LedgerRow, LostRange, PublishedDownlink, QuarantinedRow, ReceivedEvent, RejectedEvent } from './types.ts';

/**
 * Commits take this transaction lock, so the identity column `commit_order` grows in commit order
 * even with several receivers: the dashboard projection reads past a high-water mark and must
 * never find a lower number committed later.
 */
const commitLock = 7_245_002;
/** Serialises quarantine writes across receivers (quota and cap are fleet-wide facts). */
const quarantineLock = 7_245_003;
/** Contiguous seqs examined per ack; a longer run is finished by the next ack. */
const contiguityWindow = 100_000;

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

interface EventRecord {
  bus_id: string;
  seq: string;
  id: string;
  kind: string;
  at: string;
  payload: string;
  received_at: Date;
}

const eventColumns = 'bus_id, seq, id, kind, at, payload::text AS payload, received_at';

const toReceived = (r: EventRecord): ReceivedEvent => ({
  v: 1,
  busId: r.bus_id,
  seq: Number(r.seq),
  id: r.id,
  kind: r.kind,
  at: r.at,
  payload: JSON.parse(r.payload) as unknown,
  receivedAt: r.received_at.toISOString(),
});

/**
 * The ledger in PostgreSQL, shared by every receiver of a fleet. A commit is durable when it
 * returns (synchronous_commit is forced on for these sessions), and the contiguous seq is read
 * from the table, since other receivers commit too.
 */
export class PostgresLedger implements EventLedger {
  readonly backend = 'postgres';

  private constructor(
    private readonly pool: pg.Pool,
    private readonly limits: QuarantineLimits,
  ) {}

  /** Connects and migrates; the error names the server and says what failed (never the password). */
  static async open(url: string, options: { poolSize?: number; quarantine?: QuarantineLimits } = {}): Promise<PostgresLedger> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 4,
      connectionTimeoutMillis: 10_000,
      options: '-c synchronous_commit=on',
    });
    // An idle connection the server dropped is replaced by the pool; it must not crash the office.
    pool.on('error', (error) => console.error(`office ledger: idle PostgreSQL connection lost: ${error.message}`));
    try {
      const client = await pool.connect();
      // Should the server go away meanwhile, the migration's query fails and says so.
      const expected = () => undefined;
      client.on('error', expected);
      try {
        await migratePostgres(client);
      } finally {
        client.off('error', expected);
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw new Error(`PostgreSQL at ${redact(url)}: ${(error as Error).message}`, { cause: error });
    }
    return new PostgresLedger(pool, options.quarantine ?? defaultQuarantineLimits);
  }

  async commitBatch(envelopes: readonly Envelope[], payloadJson?: readonly string[], rejected?: readonly (string | null)[]): Promise<CommitOutcome[]> {
    if (envelopes.length === 0) return [];
    return this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [commitLock]);
      const inserted = await client.query<{ bus_id: string; seq: string }>(
        `INSERT INTO event (bus_id, seq, id, kind, at, payload, received_at, rejected)
         SELECT b, s, i, k, a, p::json, now(), r FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           WITH ORDINALITY AS u(b, s, i, k, a, p, r, n) ORDER BY n
         ON CONFLICT DO NOTHING RETURNING bus_id, seq`,
        [
          envelopes.map((e) => e.busId),
          envelopes.map((e) => e.seq),
          envelopes.map((e) => e.id),
          envelopes.map((e) => e.kind),
          envelopes.map((e) => e.at),
          payloadJson ?? envelopes.map((e) => JSON.stringify(e.payload)),
          envelopes.map((_, k) => rejected?.[k] ?? null),
        ],
      );
      const fresh = new Set(inserted.rows.map((r) => `${r.bus_id}\u0000${r.seq}`));
      const outcomes: (CommitOutcome | null)[] = envelopes.map((e) => (fresh.delete(`${e.busId}\u0000${e.seq}`) ? 'committed' : null));
      const others = envelopes.filter((_, k) => outcomes[k] === null);
      if (others.length > 0) {
        // Not inserted: the same event again (duplicate), or another event under its seq or id (conflict).
        const held = await client.query<{ bus_id: string; seq: string; id: string }>(
          'SELECT bus_id, seq, id FROM event WHERE (bus_id, seq) IN (SELECT * FROM unnest($1::text[], $2::bigint[]))',
          [others.map((e) => e.busId), others.map((e) => e.seq)],
        );
        const idAt = new Map(held.rows.map((r) => [`${r.bus_id}\u0000${r.seq}`, r.id]));
        envelopes.forEach((e, k) => {
          if (outcomes[k] === null) outcomes[k] = idAt.get(`${e.busId}\u0000${e.seq}`) === e.id ? 'duplicate' : 'conflict';
        });
      }
      return outcomes as CommitOutcome[];
    });
  }

  /**
   * Runs `work` in a transaction on one pooled connection. A connection that fails is destroyed,
   * not returned to the pool; its 'error' event (the server went away) is expected meanwhile,
   * since the query in flight fails too and carries the reason to the caller.
   */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const expected = () => undefined;
    client.on('error', expected);
    let failure: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      failure = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', expected);
      client.release(failure);
    }
  }

  /** Commits are durable already; the contiguous run above the stored ack is found with one index scan. */
  async makeDurable(busId: string): Promise<number> {
    const result = await this.pool.query<{ committed_seq: string }>(
      `WITH known AS (SELECT coalesce((SELECT committed_seq FROM bus WHERE bus_id = $1), 0) AS c),
       above AS (
         SELECT seq, seq - row_number() OVER (ORDER BY seq) AS run
         FROM (SELECT e.seq FROM event e, known WHERE e.bus_id = $1 AND e.seq > known.c ORDER BY e.seq LIMIT $2) window_rows
       ),
       reached AS (SELECT coalesce((SELECT max(seq) FROM above, known WHERE above.run = known.c), (SELECT c FROM known)) AS seq)
       INSERT INTO bus (bus_id, committed_seq, acked_seq, last_seen) SELECT $1, seq, seq, now() FROM reached
       ON CONFLICT (bus_id) DO UPDATE SET
         committed_seq = greatest(bus.committed_seq, excluded.committed_seq),
         acked_seq = greatest(bus.acked_seq, excluded.acked_seq),
         last_seen = excluded.last_seen
       RETURNING committed_seq`,
      [busId, contiguityWindow],
    );
    return Number(result.rows[0]!.committed_seq);
  }

  async raiseFloor(busId: string, floorSeq: number): Promise<LostRange | null> {
    return this.transaction(async (client) => {
      await client.query('INSERT INTO bus (bus_id) VALUES ($1) ON CONFLICT DO NOTHING', [busId]);
      const stored = await client.query<{ committed_seq: string }>('SELECT committed_seq FROM bus WHERE bus_id = $1 FOR UPDATE', [busId]);
      const from = Number(stored.rows[0]!.committed_seq) + 1;
      if (floorSeq < from) return null;
      const held = await client.query<{ n: string }>('SELECT count(*) AS n FROM event WHERE bus_id = $1 AND seq BETWEEN $2 AND $3', [busId, from, floorSeq]);
      await client.query('UPDATE bus SET committed_seq = $2, acked_seq = greatest(acked_seq, $2) WHERE bus_id = $1', [busId, floorSeq]);
      return { from, to: floorSeq, missing: floorSeq - from + 1 - Number(held.rows[0]!.n) };
    });
  }

  async setOnline(busId: string, online: boolean): Promise<void> {
    await this.pool.query(
      `INSERT INTO bus (bus_id, online, status_at) VALUES ($1, $2, now())
       ON CONFLICT (bus_id) DO UPDATE SET online = excluded.online, status_at = excluded.status_at`,
      [busId, online],
    );
  }

  async setPosition(busId: string, position: unknown): Promise<void> {
    await this.pool.query(
      `INSERT INTO bus (bus_id, position, position_at) VALUES ($1, $2::json, now())
       ON CONFLICT (bus_id) DO UPDATE SET position = excluded.position, position_at = excluded.position_at`,
      [busId, JSON.stringify(position)],
    );
  }

  async quarantine(topic: string, reason: string, payload: Buffer, key?: QuarantineKey): Promise<boolean> {
    const entry = quarantineEntry(topic, reason, payload, this.limits, key);
    return this.transaction(async (client) => {
      // One writer at a time, so receivers on several machines keep to the same quota and cap.
      await client.query('SELECT pg_advisory_xact_lock($1)', [quarantineLock]);
      const found = await client.query<{ held: string; bytes: string; seen: boolean }>(
        `SELECT (SELECT count(*) FROM quarantine WHERE bus_id = $1) AS held, (SELECT coalesce(sum(bytes), 0) FROM quarantine) AS bytes,
           EXISTS (SELECT 1 FROM quarantine WHERE dedup = $2) AS seen`,
        [entry.busId, entry.dedup],
      );
      const { held, bytes, seen } = found.rows[0]!;
      if (seen) return false;
      if (Number(held) >= this.limits.perBus || Number(bytes) + entry.payload.length > this.limits.totalBytes) {
        await client.query(
          `INSERT INTO quarantine_dropped (bus_id, dropped, bytes, last_at) VALUES ($1, 1, $2, now())
           ON CONFLICT (bus_id) DO UPDATE SET dropped = quarantine_dropped.dropped + 1, bytes = quarantine_dropped.bytes + excluded.bytes, last_at = excluded.last_at`,
          [entry.busId, payload.length],
        );
        return false;
      }
      await client.query('INSERT INTO quarantine (topic, reason, payload, received_at, bus_id, dedup, bytes) VALUES ($1, $2, $3, now(), $4, $5, $6)', [
        topic,
        reason.slice(0, 2000),
        entry.payload,
        entry.busId,
        entry.dedup,
        entry.payload.length,
      ]);
      return true;
    });
  }

  async rejectedEvents(limit = 1000): Promise<RejectedEvent[]> {
    const result = await this.pool.query<{ bus_id: string; seq: string; id: string; kind: string; rejected: string; received_at: Date }>(
      'SELECT bus_id, seq, id, kind, rejected, received_at FROM event WHERE rejected IS NOT NULL ORDER BY received_at DESC LIMIT $1',
      [limit],
    );
    return result.rows.map((r) => ({ busId: r.bus_id, seq: Number(r.seq), id: r.id, kind: r.kind, reason: r.rejected, receivedAt: r.received_at.toISOString() }));
  }

  async quarantineDropped(): Promise<DroppedCount[]> {
    const result = await this.pool.query<{ bus_id: string; dropped: string; bytes: string; last_at: Date }>('SELECT bus_id, dropped, bytes, last_at FROM quarantine_dropped ORDER BY bus_id');
    return result.rows.map((r) => ({ busId: r.bus_id, dropped: Number(r.dropped), bytes: Number(r.bytes), lastAt: r.last_at.toISOString() }));
  }

  async recordDownlink(entry: PublishedDownlink): Promise<void> {
    await this.pool.query('INSERT INTO downlink_published (id, target, kind, version, body, published_at) VALUES ($1, $2, $3, $4, $5::json, now())', [
      entry.id,
      entry.target,
      entry.kind,
      entry.version,
      JSON.stringify(entry.body),
    ]);
  }

  async publishedVersion(target: string, kind: string): Promise<number> {
    const result = await this.pool.query<{ version: number | null }>('SELECT max(version) AS version FROM downlink_published WHERE target = $1 AND kind = $2', [target, kind]);
    return result.rows[0]?.version ?? 0;
  }

  async publishedSince(target: string, kind: string, sinceIso: string): Promise<string[]> {
    const result = await this.pool.query<{ body: string }>(
      'SELECT body::text AS body FROM downlink_published WHERE target = $1 AND kind = $2 AND published_at >= $3 ORDER BY published_at',
      [target, kind, sinceIso],
    );
    return result.rows.map((r) => r.body);
  }

  async buses(): Promise<BusRow[]> {
    return (await this.fleetLinks()).map(({ busId, committedSeq, online, statusAt, lastSeen }) => ({ busId, committedSeq, online, statusAt, lastSeen }));
  }

  async fleetLinks(): Promise<FleetLink[]> {
    const result = await this.pool.query<{
      bus_id: string;
      online: boolean;
      status_at: Date | null;
      last_seen: Date | null;
      committed_seq: string;
      position: string | null;
      position_at: Date | null;
      max_seq: string | null;
      oldest_gap_at: string | null;
      last_event_at: string | null;
    }>(
      `SELECT b.bus_id, b.online, b.status_at, b.last_seen, b.committed_seq, b.position::text AS position, b.position_at,
         (SELECT max(seq) FROM event e WHERE e.bus_id = b.bus_id) AS max_seq,
         (SELECT min(at) FROM event e WHERE e.bus_id = b.bus_id AND e.seq > b.committed_seq) AS oldest_gap_at,
         (SELECT at FROM event e WHERE e.bus_id = b.bus_id AND e.seq = b.committed_seq) AS last_event_at
       FROM bus b ORDER BY b.bus_id`,
    );
    return result.rows.map((r) => ({
      busId: r.bus_id,
      committedSeq: Number(r.committed_seq),
      online: r.online,
      statusAt: iso(r.status_at),
      lastSeen: iso(r.last_seen),
      position: r.position,
      positionAt: iso(r.position_at),
      maxSeq: r.max_seq === null ? null : Number(r.max_seq),
      oldestGapAt: r.oldest_gap_at,
      lastEventAt: r.last_event_at,
    }));
  }

  async events(filter: EventFilter = {}): Promise<ReceivedEvent[]> {
    const result = await this.pool.query<EventRecord>(
      `SELECT ${eventColumns} FROM event WHERE ($1::text IS NULL OR bus_id = $1) AND ($2::text IS NULL OR kind = $2)
       ORDER BY bus_id, seq LIMIT $3`,
      [filter.busId ?? null, filter.kind ?? null, filter.limit ?? 1000],
    );
    return result.rows.map(toReceived);
  }

  async eventsAfter(cursor: number, limit: number): Promise<LedgerRow[]> {
    const result = await this.pool.query<{ cursor: string; bus_id: string; id: string; kind: string; at: string; payload: string; received_at: Date }>(
      `SELECT commit_order AS cursor, bus_id, id, kind, at, payload::text AS payload, received_at FROM event
       WHERE commit_order > $1 AND rejected IS NULL ORDER BY commit_order LIMIT $2`,
      [cursor, limit],
    );
    return result.rows.map((r) => ({ cursor: Number(r.cursor), busId: r.bus_id, id: r.id, kind: r.kind, at: r.at, payload: r.payload, receivedAt: r.received_at.toISOString() }));
  }

  async kindPage(kind: string, after: { busId: string; seq: number } | null, limit: number): Promise<ReceivedEvent[]> {
    const result = await this.pool.query<EventRecord>(
      `SELECT ${eventColumns} FROM event WHERE kind = $1 AND (bus_id, seq) > ($2, $3) ORDER BY bus_id, seq LIMIT $4`,
      [kind, after?.busId ?? '', after?.seq ?? 0, limit],
    );
    return result.rows.map(toReceived);
  }

  async kindCounts(): Promise<{ kind: string; events: number }[]> {
    const result = await this.pool.query<{ kind: string; events: string }>('SELECT kind, count(*) AS events FROM event GROUP BY kind ORDER BY kind');
    return result.rows.map((r) => ({ kind: r.kind, events: Number(r.events) }));
  }

  async quarantined(limit = 1000): Promise<QuarantinedRow[]> {
    const result = await this.pool.query<{ bus_id: string; topic: string; reason: string; received_at: Date }>('SELECT bus_id, topic, reason, received_at FROM quarantine ORDER BY id DESC LIMIT $1', [limit]);
    return result.rows.map((r) => ({ busId: r.bus_id, topic: r.topic, reason: r.reason, receivedAt: r.received_at.toISOString() }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The URL with its password replaced, for messages and logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured database.url';
  }
}
