import type { Clock } from '../core/clock.ts';
import { delays } from '../core/delays.ts';
import { uuidv7 } from '../core/ids.ts';
import { err, ok, type Result } from '../core/result.ts';
import { outboxPriority } from '../store/outbox.ts';
import type { Store } from '../store/store.ts';

/** The kind synthetic link checks travel as; the office stores and exports it like any other. */
export const testLoadKind = 'diagnostic';

export const testLoadLimits = {
  /** A sanity bound (a million events is ~300 MB of database); the outbox byte bound usually binds first. */
  maxEvents: 1_000_000,
  /** Padding per event; an envelope stays far below maxEnvelopeBytes (256 KiB). */
  maxPadBytes: 64 * 1024,
  /** Rows per transaction: a kill leaves whole chunks, and the bus's own writes wait at most one chunk. */
  chunkSize: 1000,
} as const;

export interface TestLoadOptions {
  events: number;
  /** Extra payload bytes per event, to load the link with bigger messages. */
  padBytes?: number;
  /** Least pause between transactions (delays.testLoadPauseMs); 0 only where no other process writes. */
  pauseMs?: number;
  /**
   * The outbox byte bound (sync.maxOutboxBytes): a run that would take the outbox's payloads above
   * it is refused, since the storage bound would then thin the bus's real positions.
   */
  maxOutboxBytes?: number;
}

/** What each synthetic event carries, so the office can count a run's events and spot gaps. */
export interface TestLoadPayload {
  runId: string;
  /** 1..of */
  index: number;
  of: number;
  createdAt: string;
  pad?: string;
}

export interface TestLoadSummary {
  runId: string;
  events: number;
  /** Seqs of the run's first and last events; another writer's rows may sit between its chunks. */
  firstSeq: number;
  lastSeq: number;
  ms: number;
}

export type TestLoadError = 'bad-events' | 'bad-pad' | 'over-budget' | 'disk-full';

/**
 * Enqueues `events` synthetic diagnostic events through the normal outbox path, at the lowest
 * priority, in IMMEDIATE transactions of `chunkSize` rows: safe beside the running bus, whose seqs
 * stay gap-free because SQLite hands them out under the write lock. Between transactions it pauses
 * at least as long as it held the lock: back to back, the bus's own writes could wait on the lock
 * for the whole run (measured: 1.8 s for 200,000 events) and fail at their busy timeout.
 */
export async function enqueueTestLoad(store: Store, clock: Clock, options: TestLoadOptions): Promise<Result<TestLoadSummary, TestLoadError>> {
  const { events, padBytes = 0, pauseMs = delays.testLoadPauseMs, maxOutboxBytes } = options;
  if (!Number.isSafeInteger(events) || events < 1 || events > testLoadLimits.maxEvents) {
    return err('bad-events', `events must be a whole number from 1 to ${testLoadLimits.maxEvents}`);
  }
  if (!Number.isSafeInteger(padBytes) || padBytes < 0 || padBytes > testLoadLimits.maxPadBytes) {
    return err('bad-pad', `pad bytes must be a whole number from 0 to ${testLoadLimits.maxPadBytes}`);
  }
  const started = performance.now();
  const runId = uuidv7(clock.now().getTime());
  const pad = padBytes > 0 ? 'x'.repeat(padBytes) : undefined;
  if (maxOutboxBytes !== undefined) {
    const largest: TestLoadPayload = { runId, index: events, of: events, createdAt: clock.now().toISOString(), ...(pad && { pad }) };
    const held = store.outbox.payloadBytes();
    const after = held + events * JSON.stringify(largest).length;
    if (after > maxOutboxBytes) {
      const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
      return err(
        'over-budget',
        `${events} events would take the outbox's payloads from ${mb(held)} to ${mb(after)}, above its bound of ${mb(maxOutboxBytes)} ` +
          '(sync.maxOutboxBytes), where the bus starts thinning its positions: use fewer events or a smaller --pad',
      );
    }
  }
  let firstSeq = 0;
  let lastSeq = 0;
  let heldMs = 0;
  for (let from = 1; from <= events; from += testLoadLimits.chunkSize) {
    if (from > 1 && pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.max(pauseMs, heldMs)));
    const to = Math.min(events, from + testLoadLimits.chunkSize - 1);
    const chunkStarted = performance.now();
    const written = store.outbox.guard(() =>
      store.withTransaction(() => {
        const createdAt = clock.now().toISOString();
        const seqs: number[] = [];
        for (let index = from; index <= to; index++) {
          const payload: TestLoadPayload = { runId, index, of: events, createdAt, ...(pad && { pad }) };
          seqs.push(store.outbox.add({ kind: testLoadKind, at: createdAt, payload, priority: outboxPriority.diagnostic }).seq);
        }
        return { first: seqs[0]!, last: seqs.at(-1)! };
      }),
    );
    if (!written.ok) {
      return err('disk-full', `the bus disk is full: ${from - 1} of ${events} events of run ${runId} were added (seqs ${firstSeq}..${lastSeq}), no more`);
    }
    heldMs = performance.now() - chunkStarted;
    if (firstSeq === 0) firstSeq = written.value.first;
    lastSeq = written.value.last;
  }
  return ok({ runId, events, firstSeq, lastSeq, ms: Math.round(performance.now() - started) });
}
