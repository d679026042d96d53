import { CounterLineFeed, LineFedCounter } from './line-feed.ts';
import { formatCounterEvent } from './protocol.ts';
import type { CounterEvent, CounterState } from './types.ts';

/** An in-memory counter for unit tests: the test says what the sensor saw, as events or raw bytes. */
export class FakeCounter extends LineFedCounter {
  constructor() {
    super(new CounterLineFeed('fake'));
  }

  start(): void {
    this.feed.setState('connected');
  }

  async stop(): Promise<void> {
    this.feed.setState('stopped');
  }

  emit(event: CounterEvent): void {
    this.feed.feed(formatCounterEvent(event));
  }

  /** Raw bytes as a real counter would send them, garbage included. */
  feedBytes(bytes: Buffer | string): void {
    this.feed.feed(bytes);
  }

  setState(state: CounterState): void {
    this.feed.setState(state);
  }
}
