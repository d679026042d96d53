import type Database from 'better-sqlite3';
import type { Clock } from '../core/clock.ts';
import { err, ok, type Result } from '../core/result.ts';
import { openDatabase, type OpenError } from '../store/open.ts';
import type { QuarantineLimits } from './ledger/quarantine-policy.ts';
import { SqliteLedger } from './ledger/sqlite.ts';
import type { EventLedger } from './ledger/types.ts';
import { officeMigrations } from './migrations.ts';

export type { BusRow, ReceivedEvent } from './ledger/types.ts';

/**
 * The office's data: the ledger of received events (see EventLedger) and the dashboard's own
 * SQLite file (staff, sessions, cases, read models). Without a database URL the ledger lives in
 * that same file; with a postgres:// URL it lives in PostgreSQL, shared by the fleet's receivers.
 */
export class OfficeStore {
  private constructor(
    readonly db: Database.Database,
    readonly ledger: EventLedger,
  ) {}

  static async open(
    path: string,
    clock: Clock,
    databaseUrl?: string,
    options: { quarantine?: QuarantineLimits } = {},
  ): Promise<Result<OfficeStore, OpenError | 'ledger-unusable'>> {
    const opened = openDatabase(path, officeMigrations, 'office');
    if (!opened.ok) return opened;
    const db = opened.value;
    // Receiver commits skip the fsync; the ledger's makeDurable syncs before any ack. A larger WAL
    // between checkpoints and a larger cache keep each commit to a few page writes.
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma('cache_size = -32000');
    if (databaseUrl === undefined) return ok(new OfficeStore(db, new SqliteLedger(db, clock, options.quarantine)));
    try {
      return ok(new OfficeStore(db, await (await import('./ledger/postgres.ts')).PostgresLedger.open(databaseUrl, { quarantine: options.quarantine })));
    } catch (error) {
      db.close();
      return err('ledger-unusable', `office ledger: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    await this.ledger.close();
    if (this.db.open) this.db.close();
  }
}
