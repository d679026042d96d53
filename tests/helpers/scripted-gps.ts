import type { Fix, GpsSource, GpsSourceStatus } from '../../hardware/gps/types.ts';
import { Emitter } from '../../src/core/emitter.ts';

/** A GNSS source the test drives: it delivers exactly the fixes and statuses the test hands it. */
export class ScriptedGps implements GpsSource {
  private readonly fixes = new Emitter<Fix>();
  private readonly statuses = new Emitter<GpsSourceStatus>();
  private current: GpsSourceStatus = { status: 'no-fix', device: 'scripted', clockOffsetMs: null, lastFixAt: null };

  start(): void {}

  async stop(): Promise<void> {}

  fix(fix: Fix): void {
    if (this.current.status !== 'fix') this.setStatus('fix');
    this.current = { ...this.current, lastFixAt: fix.time };
    this.fixes.emit(fix);
  }

  setStatus(status: GpsSourceStatus['status']): void {
    this.current = { ...this.current, status };
    this.statuses.emit(this.current);
  }

  onFix(listener: (fix: Fix) => void): () => void {
    return this.fixes.on(listener);
  }

  onStatus(listener: (status: GpsSourceStatus) => void): () => void {
    return this.statuses.on(listener);
  }

  status(): GpsSourceStatus {
    return this.current;
  }
}
