import { existsSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from '../core/clock.ts';
import { contained } from '../core/contained.ts';
import { delays } from '../core/delays.ts';
import { outboxPriority } from './outbox.ts';
import type { StorageProblem } from './storage-health.ts';
import type { Store } from './store.ts';

/** Bytes held back in the data directory so the outbox can record that the disk ran out. */
export const storageReserveBytes = 1024 * 1024;
export const storageReserveFile = 'storage-reserve';
export const storageProblemKind = 'storage-problem';

/**
 * Keeps a reserve file beside the bus database and tells the office when writes fail: the moment
 * the disk is full the reserve is deleted and a `storage-problem` row (began) is written into the
 * room it leaves; once there is room again for the reserve and more, an `ended` row follows and
 * the reserve is made again. Returns the function that stops it.
 */
export function recordStorageProblems(store: Store, clock: Clock, checkMs: number = delays.outboxMaintenanceMs): () => void {
  const reserve = join(dirname(store.path), storageReserveFile);
  let open: StorageProblem | null = null;
  const record = (problem: StorageProblem, phase: 'began' | 'ended') => {
    try {
      const at = clock.now().toISOString();
      store.withTransaction(() =>
        store.outbox.add({ kind: storageProblemKind, at, payload: { code: problem.code, phase, since: problem.since, at, detail: problem.detail.slice(0, 500) }, priority: outboxPriority.storageProblem }),
      );
      return true;
    } catch (error) {
      console.error(`storage: could not record that writes ${phase === 'began' ? 'fail' : 'work again'}: ${(error as Error).message}`);
      return false;
    }
  };
  /** Room again for the reserve and as much more: the stretch is over; the reserve is made again. */
  const settle = () => {
    if (store.outbox.health.problem() !== null) return;
    if (freeBytes(reserve) < 2 * storageReserveBytes + (existsSync(reserve) ? 0 : storageReserveBytes)) return;
    if (open && !record(open, 'ended')) return;
    open = null;
    makeReserve(reserve);
  };
  settle();
  const off = store.outbox.health.changes.on((problem) => {
    if (problem === null) return settle();
    if (open) return;
    open = problem;
    // Synchronous, in this one turn of the event loop: no other write of the bus takes the freed room first.
    if (existsSync(reserve)) unlinkSync(reserve);
    if (!record(problem, 'began')) open = null;
  }, 'storage reserve');
  const timer = setInterval(contained('storage reserve check', settle), checkMs);
  timer.unref();
  return () => {
    off();
    clearInterval(timer);
  };
}

function freeBytes(path: string): number {
  const fs = statfsSync(dirname(path));
  return fs.bavail * fs.bsize;
}

function makeReserve(path: string): void {
  if (existsSync(path)) return;
  try {
    writeFileSync(path, Buffer.alloc(storageReserveBytes));
  } catch (error) {
    // A part-written reserve would hold room without being one: none, until there is room.
    if (existsSync(path)) unlinkSync(path);
    console.warn(`storage: no reserve kept (${(error as Error).message})`);
  }
}
