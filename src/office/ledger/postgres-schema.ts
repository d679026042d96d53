import type pg from 'pg';

/**
 * The ledger's schema in PostgreSQL, numbered like the SQLite migrations. Append only. Payloads
 * are `json` (kept as received, including escapes `jsonb` refuses, such as \u0000).
 */
const migrations: readonly { name: string; sql: string }[] = [
  {
    name: 'received events, buses, quarantine, published downlinks',
    sql: `
      CREATE TABLE event (
        commit_order bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        bus_id text NOT NULL,
        seq bigint NOT NULL,
        id text NOT NULL UNIQUE,
        kind text NOT NULL,
        at text NOT NULL,
        payload json NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (bus_id, seq)
      );
      CREATE INDEX event_kind_at ON event (kind, at);
      CREATE TABLE bus (
        bus_id text PRIMARY KEY,
        committed_seq bigint NOT NULL DEFAULT 0,
        acked_seq bigint NOT NULL DEFAULT 0,
        online boolean NOT NULL DEFAULT false,
        status_at timestamptz,
        last_seen timestamptz,
        position json,
        position_at timestamptz
      );
      CREATE TABLE quarantine (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        topic text NOT NULL,
        reason text NOT NULL,
        payload bytea NOT NULL,
        received_at timestamptz NOT NULL
      );
      CREATE TABLE downlink_published (
        id text PRIMARY KEY,
        target text NOT NULL,
        kind text NOT NULL,
        version integer,
        body json NOT NULL,
        published_at timestamptz NOT NULL
      );
      CREATE INDEX downlink_published_kind ON downlink_published (target, kind, version);`,
  },
  {
    // As SQLite's containment-schema.ts: rejected events kept but marked, a bounded quarantine.
    name: 'rejected events, bounded quarantine',
    sql: `
      ALTER TABLE event ADD COLUMN rejected text;
      CREATE INDEX event_rejected ON event (received_at) WHERE rejected IS NOT NULL;
      ALTER TABLE quarantine ADD COLUMN bus_id text NOT NULL DEFAULT '';
      ALTER TABLE quarantine ADD COLUMN dedup text UNIQUE;
      ALTER TABLE quarantine ADD COLUMN bytes integer NOT NULL DEFAULT 0;
      UPDATE quarantine SET bytes = length(payload);
      CREATE INDEX quarantine_bus ON quarantine (bus_id);
      CREATE TABLE quarantine_dropped (
        bus_id text PRIMARY KEY,
        dropped bigint NOT NULL,
        bytes bigint NOT NULL,
        last_at timestamptz NOT NULL
      );`,
  },
  {
    // As SQLite's stream-schema.ts: events keyed by (bus, stream epoch, seq), per-stream acks, resets.
    name: 'events keyed by (bus, stream epoch, seq)',
    sql: `
      ALTER TABLE event ADD COLUMN epoch text NOT NULL DEFAULT '';
      ALTER TABLE event DROP CONSTRAINT event_pkey;
      ALTER TABLE event ADD PRIMARY KEY (bus_id, epoch, seq);
      CREATE TABLE event_alias (
        bus_id text NOT NULL,
        epoch text NOT NULL,
        seq bigint NOT NULL,
        id text NOT NULL,
        PRIMARY KEY (bus_id, epoch, seq)
      );
      CREATE TABLE bus_stream (
        bus_id text NOT NULL,
        epoch text NOT NULL,
        committed_seq bigint NOT NULL DEFAULT 0,
        first_seen timestamptz NOT NULL,
        PRIMARY KEY (bus_id, epoch)
      );
      INSERT INTO bus_stream (bus_id, epoch, committed_seq, first_seen)
        SELECT bus_id, '', committed_seq, coalesce(last_seen, status_at, now()) FROM bus
        WHERE committed_seq > 0 OR EXISTS (SELECT 1 FROM event e WHERE e.bus_id = bus.bus_id);
      ALTER TABLE bus ADD COLUMN epoch text NOT NULL DEFAULT '';
      ALTER TABLE bus ADD COLUMN streams integer NOT NULL DEFAULT 1;
      ALTER TABLE bus ADD COLUMN reset_at timestamptz;`,
  },
];

/** Serialises schema changes between receivers starting at once (any constant both agree on). */
const schemaLock = 7_245_001;

/**
 * Brings the database to this release's schema in one transaction; a database from a newer
 * release is refused untouched (an older receiver must not write a schema it does not know).
 */
export async function migratePostgres(client: pg.ClientBase): Promise<{ from: number; to: number }> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [schemaLock]);
    await client.query('CREATE TABLE IF NOT EXISTS lianxin_schema (version integer NOT NULL)');
    const found = await client.query<{ version: number }>('SELECT version FROM lianxin_schema');
    const from = found.rows[0]?.version ?? 0;
    if (from > migrations.length) {
      throw new Error(`the office database is at schema version ${from}, newer than this release (${migrations.length}); upgrade lianxin`);
    }
    for (const migration of migrations.slice(from)) await client.query(migration.sql);
    if (found.rows.length === 0) await client.query('INSERT INTO lianxin_schema (version) VALUES ($1)', [migrations.length]);
    else await client.query('UPDATE lianxin_schema SET version = $1', [migrations.length]);
    await client.query('COMMIT');
    return { from, to: migrations.length };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
