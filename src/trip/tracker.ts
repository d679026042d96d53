import type { Fix } from '../../hardware/gps/types.ts';
import { delays } from '../core/delays.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Route } from '../route/model.ts';
import { candidatesNear, emptyMatch, matchWithin, type MatchQuery } from './matcher.ts';
import { Places, round1, type PlaceContext, type PlacesSnapshot } from './places.ts';
import { tripThresholds as th } from './thresholds.ts';
import type { TripEvent, TripState } from './types.ts';

export interface TrackerOptions {
  /** The bus reports door openings: arrivals wait for the door instead of a standstill. */
  doorSensor?: boolean;
}

interface Snapshot {
  v: 1;
  route: string;
  synced: boolean;
  u: number;
  speed: number;
  stoppedSinceMs: number | null;
  lastMs: number;
  progressMs: number;
  lastIso: string | null;
  offRoute: boolean;
  places: PlacesSnapshot;
}

const none: TripEvent[] = [];
const degToRad = Math.PI / 180;

/**
 * Fixes in, trip events out. Pure and deterministic: the only clock is the fixes' GNSS time.
 * Progress is the distance along the loop, unwrapped across laps, and only moves forward from the
 * last progress; each fix is matched inside a window ahead of it, so a lane 14 m away on the way
 * back, or a multipath jump, cannot pull the bus elsewhere.
 */
export class Tracker {
  private synced = false;
  private u = 0;
  private speed = 0;
  /** The last speed measured (receiver or progress), unsmoothed: leads shrink as soon as the bus brakes. */
  private lastSpeed = 0;
  private stoppedSinceMs: number | null = null;
  private lastMs = -Infinity;
  /** GNSS time of the last fix accepted as on the route (progress is known as of then). */
  private progressMs = -Infinity;
  private lastIso: string | null = null;
  private offRoute = false;
  /** Start of the current run of far fixes (on route) or near fixes (off route). */
  private streakSinceMs: number | null = null;
  /** Run of fixes whose advance was implausible (multipath) and where they pointed. */
  private rejected = 0;
  private rejectedU = 0;
  private rejectedSinceMs = 0;
  /** While standing: where progress was when the bus stopped, and the fixes' mean since (no ratchet). */
  private standU = 0;
  private standSum = 0;
  private standCount = 0;
  private pending: { u: number; ms: number } | null = null;
  /** Placement aids: where a stale state last had the bus, and the last fix while unplaced. */
  private hintU: number | null = null;
  private unplacedFrom: { x: number; y: number } | null = null;
  /** The stretch of progress the last GNSS gap jumped over. */
  private gapFromU = -1;
  private gapToU = -1;
  private readonly places: Places;
  private readonly match = emptyMatch();
  private readonly query: MatchQuery = {
    x: 0, y: 0, anchor: 0, back: 0, ahead: 0, expected: 0, advanceSigma: 1, lateralSigma: th.lateralSigmaM, trackSin: NaN, trackCos: NaN,
  };

  constructor(
    readonly route: Route,
    private readonly options: TrackerOptions = {},
  ) {
    this.places = new Places(route);
  }

  /** Rebuilds a tracker from `snapshot()`; a state saved for another route is refused. */
  static restore(route: Route, json: string, options: TrackerOptions = {}): Result<Tracker, 'bad-state' | 'route-changed'> {
    let snap: Snapshot;
    try {
      snap = JSON.parse(json) as Snapshot;
    } catch {
      return err('bad-state', 'the saved tracker state is not JSON');
    }
    if (snap?.v !== 1 || typeof snap.u !== 'number' || !snap.places) return err('bad-state', 'the saved tracker state has an unknown shape');
    if (snap.route !== route.fingerprint) return err('route-changed', 'the saved tracker state belongs to another version of the route');
    const t = new Tracker(route, options);
    if (!t.places.restore(snap.places)) return err('bad-state', 'the saved tracker state does not match the route places');
    t.synced = snap.synced;
    t.u = snap.u;
    t.speed = snap.speed;
    t.stoppedSinceMs = snap.stoppedSinceMs;
    t.lastMs = snap.lastMs;
    t.progressMs = snap.progressMs;
    t.lastIso = snap.lastIso;
    t.offRoute = snap.offRoute;
    return ok(t);
  }

