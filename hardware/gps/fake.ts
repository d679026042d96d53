/** An in-memory GpsSource for unit tests of the core: the test pushes fixes and statuses. */
import type { Fix, GpsSource, GpsSourceStatus } from './types.ts';

export class FakeGpsSource implements GpsSource {
  started = false;
  private current: GpsSourceStatus = { status: 'no-device', device: 'fake', clockOffsetMs: null, lastFixAt: null };
  private readonly fixListeners = new Set<(fix: Fix) => void>();
  private readonly statusListeners = new Set<(status: GpsSourceStatus) => void>();

  start(): void {
    this.started = true;
  }

  async stop(): Promise<void> {
    this.started = false;
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

  emitFix(fix: Fix): void {
    if (fix.mode >= 2 && fix.time) this.current.lastFixAt = fix.time;
    for (const listener of [...this.fixListeners]) listener(fix);
  }

  setStatus(status: Partial<GpsSourceStatus>): void {
    this.current = { ...this.current, ...status };
    for (const listener of [...this.statusListeners]) listener(this.status());
  }
}
