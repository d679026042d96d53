/** An in-memory GpsSource for unit tests of the core: the test pushes fixes and statuses. */
import { Emitter } from '../../src/core/emitter.ts';
import type { Fix, GpsSource, GpsSourceStatus } from './types.ts';

export class FakeGpsSource implements GpsSource {
  started = false;
  private current: GpsSourceStatus = { status: 'no-device', device: 'fake', clockOffsetMs: null, lastFixAt: null };
  private readonly fixes = new Emitter<Fix>('gps fixes (fake)');
  private readonly statuses = new Emitter<GpsSourceStatus>('gps status (fake)');

  start(): void {
    this.started = true;
  }

  async stop(): Promise<void> {
    this.started = false;
  }

  onFix(listener: (fix: Fix) => void): () => void {
    return this.fixes.on(listener);
  }

  onStatus(listener: (status: GpsSourceStatus) => void): () => void {
    return this.statuses.on(listener);
  }

  status(): GpsSourceStatus {
    return { ...this.current };
  }

  emitFix(fix: Fix): void {
    if (fix.mode >= 2 && fix.time) this.current.lastFixAt = fix.time;
    this.fixes.emit(fix);
  }

  setStatus(status: Partial<GpsSourceStatus>): void {
    this.current = { ...this.current, ...status };
    this.statuses.emit(this.status());
  }
}
