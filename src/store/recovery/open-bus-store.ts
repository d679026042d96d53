import Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../core/clock.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { OpenError } from '../open.ts';
import { outboxPriority } from '../outbox.ts';
import { Store, storageResetKey } from '../store.ts';
import { hasRunBefore, markRun, prepareDataDir, syncDirectoryOf, writeDurably, type DataDirError } from './data-dir.ts';
import { removeSet, salvageOutbox } from './salvage.ts';

export type StorageResetReason = 'corrupt' | 'not-a-database' | 'empty' | 'missing';

/** What the bus did when it found its database unusable (docs/protocol.md §Stream epoch). */
export interface StorageReset {
  reason: StorageResetReason;
  detail: string;
  at: string;
  previousEpoch: string | null;
  epoch: string;
  /** The damaged file, kept beside the new one (its -wal/-shm with the same name). */
  movedTo: string | null;
  carried: number;
  unreadable: number;
}

export interface OpenedBusStore {
  store: Store;
  /** Set when this start replaced a damaged, empty or lost database. */
  reset: StorageReset | null;
}

/** A recovery under way: written before the first rename, removed after the last, so kill -9 anywhere resumes it. */
interface Journal {
  phase: 'moving' | 'building';
  reason: StorageResetReason;
  detail: string;
  at: string;
  movedTo: string | null;
}

type Diagnosis = { healthy: true } | { healthy: false; reason: StorageResetReason; detail: string };

export const busDatabaseName = 'bus.db';

/**
 * The bus database of a data directory, checked before anything uses it: the directory must take
 * writes; a database that fails `PRAGMA quick_check` or is not SQLite, and an empty or missing one
 * where the bus has run before, is moved aside (never deleted or overwritten), and a fresh one
 * holding the old outbox rows that can still be read starts a new stream epoch.
 */
export function openBusStore(dataDir: string, busId: string, clock: Clock): Result<OpenedBusStore, DataDirError | OpenError> {
  const dir = prepareDataDir(dataDir);
  if (!dir.ok) return dir;
  const path = join(dataDir, busDatabaseName);
  const journalPath = `${path}.recovering`;
  let reset: StorageReset | null = null;
  let journal = readJournal(journalPath);
  if (!journal) {
    const diagnosis = diagnose(path, hasRunBefore(dataDir));
    if ('code' in diagnosis) return { ok: false, error: diagnosis };
    if (!diagnosis.healthy) {
      journal = { phase: 'moving', reason: diagnosis.reason, detail: diagnosis.detail, at: clock.now().toISOString(), movedTo: existsSync(path) ? asideName(path, clock.now()) : null };
      writeDurably(journalPath, JSON.stringify(journal));
    }
  }
  if (journal) {
    const rebuilt = recover(path, journalPath, journal, clock);
    if (!rebuilt.ok) return rebuilt;
  }
  const opened = Store.open(path, clock);
  if (!opened.ok) return opened;
  if (journal) {
    reset = JSON.parse(opened.value.getState(storageResetKey)!) as StorageReset;
    rmSync(journalPath, { force: true });
    syncDirectoryOf(journalPath);
  }
  markRun(dataDir, busId, clock.now());
  return ok({ store: opened.value, reset });
}

/** The last storage reset this database records, for the driver screen and the status. */
export function lastStorageReset(store: Store): StorageReset | null {
  const stored = store.getState(storageResetKey);
  return stored === null ? null : (JSON.parse(stored) as StorageReset);
}

