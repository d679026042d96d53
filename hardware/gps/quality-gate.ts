/**
 * Keeps bad fixes from the tracker: void or no-fix reports, poor geometry (HDOP), impossible jumps
 * (implied speed above a city bus's reach), and times that repeat or go backwards. Every drop is
 * counted by reason so the status screen and logs can say why the position is held.
 */
import { hasPosition, type Fix, type GpsSource, type GpsSourceStatus } from './types.ts';

export type DropReason = 'invalid' | 'no-time' | 'hdop' | 'repeated' | 'out-of-order' | 'jump';

export interface QualityGateOptions {
  maxHdop?: number;
  /** Implied speed between accepted fixes above this is a jump. */
  maxSpeedKmh?: number;
  /** After this many jumps in a row the receiver is trusted again (the previous fix was the bad one). */
  reanchorAfter?: number;
}

export class QualityGate {
  readonly dropped: Record<DropReason, number> = { invalid: 0, 'no-time': 0, hdop: 0, repeated: 0, 'out-of-order': 0, jump: 0 };
  accepted = 0;
  private last: { ms: number; lat: number; lon: number } | null = null;
  private jumpsInRow = 0;
  private readonly maxHdop: number;
  private readonly maxMps: number;
  private readonly reanchorAfter: number;

  constructor(options: QualityGateOptions = {}) {
    this.maxHdop = options.maxHdop ?? 5;
    this.maxMps = (options.maxSpeedKmh ?? 150) / 3.6;
    this.reanchorAfter = options.reanchorAfter ?? 5;
  }

  /** null when the fix may pass, else why it is dropped (and counted). */
  check(fix: Fix): DropReason | null {
    const reason = this.judge(fix);
    if (reason) this.dropped[reason]++;
    else this.accepted++;
    return reason;
  }

  private judge(fix: Fix): DropReason | null {
    if (!hasPosition(fix) || fix.quality === 0) return 'invalid';
    if (fix.time === null) return 'no-time';
    if (fix.hdop !== undefined && fix.hdop > this.maxHdop) return 'hdop';
    const ms = Date.parse(fix.time);
    const last = this.last;
    if (last) {
      if (ms === last.ms) return 'repeated';
      if (ms < last.ms) return 'out-of-order';
      const metres = distanceMetres(last.lat, last.lon, fix.lat, fix.lon);
      if (metres / ((ms - last.ms) / 1000) > this.maxMps && ++this.jumpsInRow < this.reanchorAfter) return 'jump';
    }
    this.jumpsInRow = 0;
    this.last = { ms, lat: fix.lat, lon: fix.lon };
    return null;
  }
}

/** Haversine distance, metres. */
export function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A source whose fixes pass the gate first (judged once each); status comes from the inner source. */
export class GatedSource implements GpsSource {
  private readonly listeners = new Set<(fix: Fix) => void>();

  constructor(
    private readonly inner: GpsSource,
    readonly gate: QualityGate,
  ) {
    inner.onFix((fix) => {
      if (gate.check(fix) !== null) return;
      for (const listener of [...this.listeners]) listener(fix);
    });
  }

  start(): void {
    this.inner.start();
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  onFix(listener: (fix: Fix) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (status: GpsSourceStatus) => void): () => void {
    return this.inner.onStatus(listener);
  }

  status(): GpsSourceStatus {
    return this.inner.status();
  }
}