  snapshot(): string {
    const snap: Snapshot = {
      v: 1, route: this.route.fingerprint, synced: this.synced, u: this.u, speed: this.speed, stoppedSinceMs: this.stoppedSinceMs,
      lastMs: this.lastMs, progressMs: this.progressMs, lastIso: this.lastIso, offRoute: this.offRoute, places: this.places.snapshot(),
    };
    return JSON.stringify(snap);
  }

  /** Feeds one fix; returns the trip events it caused (often none). */
  update(fix: Fix): TripEvent[] {
    if (fix.time === null || fix.mode < 2 || fix.quality === 0) return none;
    if (fix.hdop !== undefined && fix.hdop > th.maxHdop) return none;
    const ms = Date.parse(fix.time);
    if (!(ms > this.lastMs) || !Number.isFinite(fix.lat) || !Number.isFinite(fix.lon)) return none;
    const dtMs = ms - this.lastMs;
    const stale = dtMs > delays.tripStaleStateMs;
    this.lastMs = ms;
    this.lastIso = fix.time;
    const line = this.route.line;
    const q = this.query;
    q.x = line.localX(fix.lon);
    q.y = line.localY(fix.lat);
    const rawSpeed = fix.speed !== undefined && Number.isFinite(fix.speed) ? fix.speed : -1;
    const moving = rawSpeed >= th.headingMinMps && fix.track !== undefined && Number.isFinite(fix.track);
    q.trackSin = moving ? Math.sin(fix.track! * degToRad) : NaN;
    q.trackCos = moving ? Math.cos(fix.track! * degToRad) : NaN;

    if (stale && this.synced) {
      // Too long without fixes: place the bus afresh, remembering where it was.
      this.hintU = this.u;
      this.synced = false;
    }
    if (!this.synced) return this.acquire(ms, rawSpeed);

    const gap = dtMs > delays.tripGapMs;
    // The window reaches as far as the bus could have gone since progress was last known.
    const dt = (ms - this.progressMs) / 1000;
    const reach = th.maxSpeedMps * dt + th.windowMarginM;
    q.anchor = this.u;
    q.back = th.windowBackM;
    q.ahead = reach;
    const known = rawSpeed >= 0 ? rawSpeed : this.speed;
    q.expected = this.isStopped(known) ? 0 : known * dt;
    q.advanceSigma = 10 + (gap || this.offRoute ? 0.5 * reach : 0.5 * known * dt);
    const m = matchWithin(line, q, this.match);
    if (!m.found) return none;

    if (this.offRoute) return this.whileOffRoute(ms, m.advance, m.lateral);
    if (m.lateral > th.offRouteM) {
      this.streakSinceMs ??= ms;
      if (ms - this.streakSinceMs < delays.tripOffRouteAfterMs) return none;
      this.offRoute = true;
      this.streakSinceMs = null;
      this.speed = rawSpeed >= 0 ? rawSpeed : this.speed;
      return [{ type: 'off_route', stopId: null, lap: this.lap(), time: fix.time, distance: round1(line.wrap(this.u)), offset: round1(m.lateral) }];
    }
    this.streakSinceMs = null;

    // Multipath: an advance faster than the bus can go is held back. Only a moving bus whose fixes
    // keep agreeing with the jump for several seconds is believed (the anchor had fallen behind).
    const plausible = (rawSpeed >= 0 ? Math.max(rawSpeed, this.speed) * 1.5 + 3 : th.maxSpeedMps) * dt + th.windowBackM;
    const z = this.u + m.advance;
    let trusted = false;
    if (m.advance > plausible) {
      const agrees = this.rejected > 0 && Math.abs(z - this.rejectedU) < th.maxSpeedMps * ((ms - this.rejectedSinceMs) / 1000) + th.windowMarginM;
      if (!agrees) this.rejectedSinceMs = ms;
      this.rejected = agrees ? this.rejected + 1 : 1;
      this.rejectedU = z;
      const standing = rawSpeed >= 0 && rawSpeed < th.movingMps;
      trusted = !standing && this.rejected >= 3 && ms - this.rejectedSinceMs >= delays.tripJumpBelievedAfterMs;
      if (!trusted) return none;
    }
    this.rejected = 0;
    this.progressMs = ms;

    const speed = rawSpeed >= 0 ? rawSpeed : Math.max(0, (z - this.u) / Math.max(dt, 0.2));
    this.updateSpeed(speed, dt, ms);
    if (gap) this.gapFromU = this.u;
    if (this.stoppedSinceMs === null || gap || trusted) {
      // Along-track speed (heading-aware) predicts; the fix corrects with a gain that grows with dt.
      const along = this.speed * (moving ? Math.max(0, m.headingCos) : 1);
      const predicted = this.u + along * dt;
      const gain = gap || trusted ? 1 : 1 - Math.pow(0.75, Math.min(dt, 4));
      this.u = Math.max(this.u, predicted + gain * (z - predicted));
      this.standCount = 0;
    } else {
      // Standing: the mean of the fixes since the stop refines where the bus stands. A plain
      // forward-only filter would ratchet up on scatter and creep along while parked.
      if (this.standCount === 0) { this.standU = this.u; this.standSum = 0; }
      this.standSum += z;
      this.standCount++;
      if (this.standCount >= 3) this.u = Math.max(this.standU, this.standSum / this.standCount);
    }
    if (gap) this.gapToU = this.u;
    return this.stepPlaces(fix.time, ms, false);
  }

