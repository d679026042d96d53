import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { envelopeSchema } from '../../protocol/envelope.ts';
import { nestsTooDeep, payloadProblem } from '../../protocol/payloads.ts';
import type { CarriedOutboxRow } from '../outbox.ts';

/** Seqs probed one by one past a damaged page; beyond this the rest counts as unreadable. */
const maxProbes = 1_000_000;
/** Without a known last seq, probing stops after this many seqs in a row gave nothing. */
const maxMissesWithoutBound = 10_000;

export interface Salvage {
  rows: CarriedOutboxRow[];
  /** Rows that were there (by seq) but could not be read or are not valid events any more. */
  unreadable: number;
  previousEpoch: string | null;
}

interface RawRow {
  seq: number;
  id: unknown;
  kind: unknown;
  at: unknown;
  payload: unknown;
  priority: unknown;
  created_at: unknown;
}

const columns = 'seq, id, kind, at, payload, priority, created_at';

/**
 * Reads what can still be read of a damaged bus database's outbox: every row still there (the
 * office acknowledged none of them; those it holds anyway it knows by id). The moved-aside file is
 * never opened itself (SQLite could write to it: WAL recovery, a checkpoint at close); a scratch
 * copy is read and removed.
 */
export function salvageOutbox(movedAside: string, scratch: string): Salvage {
  removeSet(scratch);
  if (!existsSync(movedAside)) return { rows: [], unreadable: 0, previousEpoch: null };
  for (const suffix of ['', '-wal']) if (existsSync(movedAside + suffix)) copyFileSync(movedAside + suffix, scratch + suffix);
  fitHeaderToLength(scratch);
  let db: Database.Database | null = null;
  try {
    db = new Database(scratch, { fileMustExist: true });
    return readRows(db);
  } catch {
    return { rows: [], unreadable: 0, previousEpoch: null };
  } finally {
    db?.close();
    removeSet(scratch);
  }
}

/**
 * A truncated file still claims its old page count in its header, and SQLite then refuses even
 * its schema page; told the pages it really has, it reads every row on them.
 */
function fitHeaderToLength(path: string): void {
  const bytes = readFileSync(path);
  if (bytes.length < 100 || bytes.subarray(0, 16).toString('latin1') !== 'SQLite format 3\u0000') return;
  const raw = bytes.readUInt16BE(16);
  const pageSize = raw === 1 ? 65_536 : raw;
  if (pageSize < 512) return;
  const pages = Math.floor(bytes.length / pageSize);
  if (pages === 0 || (pages === bytes.readUInt32BE(28) && bytes.length % pageSize === 0)) return;
  const fitted = bytes.subarray(0, pages * pageSize);
  fitted.writeUInt32BE(pages, 28);
  writeFileSync(path, fitted);
}

/** A database file with its WAL, shared-memory and rollback journal files. */
export function removeSet(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

function readRows(db: Database.Database): Salvage {
  const previousEpoch = attempt(() => {
    const value = (db.prepare("SELECT value FROM state WHERE key = 'stream_epoch'").pluck().get() as unknown) ?? null;
    return typeof value === 'string' && /^[0-9a-f]{32}$/.test(value) ? value : null;
  }) ?? null;
  const rows: CarriedOutboxRow[] = [];
  let unreadable = 0;
  const take = (raw: RawRow) => {
    const row = valid(raw);
    if (row) rows.push(row);
    else unreadable++;
  };
  const whole = attempt(() => db.prepare(`SELECT ${columns} FROM outbox ORDER BY seq`).all() as RawRow[]);
  if (whole) {
    whole.forEach(take);
    return { rows, unreadable, previousEpoch };
  }
  // A damaged page stops a scan: read the rows one seq at a time, between the bounds when they can
  // be found, else from 1 until a long run of seqs finds nothing (a truncated file loses its end).
  const high =
    attempt(() => db.prepare('SELECT max(seq) FROM outbox').pluck().get() as number | null) ??
    attempt(() => db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").pluck().get() as number | null) ??
    null;
  const low = attempt(() => db.prepare('SELECT min(seq) FROM outbox').pluck().get() as number | null) ?? 1;
  const one = attempt(() => db.prepare(`SELECT ${columns} FROM outbox WHERE seq = ?`));
  if (!one || low === null) return { rows, unreadable, previousEpoch };
  const last = Math.min(high ?? Number.MAX_SAFE_INTEGER, low + maxProbes - 1);
  let misses = 0;
  for (let seq = low; seq <= last && (high !== null || misses < maxMissesWithoutBound); seq++) {
    const found = attempt(() => ({ raw: one.get(seq) as RawRow | undefined }));
    if (found?.raw) {
      misses = 0;
      take(found.raw);
    } else {
      misses++;
      if (!found && high !== null) unreadable++;
    }
  }
  if (high !== null && high > last) unreadable += high - last;
  return { rows, unreadable, previousEpoch };
}

/** A row that is still a valid event of its kind, or null (damage can leave any bytes in a field). */
function valid(raw: RawRow): CarriedOutboxRow | null {
  const { id, kind, at, payload, priority, created_at: createdAt } = raw;
  if (typeof payload !== 'string' || typeof priority !== 'number' || !Number.isInteger(priority) || typeof createdAt !== 'string') return null;
  if (!envelopeSchema.pick({ id: true, kind: true, at: true }).safeParse({ id, kind, at }).success) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  if (nestsTooDeep(payload) || payloadProblem(kind as string, parsed) !== null) return null;
  return { id: id as string, kind: kind as string, at: at as string, payloadJson: payload, priority, createdAt };
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
