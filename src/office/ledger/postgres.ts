import pg from 'pg';
import type { Envelope } from '../../protocol/envelope.ts';
import { migratePostgres } from './postgres-schema.ts';
import { defaultQuarantineLimits, quarantineEntry, type QuarantineKey, type QuarantineLimits } from './quarantine-policy.ts';
import type { BusRow, CommitOutcome, PageKey, DroppedCount, EventFilter, EventLedger, FleetLink, LedgerRow, LostRange, PublishedDownlink, QuarantinedRow, ReceivedEvent, RejectedEvent } from './types.ts';

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
  epoch: string;
  seq: string;
  id: string;
  kind: string;
  at: string;
  payload: string;
  received_at: Date;
}

const eventColumns = 'bus_id, epoch, seq, id, kind, at, payload::text AS payload, received_at';

const toReceived = (r: EventRecord): ReceivedEvent => ({
  v: 1,
  busId: r.bus_id,
  ...(r.epoch === '' ? {} : { epoch: r.epoch }),
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
  /** The streams of the last batch: a backlog's batches are all one stream, known already. */
  private lastKnownStreams = '';

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
      const epochs = envelopes.map((e) => e.epoch ?? '');
      const inserted = await client.query<{ bus_id: string; epoch: string; seq: string }>(
        `INSERT INTO event (bus_id, epoch, seq, id, kind, at, payload, received_at, rejected)
         SELECT b, ep, s, i, k, a, p::json, now(), r FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
           WITH ORDINALITY AS u(b, ep, s, i, k, a, p, r, n) ORDER BY n
         ON CONFLICT DO NOTHING RETURNING bus_id, epoch, seq`,
        [
          envelopes.map((e) => e.busId),
          epochs,
          envelopes.map((e) => e.seq),
          envelopes.map((e) => e.id),
          envelopes.map((e) => e.kind),
          envelopes.map((e) => e.at),
          payloadJson ?? envelopes.map((e) => JSON.stringify(e.payload)),
          envelopes.map((_, k) => rejected?.[k] ?? null),
        ],
      );
      const key = (busId: string, epoch: string, seq: string | number) => `${busId}\u0000${epoch}\u0000${seq}`;
      const fresh = new Set(inserted.rows.map((r) => key(r.bus_id, r.epoch, r.seq)));
      const outcomes: (CommitOutcome | null)[] = envelopes.map((e, k) => (fresh.delete(key(e.busId, epochs[k]!, e.seq)) ? 'committed' : null));
      const touched = envelopes.filter((_, k) => outcomes[k] !== null);
      const others = envelopes.map((e, k) => ({ e, k })).filter(({ k }) => outcomes[k] === null);
      if (others.length > 0) {
        // Not inserted: the same event again (duplicate), another event under its key or id
        // (conflict), or the same bus's event carried into a new stream (a duplicate whose new seq
        // still counts towards that stream's ack, through event_alias).
        const args = [others.map(({ e }) => e.busId), others.map(({ k }) => epochs[k]!), others.map(({ e }) => e.seq)];
        const held = await client.query<{ bus_id: string; epoch: string; seq: string; id: string }>(
          `SELECT bus_id, epoch, seq, id FROM event WHERE (bus_id, epoch, seq) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]))
           UNION ALL SELECT bus_id, epoch, seq, id FROM event_alias WHERE (bus_id, epoch, seq) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]))`,
          args,
        );
        const idAt = new Map(held.rows.map((r) => [key(r.bus_id, r.epoch, r.seq), r.id]));
        const owners = await client.query<{ id: string; bus_id: string; epoch: string }>('SELECT id, bus_id, epoch FROM event WHERE id = ANY($1::text[])', [others.map(({ e }) => e.id)]);
        const ownerOf = new Map(owners.rows.map((r) => [r.id, r]));
        const aliases: { e: Envelope; epoch: string }[] = [];
        for (const { e, k } of others) {
          const at = idAt.get(key(e.busId, epochs[k]!, e.seq));
          if (at !== undefined) outcomes[k] = at === e.id ? 'duplicate' : 'conflict';
          else if (ownerOf.get(e.id)?.bus_id === e.busId && ownerOf.get(e.id)?.epoch !== epochs[k]) {
            outcomes[k] = 'duplicate';
            aliases.push({ e, epoch: epochs[k]! });
            idAt.set(key(e.busId, epochs[k]!, e.seq), e.id);
          } else outcomes[k] = 'conflict';
        }
        if (aliases.length > 0) {
          await client.query(
            'INSERT INTO event_alias (bus_id, epoch, seq, id) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) ON CONFLICT DO NOTHING',
            [aliases.map((a) => a.e.busId), aliases.map((a) => a.epoch), aliases.map((a) => a.e.seq), aliases.map((a) => a.e.id)],
          );
          touched.push(...aliases.map((a) => a.e));
        }
      }
      await this.noteStreams(client, touched);
      return outcomes as CommitOutcome[];
    });
  }

  /**
   * Streams seen for the first time: a bus's first, or a reset (its database was recreated), which
   * becomes the bus's current stream, whose ack the bus waits for, and is shown on the fleet page.
   */
  private async noteStreams(client: pg.PoolClient, envelopes: readonly Envelope[]): Promise<void> {
    const streams = new Map(envelopes.map((e) => [`${e.busId}\u0000${e.epoch ?? ''}`, { busId: e.busId, epoch: e.epoch ?? '' }]));
    const known = `${[...streams.values()].map((s) => `${s.busId}\u0000${s.epoch}`).sort().join('|')}`;
    if (known === this.lastKnownStreams) return;
    await this.createStreams(client, [...streams.values()]);
    this.lastKnownStreams = known;
  }

  /** Creates the streams not held yet; each one created becomes its bus's current stream. */
  private async createStreams(client: pg.PoolClient, streams: readonly { busId: string; epoch: string }[]): Promise<void> {
    const created = await client.query<{ bus_id: string; epoch: string }>(
      `INSERT INTO bus_stream (bus_id, epoch, first_seen) SELECT b, e, now() FROM unnest($1::text[], $2::text[]) AS u(b, e)
       ON CONFLICT DO NOTHING RETURNING bus_id, epoch`,
      [streams.map((s) => s.busId), streams.map((s) => s.epoch)],
    );
    for (const { bus_id: busId, epoch } of created.rows) {
      await client.query(
        `WITH n AS (SELECT count(*)::int AS streams FROM bus_stream WHERE bus_id = $1)
         INSERT INTO bus (bus_id, epoch, streams, reset_at) SELECT $1, $2, n.streams, CASE WHEN n.streams > 1 THEN now() END FROM n
         ON CONFLICT (bus_id) DO UPDATE SET epoch = excluded.epoch, streams = excluded.streams, reset_at = coalesce(excluded.reset_at, bus.reset_at),
           committed_seq = CASE WHEN bus.epoch = excluded.epoch THEN bus.committed_seq ELSE 0 END,
           acked_seq = CASE WHEN bus.epoch = excluded.epoch THEN bus.acked_seq ELSE 0 END`,
        [busId, epoch],
      );
    }
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

  /** Commits are durable already; the contiguous run above the stream's stored ack is found with one index scan. */
  async makeDurable(busId: string, epoch = ''): Promise<number> {
    const result = await this.pool.query<{ committed_seq: string }>(
      `WITH known AS (SELECT coalesce((SELECT committed_seq FROM bus_stream WHERE bus_id = $1 AND epoch = $3), 0) AS c),
       held AS (
         SELECT e.seq FROM event e, known WHERE e.bus_id = $1 AND e.epoch = $3 AND e.seq > known.c
         UNION SELECT a.seq FROM event_alias a, known WHERE a.bus_id = $1 AND a.epoch = $3 AND a.seq > known.c
       ),
       above AS (SELECT seq, seq - row_number() OVER (ORDER BY seq) AS run FROM (SELECT seq FROM held ORDER BY seq LIMIT $2) window_rows),
       reached AS (SELECT coalesce((SELECT max(seq) FROM above, known WHERE above.run = known.c), (SELECT c FROM known)) AS seq),
       stream AS (
         INSERT INTO bus_stream (bus_id, epoch, committed_seq, first_seen) SELECT $1, $3, seq, now() FROM reached
         ON CONFLICT (bus_id, epoch) DO UPDATE SET committed_seq = greatest(bus_stream.committed_seq, excluded.committed_seq)
         RETURNING committed_seq
       ),
       -- The bus row shows the current stream; an older stream's late events only touch last_seen.
       bus_row AS (
         INSERT INTO bus (bus_id, committed_seq, acked_seq, last_seen, epoch) SELECT $1, committed_seq, committed_seq, now(), $3 FROM stream
         ON CONFLICT (bus_id) DO UPDATE SET
           committed_seq = CASE WHEN bus.epoch = $3 THEN greatest(bus.committed_seq, excluded.committed_seq) ELSE bus.committed_seq END,
           acked_seq = CASE WHEN bus.epoch = $3 THEN greatest(bus.acked_seq, excluded.acked_seq) ELSE bus.acked_seq END,
           last_seen = excluded.last_seen
       )
       SELECT committed_seq FROM stream`,
      [busId, contiguityWindow, epoch],
    );
    return Number(result.rows[0]!.committed_seq);
  }

  async currentEpoch(busId: string): Promise<string> {
    const result = await this.pool.query<{ epoch: string }>('SELECT epoch FROM bus WHERE bus_id = $1', [busId]);
    return result.rows[0]?.epoch ?? '';
  }

  async raiseFloor(busId: string, floorSeq: number, epoch = ''): Promise<LostRange | null> {
    return this.transaction(async (client) => {
      // A status can announce a stream before its first event: it is the bus's current one as well.
      await this.createStreams(client, [{ busId, epoch }]);
      const stored = await client.query<{ committed_seq: string }>('SELECT committed_seq FROM bus_stream WHERE bus_id = $1 AND epoch = $2 FOR UPDATE', [busId, epoch]);
      const from = Number(stored.rows[0]!.committed_seq) + 1;
      if (floorSeq < from) return null;
      const held = await client.query<{ n: string }>('SELECT count(*) AS n FROM event WHERE bus_id = $1 AND epoch = $2 AND seq BETWEEN $3 AND $4', [busId, epoch, from, floorSeq]);
      await client.query('UPDATE bus_stream SET committed_seq = $3 WHERE bus_id = $1 AND epoch = $2', [busId, epoch, floorSeq]);
      await client.query(
        `INSERT INTO bus (bus_id, committed_seq, acked_seq, epoch) VALUES ($1, $2, $2, $3)
         ON CONFLICT (bus_id) DO UPDATE SET committed_seq = CASE WHEN bus.epoch = $3 THEN $2 ELSE bus.committed_seq END,
           acked_seq = CASE WHEN bus.epoch = $3 THEN greatest(bus.acked_seq, $2) ELSE bus.acked_seq END`,
        [busId, floorSeq, epoch],
      );
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
    return (await this.fleetLinks()).map(({ busId, epoch, committedSeq, online, statusAt, lastSeen }) => ({ busId, epoch, committedSeq, online, statusAt, lastSeen }));
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
      epoch: string;
      streams: number;
      reset_at: Date | null;
      reset_report: string | null;
    }>(
      `SELECT b.bus_id, b.epoch, b.streams, b.reset_at, b.online, b.status_at, b.last_seen, b.committed_seq, b.position::text AS position, b.position_at,
         (SELECT max(seq) FROM event e WHERE e.bus_id = b.bus_id AND e.epoch = b.epoch) AS max_seq,
         (SELECT min(at) FROM event e WHERE e.bus_id = b.bus_id AND e.epoch = b.epoch AND e.seq > b.committed_seq) AS oldest_gap_at,
         (SELECT at FROM event e WHERE e.bus_id = b.bus_id AND e.epoch = b.epoch AND e.seq = b.committed_seq) AS last_event_at,
         (SELECT payload::text FROM event e WHERE e.bus_id = b.bus_id AND e.kind = 'storage-reset' AND e.rejected IS NULL ORDER BY e.commit_order DESC LIMIT 1) AS reset_report
       FROM bus b ORDER BY b.bus_id`,
    );
    return result.rows.map((r) => ({
      busId: r.bus_id,
      epoch: r.epoch,
      streams: r.streams,
      resetAt: iso(r.reset_at),
      resetReport: r.reset_report === null ? null : (JSON.parse(r.reset_report) as Record<string, unknown>),
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
       ORDER BY bus_id, epoch, seq LIMIT $3`,
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

  async kindPage(kind: string, after: PageKey | null, limit: number): Promise<ReceivedEvent[]> {
    const result = await this.pool.query<EventRecord>(
      `SELECT ${eventColumns} FROM event WHERE kind = $1 AND (bus_id, epoch, seq) > ($2, $3, $4) ORDER BY bus_id, epoch, seq LIMIT $5`,
      [kind, after?.busId ?? '', after?.epoch ?? '', after?.seq ?? 0, limit],
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