  /** The door opened (hardware input): confirms the arrival at the stop the bus is at. */
  doorOpen(): TripEvent[] {
    if (!this.synced || this.offRoute || this.lastIso === null) return none;
    const out: TripEvent[] = [];
    this.places.door(this.context(this.lastIso, this.lastMs, false), out);
    return out;
  }

  /** Driver: announce the next stop now. */
  announceNextStop(): TripEvent[] {
    if (!this.synced || this.lastIso === null) return none;
    const out: TripEvent[] = [];
    this.places.announceNext(this.context(this.lastIso, this.lastMs, false), out);
    return out;
  }

  /** Driver: "we are at this stop" — moves progress to its nearest visit, forward or back. */
  resyncToStop(stopId: string): Result<TripEvent[], 'unknown-stop' | 'no-time'> {
    const k = this.route.stops.findIndex((s) => s.id === stopId);
    if (k < 0) return err('unknown-stop', `no stop with id "${stopId}" on this route`);
    if (this.lastIso === null) return err('no-time', 'no GNSS time yet: wait for a fix with a date');
    const L = this.route.length;
    const d = this.route.stops[k]!.distance;
    const lapBase = Math.floor((this.u - d) / L + 0.5) * L;
    this.u = Math.max(0, lapBase + d);
    this.synced = true;
    this.offRoute = false;
    this.streakSinceMs = null;
    this.pending = null;
    const out: TripEvent[] = [];
    this.places.resyncAt(k, this.context(this.lastIso, this.lastMs, false), out);
    return ok(out);
  }

  state(): TripState {
    const next = this.synced ? this.places.nextStopIndex(this.u) : -1;
    const cur = this.synced ? this.places.current : -1;
    const nextStop = next >= 0 ? this.route.stops[next]! : null;
    const currentStop = cur >= 0 ? this.route.stops[cur]! : null;
    return {
      synced: this.synced,
      onRoute: this.synced && !this.offRoute,
      distance: round1(this.synced ? this.route.line.wrap(this.u) : 0),
      lap: this.lap(),
      speed: round1(this.speed),
      stopped: this.stoppedSinceMs !== null,
      ...(this.stoppedSinceMs !== null ? { stoppedSince: new Date(this.stoppedSinceMs).toISOString() } : {}),
      nextStop: nextStop ? { id: nextStop.id, name: nextStop.name, metresToGo: round1(Math.max(0, this.places.targetOf(next) - this.u)) } : null,
      currentStop: currentStop ? { id: currentStop.id, name: currentStop.name } : null,
      time: this.lastIso,
    };
  }

  private lap(): number {
    return Math.floor(this.u / this.route.length) + 1;
  }

  private isStopped(speed: number): boolean {
    return this.stoppedSinceMs !== null ? speed < th.movingMps : speed < th.stoppedMps;
  }

  private updateSpeed(speed: number, dt: number, ms: number): void {
    const k = 1 - Math.exp(-dt / 2);
    this.speed += k * (speed - this.speed);
    this.lastSpeed = speed;
    if (this.isStopped(speed)) this.stoppedSinceMs ??= ms;
    else this.stoppedSinceMs = null;
  }

  private context(iso: string, ms: number, afterOffRoute: boolean): PlaceContext {
    return {
      u: this.u, iso, speed: Math.min(this.speed, this.lastSpeed), gapFromU: this.gapFromU, gapToU: this.gapToU, afterOffRoute, doorSensor: this.options.doorSensor === true,
      stoppedForMs: this.stoppedSinceMs === null ? 0 : ms - this.stoppedSinceMs,
    };
  }