function diagnose(path: string, ranBefore: boolean): Diagnosis | { code: OpenError; message: string } {
  if (!existsSync(path)) {
    return ranBefore ? { healthy: false, reason: 'missing', detail: `${path} is gone, although the bus has run in this data directory before` } : { healthy: true };
  }
  // A new WAL database keeps everything in its -wal until the first checkpoint: an empty main file
  // with a WAL beside it is a database, not an empty file.
  const wal = `${path}-wal`;
  if (statSync(path).size === 0 && !(existsSync(wal) && statSync(wal).size > 0)) {
    return ranBefore ? { healthy: false, reason: 'empty', detail: `${path} is empty (0 bytes), although the bus has run in this data directory before` } : { healthy: true };
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const found = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((row) => row.quick_check);
    if (found.length === 1 && found[0] === 'ok') return { healthy: true };
    return { healthy: false, reason: 'corrupt', detail: `quick_check: ${found.join('; ').slice(0, 400)}` };
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '');
    const message = (error as Error).message;
    if (code === 'SQLITE_NOTADB') return { healthy: false, reason: 'not-a-database', detail: `not an SQLite database: ${message}` };
    if (code.startsWith('SQLITE_CORRUPT')) return { healthy: false, reason: 'corrupt', detail: message.slice(0, 400) };
    // Busy, locked, permissions, I/O: nothing says the file is damaged, so it is not touched.
    return { code: 'database-unusable', message: `bus database ${path} cannot be opened: ${message}` };
  } finally {
    try {
      db?.close();
    } catch {
      // A damaged file can fail its close too; the handle is gone either way.
    }
  }
}

/** `bus.db.corrupt-<UTC time>`, with a counter should that name (or its -wal/-shm) exist. */
function asideName(path: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  for (let n = 1; ; n++) {
    const name = `${path}.corrupt-${stamp}${n === 1 ? '' : `-${n}`}`;
    if (!['', '-wal', '-shm'].some((suffix) => existsSync(name + suffix))) return name;
  }
}

/**
 * Moves the damaged set aside (WAL and shared memory first: a WAL left behind would be replayed
 * into the new file), builds the new database under a scratch name, and renames it into place
 * last. Each step can be repeated after kill -9: a rename already made is skipped, the scratch
 * file is rebuilt from the start, and the new database exists at `path` only once complete.
 */
function recover(path: string, journalPath: string, journal: Journal, clock: Clock): Result<void, OpenError> {
  if (journal.phase === 'moving') {
    if (journal.movedTo) {
      for (const suffix of ['-wal', '-shm', '']) {
        if (existsSync(path + suffix) && !existsSync(journal.movedTo + suffix)) renameSync(path + suffix, journal.movedTo + suffix);
      }
    }
    syncDirectoryOf(path);
    journal.phase = 'building';
    writeDurably(journalPath, JSON.stringify(journal));
  }
  // The rename into place is the last step: a database at `path` now is the complete new one.
  if (existsSync(path)) return ok(undefined);
  const fresh = `${path}.new`;
  removeSet(fresh);
  const salvage = journal.movedTo ? salvageOutbox(journal.movedTo, `${path}.salvage`) : { rows: [], unreadable: 0, previousEpoch: null };
  const opened = Store.open(fresh, clock);
  if (!opened.ok) return opened;
  const store = opened.value;
  try {
    store.withTransaction(() => {
      const reset: StorageReset = {
        reason: journal.reason,
        detail: journal.detail,
        at: journal.at,
        previousEpoch: salvage.previousEpoch,
        epoch: store.streamEpoch(),
        movedTo: journal.movedTo,
        carried: salvage.rows.length,
        unreadable: salvage.unreadable,
      };
      const { epoch: _epoch, ...payload } = reset;
      // First in the new stream, so the office learns of the reset before the rows carried across.
      store.outbox.add({ kind: 'storage-reset', at: journal.at, payload, priority: outboxPriority.storageReset });
      for (const row of salvage.rows) store.outbox.carry(row);
      store.setState(storageResetKey, JSON.stringify(reset));
    });
  } catch (error) {
    store.close();
    return err('database-unusable', `bus database ${fresh} could not be built: ${(error as Error).message}`);
  }
  store.close();
  renameSync(fresh, path);
  syncDirectoryOf(path);
  return ok(undefined);
}

function readJournal(path: string): Journal | null {
  if (!existsSync(path)) return null;
  try {
    const journal = JSON.parse(readFileSync(path, 'utf8')) as Journal;
    if ((journal.phase === 'moving' || journal.phase === 'building') && typeof journal.at === 'string') return journal;
  } catch {
    // Torn before its rename: the journal never took effect (written through a temp file).
  }
  return null;
}
