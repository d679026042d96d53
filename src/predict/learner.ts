import { delays } from '../core/delays.ts';
import type { TripEvent } from '../trip/types.ts';
import type { LoopPlace } from './types.ts';

/** One observation: seconds on segment `index` (from place index to the next) or standing at stop `index`. */
export interface Observation {
  kind: 'run' | 'dwell';
  index: number;
  /** GNSS ms when it started (decides its day type and hour). */
  startMs: number;
  seconds: number;
}

export interface LearnerSnapshot {
  /** The last place left (or passed), when the chain of consecutive places is unbroken. */
  last: { index: number; ms: number } | null;
  /** The stop the bus arrived at and when, until it departs. */
  dwell: { index: number; ms: number } | null;
  /** Observations of the lap in progress; they are learned when the lap is complete. */
  pending: Observation[];
  lap: number;
}

/** A segment taking longer than this is a broken chain (the bus was parked, switched off), not traffic. */
const longestSegmentMs = 45 * 60_000;

/**
 * Turns trip events into running times between consecutive places and dwell times at stops.
 * A place's time is its arrival: `arrived` less the standstill the tracker waits for before saying
 * so (the door sensor confirms at once), a node's `passing`, a stop's `passed`. Leaving a stop is
 * `departed`. Anything that makes times unreliable breaks the chain: off route, a GNSS gap, a
 * driver's re-sync.
 */
export class Learner {
  private state: LearnerSnapshot = { last: null, dwell: null, pending: [], lap: 0 };

  constructor(private readonly places: readonly LoopPlace[]) {}

  /** Feeds events in order; returns the observations of laps completed by them. */
  take(events: readonly TripEvent[]): Observation[] {
    const done: Observation[] = [];
    for (const e of events) {
      // A new lap completes the last one; a lap number going back (a tracker started afresh) does too.
      if (e.lap !== this.state.lap) {
        done.push(...this.state.pending);
        this.state.pending = [];
        this.state.lap = e.lap;
      }
      this.one(e);
    }
    return done;
  }

  snapshot(): LearnerSnapshot {
    return structuredClone(this.state);
  }

  restore(snap: LearnerSnapshot): boolean {
    const n = this.places.length;
    const okPoint = (p: unknown) => p === null || (typeof p === 'object' && Number.isInteger((p as { index: number }).index) &&
      (p as { index: number }).index >= 0 && (p as { index: number }).index < n && Number.isFinite((p as { ms: number }).ms));
    if (!snap || !okPoint(snap.last) || !okPoint(snap.dwell) || !Array.isArray(snap.pending) || !Number.isFinite(snap.lap)) return false;
    const okObs = (o: Observation) => (o.kind === 'run' || o.kind === 'dwell') && Number.isInteger(o.index) && o.index >= 0 && o.index < n &&
      Number.isFinite(o.startMs) && Number.isFinite(o.seconds) && o.seconds >= 0;
    if (!snap.pending.every(okObs)) return false;
    this.state = structuredClone(snap);
    return true;
  }

  private one(e: TripEvent): void {
    const s = this.state;
    if (e.type === 'off_route' || e.type === 'on_route') {
      s.last = null;
      s.dwell = null;
      return;
    }
    if (e.type === 'approaching' || e.stopId === null) return;
    const index = this.places.findIndex((p) => p.id === e.stopId);
    if (index < 0) return;
    const ms = Date.parse(e.time);
    if (!Number.isFinite(ms)) return;
    const unreliable = e.late === true || e.manual === true || (e.type === 'passed' && e.reason !== 'drove-through');
    if (unreliable) {
      s.last = null;
      s.dwell = e.type === 'arrived' ? { index, ms } : null;
      return;
    }
    switch (e.type) {
      case 'arrived': {
        const at = e.door ? ms : ms - delays.tripStopDwellMs;
        this.runInto(index, at);
        s.last = null;
        s.dwell = { index, ms: at };
        return;
      }
      case 'departed':
        if (s.dwell?.index === index) this.observe('dwell', index, s.dwell.ms, ms);
        s.dwell = null;
        s.last = { index, ms };
        return;
      case 'passed':
        this.runInto(index, ms);
        this.observe('dwell', index, ms, ms);
        s.dwell = null;
        s.last = { index, ms };
        return;
      case 'passing':
        this.runInto(index, ms);
        s.last = { index, ms };
        return;
      default:
    }
  }

  /** The segment from the previous place ends here, if the bus came straight from it. */
  private runInto(index: number, ms: number): void {
    const last = this.state.last;
    const previous = (index + this.places.length - 1) % this.places.length;
    if (last && last.index === previous) this.observe('run', previous, last.ms, ms);
  }

  private observe(kind: Observation['kind'], index: number, fromMs: number, toMs: number): void {
    if (!(toMs >= fromMs) || toMs - fromMs > longestSegmentMs) return;
    this.state.pending.push({ kind, index, startMs: fromMs, seconds: (toMs - fromMs) / 1000 });
  }
}