  private stepPlaces(iso: string, ms: number, afterOffRoute: boolean): TripEvent[] {
    const out: TripEvent[] = [];
    this.places.step(this.context(iso, ms, afterOffRoute), out);
    return out.length > 0 ? out : none;
  }

  /** Off route: nothing is announced; back on the line for a while, progress jumps to where the bus rejoined. */
  private whileOffRoute(ms: number, advance: number, lateral: number): TripEvent[] {
    const headingOk = this.match.headingCos > 0.5;
    if (lateral > th.onRouteM || !headingOk || advance < -th.windowBackM / 2) {
      this.streakSinceMs = null;
      return none;
    }
    this.streakSinceMs ??= ms;
    if (ms - this.streakSinceMs < delays.tripOnRouteAfterMs) return none;
    this.offRoute = false;
    this.streakSinceMs = null;
    this.u = Math.max(this.u, this.u + advance);
    this.progressMs = ms;
    const out: TripEvent[] = [
      { type: 'on_route', stopId: null, lap: this.lap(), time: this.lastIso!, distance: round1(this.route.line.wrap(this.u)) },
    ];
    this.places.step(this.context(this.lastIso!, ms, true), out);
    return out;
  }

  /**
   * First placement (or after a stale state): a candidate on the line, confirmed by the next fix
   * within the forward window. Where two legs run side by side, only a heading can tell them apart.
   */
  private acquire(ms: number, rawSpeed: number): TripEvent[] {
    const q = this.query;
    const line = this.route.line;
    const L = this.route.length;
    if (this.pending) {
      const dt = (ms - this.pending.ms) / 1000;
      q.anchor = this.pending.u;
      q.back = th.windowBackM;
      q.ahead = th.maxSpeedMps * dt + th.windowMarginM;
      q.expected = Math.max(0, rawSpeed) * dt;
      q.advanceSigma = 10 + 0.5 * q.ahead;
      const m = matchWithin(line, q, this.match);
      if (m.found && m.lateral <= th.onRouteM && m.headingCos > 0) {
        this.u = Math.max(0, this.pending.u + m.advance);
        this.pending = null;
        this.hintU = null;
        this.unplacedFrom = null;
        this.synced = true;
        this.offRoute = false;
        this.streakSinceMs = null;
        this.speed = Math.max(0, rawSpeed);
        this.progressMs = ms;
        this.stoppedSinceMs = this.isStopped(this.speed) ? ms : null;
        this.places.placeAt(this.u);
        return this.stepPlaces(this.lastIso!, ms, false);
      }
    }
    this.pending = null;
    // Without a receiver track, the way the fixes moved gives the heading.
    const from = this.unplacedFrom;
    if (q.trackSin !== q.trackSin && from && Math.hypot(q.x - from.x, q.y - from.y) >= th.acquireRadiusM) {
      const d = Math.hypot(q.x - from.x, q.y - from.y);
      q.trackSin = (q.x - from.x) / d;
      q.trackCos = (q.y - from.y) / d;
    }
    if (!from || Math.hypot(q.x - from.x, q.y - from.y) >= th.acquireRadiusM) this.unplacedFrom = { x: q.x, y: q.y };
    const found = candidatesNear(line, q.x, q.y, th.acquireRadiusM);
    const usable = q.trackSin === q.trackSin
      ? found.filter((c) => line.ux[c.segment]! * q.trackSin + line.uy[c.segment]! * q.trackCos > 0.7)
      : found;
    if (usable.length === 0) return none;
    const apart = (a: number, b: number) => {
      const gap = Math.abs(line.wrap(a) - line.wrap(b));
      return Math.min(gap, L - gap);
    };
    let best = usable[0]!;
    if (usable.some((c) => apart(c.distance, best.distance) > th.ambiguityM)) {
      // Two legs side by side: a stale state's last position may still tell which one.
      const hint = this.hintU;
      const near = hint === null ? undefined : usable.find((c) => apart(c.distance, hint) <= th.ambiguityM);
      if (!near) return none;
      best = near;
    }
    // Keep the lap count of a restored state; a fresh tracker starts on lap 1.
    const lapBase = Math.floor(this.u / L) * L;
    this.pending = { u: lapBase + best.distance, ms };
    return none;
  }
}
