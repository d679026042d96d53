import type { Fix } from '../../hardware/gps/types.ts';
import { delays } from '../core/delays.ts';
import type { LivePosition } from '../protocol/envelope.ts';

/** Ground speed (m/s) below which the bus starts counting as standing, and above which as moving again (jitter at a stop must not flip it). */
const standingBelowMps = 0.5;
const movingAboveMps = 1.5;

/**
 * Picks which GNSS fixes go to the office as the live position (QoS 0, never stored): one every
 * livePositionMovingMs while moving, every livePositionStandingMs while standing, and at once when
 * the bus starts or stops. Paced by the receiver's own time, so a replayed or simulated drive paces
 * like a real one and a wall-clock jump cannot flood or starve the link.
 */
export class LivePositionPacer {
  private lastTimeMs = -Infinity;
  private lastStanding: boolean | null = null;

  /** The position to publish for this fix, or null when it is not due (or the fix has no position). */
  offer(fix: Fix): LivePosition | null {
    if (fix.mode < 2 || fix.time === null || !Number.isFinite(fix.lat) || !Number.isFinite(fix.lon)) return null;
    const timeMs = Date.parse(fix.time);
    if (!Number.isFinite(timeMs)) return null;
    const standing = this.isStanding(fix.speed);
    const interval = standing ? delays.livePositionStandingMs : delays.livePositionMovingMs;
    // A receiver whose time went backwards (a reset, a replay restarted) starts pacing afresh.
    const due = standing !== this.lastStanding || timeMs - this.lastTimeMs >= interval || timeMs < this.lastTimeMs;
    if (!due) return null;
    this.lastTimeMs = timeMs;
    this.lastStanding = standing;
    return {
      lat: fix.lat,
      lon: fix.lon,
      time: fix.time,
      ...(fix.speed === undefined || !Number.isFinite(fix.speed) ? {} : { speed: fix.speed }),
      ...(fix.track === undefined || !Number.isFinite(fix.track) ? {} : { track: fix.track }),
    };
  }

  private isStanding(speed: number | undefined): boolean {
    if (speed === undefined || !Number.isFinite(speed)) return this.lastStanding ?? false;
    if (this.lastStanding) return speed <= movingAboveMps;
    return speed < standingBelowMps;
  }
}
