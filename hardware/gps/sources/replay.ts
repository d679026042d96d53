/**
 * Replays a recorded NMEA capture through the real framer and decoder: as fast as possible
 * (speed 0), or paced by the sentences' own times divided by a speed factor.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { NmeaDecoder } from '../decoder.ts';
import { FeedSource, SourceFeed } from '../feed.ts';
import { NmeaFramer } from '../framer.ts';
import type { Fix, GpsClock } from '../types.ts';

export interface ReplayOptions {
  /** A capture file, or the bytes themselves. */
  path?: string;
  bytes?: Uint8Array;
  /** 0 = as fast as possible; 1 = real time; 10 = ten times faster. */
  speed?: number;
  clock: GpsClock;
  acceptMissingChecksum?: boolean;
  /** How to wait; tests pass one that advances a manual clock. */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ReplaySource extends FeedSource {
  private running = false;
  private done: Promise<void> = Promise.resolve();
  /** Wakes a paced wait when stop() is called. */
  private wake: () => void = () => {};

  constructor(private readonly options: ReplayOptions) {
    // Old captures say nothing about this PC's clock.
    super(new SourceFeed({ ...options, measureClockOffset: false, staleAfterS: Number.POSITIVE_INFINITY }));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  /** Resolves when the whole capture has been replayed (or the replay was stopped). */
  finished(): Promise<void> {
    return this.done;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.done;
  }

  private async run(): Promise<void> {
    const { path, clock } = this.options;
    const bytes = this.options.bytes ?? (path ? await readFile(path) : new Uint8Array(0));
    const fixes: Fix[] = [];
    const decoder = new NmeaDecoder((f) => fixes.push(f), this.options);
    const framer = new NmeaFramer();
    const push = (s: string) => decoder.push(s);
    framer.push(bytes, push);
    framer.end(push);
    decoder.flush();

    this.feed.setDevice(path ? basename(path) : 'replay', true);
    const speed = this.options.speed ?? 0;
    const sleep = this.options.sleep ?? realSleep;
    const startMs = clock.now().getTime();
    let firstFixMs = NaN;
    for (const fix of fixes) {
      if (!this.running) break;
      const at = fix.time ? Date.parse(fix.time) : NaN;
      if (speed > 0 && at === at) {
        if (firstFixMs !== firstFixMs) firstFixMs = at;
        const wait = startMs + (at - firstFixMs) / speed - clock.now().getTime();
        if (wait > 0) await Promise.race([sleep(wait), new Promise<void>((resolve) => (this.wake = resolve))]);
        if (!this.running) break;
      }
      this.feed.fix(fix);
    }
    this.running = false;
    this.feed.setDevice(null, false);
  }
}
