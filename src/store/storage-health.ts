import { Emitter } from '../core/emitter.ts';
import { err, ok, type Result } from '../core/result.ts';

/** The two ways storage fails that the kiosk survives: no room left, or the device refuses writes. */
export type StorageFailureCode = 'disk-full' | 'storage-error';

/** The storage problem standing now (null: the last write went through). */
export interface StorageProblem {
  code: StorageFailureCode;
  /** When writes began to fail (ISO, the bus computer's clock). */
  since: string;
  /** SQLite's or the OS's own words, for the log and the office. */
  detail: string;
}

const messages: Record<StorageFailureCode, string> = {
  'disk-full': 'the bus disk is full: this record was NOT saved. Tell the office; the bus needs its data sent or the disk replaced.',
  'storage-error': 'the bus storage refused the write (I/O error or read-only): this record was NOT saved. Tell the office.',
};

/**
 * Which storage failure an exception is, or null when it is something else (a bug: let it throw).
 * SQLITE_FULL and ENOSPC are a full disk; SQLITE_IOERR_*, SQLITE_READONLY_*, EIO and EROFS a device
 * that cannot write now.
 */
export function storageFailureOf(error: unknown): StorageFailureCode | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'disk-full';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY') || code === 'EIO' || code === 'EROFS') return 'storage-error';
  return null;
}

/**
 * The one guard every write of the bus goes through: a storage failure becomes an expected
 * failure value (nothing of that write was saved) and the problem stands until a later write
 * succeeds, so the screens and the status say so and clear by themselves when space returns.
 */
export class StorageHealth {
  /** Fires when a problem begins, changes kind, or clears (null). */
  readonly changes = new Emitter<StorageProblem | null>('storage-health');
  private current: StorageProblem | null = null;

  constructor(private readonly now: () => Date = () => new Date()) {}

  guard<T>(write: () => T): Result<T, StorageFailureCode> {
    let value: T;
    try {
      value = write();
    } catch (error) {
      return this.failed(error);
    }
    this.succeeded();
    return ok(value);
  }

  /** As guard, for a write that was already attempted: the failure value, or a rethrow of a bug. */
  failed(error: unknown): Result<never, StorageFailureCode> {
    const code = storageFailureOf(error);
    if (code === null) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    if (this.current?.code !== code) {
      this.current = { code, since: this.now().toISOString(), detail };
      console.error(`storage: writes fail (${code}): ${detail}; the bus goes on in memory and retries`);
      this.changes.emit(this.current);
    }
    return err(code, messages[code]);
  }

  succeeded(): void {
    if (this.current === null) return;
    console.warn(`storage: writes work again (they failed with ${this.current.code} since ${this.current.since})`);
    this.current = null;
    this.changes.emit(null);
  }

  problem(): StorageProblem | null {
    return this.current;
  }
}
