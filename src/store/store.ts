import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { ok, type Result } from '../core/result.ts';
import { busMigrations } from './migrations/index.ts';
import { openDatabase, openExistingDatabase, type ExistingOpenError, type OpenError } from './open.ts';
import { Outbox, outboxPriority } from './outbox.ts';

const streamEpochKey = 'stream_epoch';
/** Set when the epoch was made for a database that already had outbox seqs: they are the office's legacy stream. */
const legacyStreamKey = 'stream_epoch_continues_legacy';
/** What the last storage reset was (JSON of StorageReset), for the driver screen and the status. */
export const storageResetKey = 'storage_reset';

/** The fields every trip event has (src/trip's TripEvent); the rest is kept as detail. */
export interface StoredTripEvent {
  type: string;
  stopId?: string | null;
  lap: number;
  /** GNSS time, ISO. */
  time: string;
  distance: number;
}

/**
 * The bus's one database. Methods are synchronous (better-sqlite3); a domain write and its outbox
 * row always commit together through withTransaction.
 */
export class Store {
  readonly outbox: Outbox;

  private constructor(
    readonly db: Database.Database,
    private readonly clock: Clock,
  ) {
    this.outbox = new Outbox(db, clock);
  }

  static open(path: string, clock: Clock): Result<Store, OpenError> {
    const opened = openDatabase(path, busMigrations, 'bus');
    if (!opened.ok) return opened;
    const store = new Store(opened.value, clock);
    // A database's stream epoch is made once and kept (docs/protocol.md §Stream epoch): one from
    // before epochs gets its first here; a recreated database, with seqs from 1 again, a new one.
    if (store.getState(streamEpochKey) === null) {
      store.withTransaction(() => {
        // Seqs already numbered before epochs existed stay the office's legacy stream: the bus goes
        // on sending them without an epoch, as before, so no office has to guess where it continues.
        if (store.outbox.stats().lastSeq > 0) store.setState(legacyStreamKey, '1');
        store.setState(streamEpochKey, randomBytes(16).toString('hex'));
      });
    }
    return ok(store);
  }

  /** This database's stream epoch: 32 hex digits, the same for as long as the database lives. */
  streamEpoch(): string {
    return this.getState(streamEpochKey)!;
  }

  /**
   * The epoch the envelopes and acks carry (docs/protocol.md §Stream epoch), or null for a database
   * whose seqs began before epochs: its stream is the legacy one, sent and acknowledged without.
   */
  wireEpoch(): string | null {
    return this.getState(legacyStreamKey) === null ? this.streamEpoch() : null;
  }

  /**
   * The bus database as a tool beside the running bus opens it: it must exist with this release's
   * schema (nothing is created or migrated); `read` never writes.
   */
  static openExisting(path: string, clock: Clock, mode: 'read' | 'write'): Result<Store, ExistingOpenError> {
    const opened = openExistingDatabase(path, busMigrations, 'bus', mode);
    if (!opened.ok) return opened;
    return ok(new Store(opened.value, clock));
  }

  get path(): string {
    return this.db.name;
  }

  /** Runs fn in one IMMEDIATE transaction; nested calls join it (savepoints). */
  withTransaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return this.db.transaction(fn)();
    return this.db.transaction(fn).immediate();
  }

  getState(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM state WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setState(key: string, value: string): void {
    this.db
      .prepare(
        `INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, value, this.clock.now().toISOString());
  }

  /** A trip event, its outbox row and (optionally) the tracker state that produced it, atomically. */
  recordTripEvents(events: readonly StoredTripEvent[], trackerState?: { key: string; json: string }): void {
    if (events.length === 0 && trackerState === undefined) return;
    const insert = this.db.prepare(
      'INSERT INTO trip_event (type, stop_id, lap, at, distance, detail) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.withTransaction(() => {
      for (const event of events) {
        const { type, stopId, lap, time, distance, ...detail } = event;
        insert.run(type, stopId ?? null, lap, time, distance, JSON.stringify(detail));
        this.outbox.add({ kind: 'trip', at: time, payload: event, priority: outboxPriority.trip });
      }
      if (trackerState) this.setState(trackerState.key, trackerState.json);
    });
  }

  recentTripEvents(limit = 50): (StoredTripEvent & Record<string, unknown>)[] {
    const rows = this.db
      .prepare('SELECT type, stop_id, lap, at, distance, detail FROM trip_event ORDER BY id DESC LIMIT ?')
      .all(limit) as { type: string; stop_id: string | null; lap: number; at: string; distance: number; detail: string }[];
    return rows.map((r) => ({
      ...(JSON.parse(r.detail) as Record<string, unknown>),
      type: r.type,
      stopId: r.stop_id,
      lap: r.lap,
      time: r.at,
      distance: r.distance,
    }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
