/**
 * What every source shares: bytes → framer → decoder → fixes for the listeners, and the status
 * (device present, fix or not, stale watchdog, receiver-minus-PC clock offset).
 */
import { NmeaDecoder, type DecoderOptions } from './decoder.ts';
import { gpsDelays } from './delays.ts';
import { NmeaFramer } from './framer.ts';
import type { Fix, GpsClock, GpsSource, GpsSourceStatus, GpsStatus } from './types.ts';

export interface FeedOptions extends DecoderOptions {
  clock: GpsClock;
  /** Seconds without a sentence before the feed is stale. */
  staleAfterS?: number;
  /** Live sources measure receiver-minus-PC time; replays of old logs must not. */
  measureClockOffset?: boolean;
}

export class SourceFeed {
  readonly framer = new NmeaFramer();
  readonly decoder: NmeaDecoder;
  private readonly fixListeners = new Set<(fix: Fix) => void>();
  private readonly statusListeners = new Set<(status: GpsSourceStatus) => void>();
  private current: GpsSourceStatus = { status: 'no-device', device: null, clockOffsetMs: null, lastFixAt: null };
  private connected = false;
  private lastDataMs = 0;
  private lastMode = 0;
  /** PC time when the epoch being assembled began (first sentence after the previous fix). */
  private epochStartMs = NaN;
  private watchdog: NodeJS.Timeout | null = null;
  private readonly staleAfterMs: number;
  private readonly pushSentence = (s: string): void => {
    this.decoder.push(s);
  };

  constructor(private readonly options: FeedOptions) {
    this.decoder = new NmeaDecoder((fix) => this.fix(fix), options);
    this.staleAfterMs = options.staleAfterS === undefined ? gpsDelays.staleAfterMs : options.staleAfterS * 1000;
  }

  onFix(listener: (fix: Fix) => void): () => void {
    this.fixListeners.add(listener);
    return () => this.fixListeners.delete(listener);
  }

  onStatus(listener: (status: GpsSourceStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  status(): GpsSourceStatus {
    return { ...this.current };
  }

  /** The device (port, gpsd, file) is there or gone. */
  setDevice(device: string | null, connected: boolean): void {
    this.connected = connected;
    this.current.device = device;
    if (connected) this.lastDataMs = this.options.clock.now().getTime();
    this.update();
  }

  /** Raw receiver bytes. */
  bytes(chunk: Uint8Array): void {
    this.alive();
    this.framer.push(chunk, this.pushSentence);
    this.update();
  }

  /** The sender says the epoch is complete (the simulator): report it now, not at the next one. */
  endEpoch(): void {
    this.decoder.flush();
    this.epochStartMs = NaN;
  }

  /** End of a byte stream: the epoch in progress is complete. */
  end(): void {
    this.framer.end(this.pushSentence);
    this.decoder.flush();
  }

  /** A decoded fix (from the decoder, or straight from gpsd). */
  fix(fix: Fix): void {
    const now = this.options.clock.now().getTime();
    this.alive();
    if (fix.time && this.options.measureClockOffset !== false) {
      const received = this.epochStartMs === this.epochStartMs ? this.epochStartMs : now;
      this.current.clockOffsetMs = Date.parse(fix.time) - received;
    }
    this.epochStartMs = now;
    this.lastMode = fix.mode;
    if (fix.mode >= 2) this.current.lastFixAt = fix.time ?? new Date(now).toISOString();
    this.update();
    for (const listener of [...this.fixListeners]) listener(fix);
  }

  /** Watches for silence; call stopWatchdog() when the source stops. */
  startWatchdog(): void {
    this.watchdog ??= setInterval(() => this.update(), Math.min(gpsDelays.watchdogMs, this.staleAfterMs / 2));
    this.watchdog.unref?.();
  }

  stopWatchdog(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  private alive(): void {
    this.lastDataMs = this.options.clock.now().getTime();
    if (this.epochStartMs !== this.epochStartMs) this.epochStartMs = this.lastDataMs;
  }

  private update(): void {
    let next: GpsStatus;
    if (!this.connected) next = 'no-device';
    else if (this.options.clock.now().getTime() - this.lastDataMs > this.staleAfterMs) next = 'stale';
    else next = this.lastMode >= 2 ? 'fix' : 'no-fix';
    if (next === this.current.status) return;
    this.current.status = next;
    const snapshot = this.status();
    for (const listener of [...this.statusListeners]) listener(snapshot);
  }
}

/** The listener and status half of a source, all answered by its feed; the subclass starts and stops the device. */
export abstract class FeedSource implements GpsSource {
  protected constructor(protected readonly feed: SourceFeed) {}

  abstract start(): void;
  abstract stop(): Promise<void>;

  onFix(listener: (fix: Fix) => void): () => void {
    return this.feed.onFix(listener);
  }

  onStatus(listener: (status: GpsSourceStatus) => void): () => void {
    return this.feed.onStatus(listener);
  }

  status(): GpsSourceStatus {
    return this.feed.status();
  }
}
