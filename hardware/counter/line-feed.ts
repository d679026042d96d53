import { Emitter } from '../../src/core/emitter.ts';
import { CounterLineParser } from './protocol.ts';
import type { CounterEvent, CounterState, CounterStatus, PassengerCounter } from './types.ts';

/**
 * The part every counter shares: bytes in → parsed events and a status out. The serial port and
 * the simulator both feed it raw protocol bytes, so the demo exercises the same parser as the bus.
 */
export class CounterLineFeed {
  readonly events = new Emitter<CounterEvent>();
  readonly statuses = new Emitter<CounterStatus>();
  private readonly parser = new CounterLineParser();
  private current: CounterStatus;

  constructor(device: string | null) {
    this.current = { state: 'no-device', device, rejectedLines: 0, acceptedLines: 0, reopenAttempts: 0, lastError: null };
  }

  feed(bytes: Buffer | string): void {
    const parsed = this.parser.push(bytes);
    if (parsed.accepted + parsed.rejected > 0) {
      this.current = {
        ...this.current,
        acceptedLines: this.current.acceptedLines + parsed.accepted,
        rejectedLines: this.current.rejectedLines + parsed.rejected,
      };
    }
    for (const event of parsed.events) this.events.emit(event);
  }

  /** A closed port may have cut a line: the next bytes start a fresh one. */
  dropPartialLine(): void {
    this.parser.reset();
  }

  setState(state: CounterState, change: Partial<Pick<CounterStatus, 'reopenAttempts' | 'lastError'>> = {}): void {
    const next = { ...this.current, state, ...change };
    const changed = next.state !== this.current.state || next.reopenAttempts !== this.current.reopenAttempts;
    this.current = next;
    if (changed) this.statuses.emit(this.status());
  }

  status(): CounterStatus {
    return { ...this.current };
  }

  onEvent(listener: (event: CounterEvent) => void): () => void {
    return this.events.on(listener);
  }

  onStatus(listener: (status: CounterStatus) => void): () => void {
    return this.statuses.on(listener);
  }
}

/** The listener and status half of a counter, all answered by its line feed; the subclass starts and stops the device. */
export abstract class LineFedCounter implements PassengerCounter {
  protected constructor(protected readonly feed: CounterLineFeed) {}

  abstract start(): void;
  abstract stop(): Promise<void>;

  onEvent(listener: (event: CounterEvent) => void): () => void {
    return this.feed.onEvent(listener);
  }

  onStatus(listener: (status: CounterStatus) => void): () => void {
    return this.feed.onStatus(listener);
  }

  status(): CounterStatus {
    return this.feed.status();
  }
}
