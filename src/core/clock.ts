/** Time is injected so tests and replays control it; GNSS time may later correct the system clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; for unit tests of a single module. */
export class ManualClock implements Clock {
  private ms: number;
  constructor(start: Date | string = '2026-11-23T08:00:00.000Z') {
    this.ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(at: Date | string): void {
    this.ms = new Date(at).getTime();
  }
}
