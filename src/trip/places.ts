import { delays } from '../core/delays.ts';
import type { Route, RoutePlace } from '../route/model.ts';
import { tripThresholds as th } from './thresholds.ts';
import type { PassedReason, TripEvent, TripEventType } from './types.ts';

/** Per-stop latch for its next visit; `target` is the unwrapped distance of that visit. */
interface StopVisit {
  target: number;
  approached: boolean;
  arrived: boolean;
}

/** What the places need to know about the bus at one fix. */
export interface PlaceContext {
  /** Unwrapped progress (lap × length + distance). */
  u: number;
  iso: string;
  /** Speed for leads, m/s: the lower of the smoothed and the latest measurement. */
  speed: number;
  /** How long the bus has been standing (0 when moving). */
  stoppedForMs: number;
  /** Progress jumped over [gapFromU, gapToU] in the last GNSS gap: stops in it went by unseen. */
  gapFromU: number;
  gapToU: number;
  /** The bus just came back on the route: places it skipped are filled in. */
  afterOffRoute: boolean;
  /** With a door sensor, only the door confirms an arrival. */
  doorSensor: boolean;
}

export interface PlacesSnapshot {
  stops: [number, boolean, boolean][];
  nodes: number[];
  current: number;
}

/**
 * The announce-once latches: one visit per stop and per node and lap, advanced by a full loop when
 * the visit is over. Distances are unwrapped, so the loop's wrap-around needs no special case.
 */
export class Places {
  private stops: StopVisit[];
  private nodes: number[];
  /** Index of the stop the bus stands at (arrived, not yet departed), or -1. */
  current = -1;

  constructor(private readonly route: Route) {
    this.stops = route.stops.map((s) => ({ target: s.distance, approached: false, arrived: false }));
    this.nodes = route.nodes.map((n) => n.distance);
  }

  /**
   * Placement at u0 (start anywhere, stale state, re-sync): places behind wait for the next lap
   * without a word; a stop whose zone the bus is in becomes the current stop, already served.
   */
  placeAt(u0: number): void {
    const L = this.route.length;
    const lapBase = Math.floor(u0 / L) * L;
    this.current = -1;
    this.stops = this.route.stops.map((s, k) => {
      let target = lapBase + s.distance;
      if (target + th.leaveAfterM < u0) target += L;
      const inZone = u0 >= target - th.arriveBeforeM && u0 <= target + th.leaveAfterM;
      if (inZone) this.current = k;
      return { target, approached: inZone, arrived: inZone };
    });
    this.nodes = this.route.nodes.map((n) => (lapBase + n.distance < u0 ? lapBase + n.distance + L : lapBase + n.distance));
  }

  step(ctx: PlaceContext, out: TripEvent[]): void {
    const L = this.route.length;
    const first = out.length;
    for (let k = 0; k < this.stops.length; k++) {
      const s = this.stops[k]!;
      const rem = s.target - ctx.u;
      if (rem > th.approachMaxM) continue;
      const place = this.route.stops[k]!;
      if (s.arrived) {
        if (rem < -th.leaveAfterM) {
          out.push(this.event('departed', place, s.target, ctx));
          if (this.current === k) this.current = -1;
          this.next(s, L);
        }
        continue;
      }
      if (!s.approached) {
        const lead = Math.min(th.approachMaxM, Math.max(th.approachMinM, ctx.speed * th.approachLeadS));
        if (rem <= lead) {
          s.approached = true;
          // Too close to be useful: the arrival follows within seconds, say nothing now.
          if (rem >= Math.max(th.approachLateM, ctx.speed * th.approachLateS)) {
            const e = this.event('approaching', place, s.target, ctx);
            e.metresToGo = round1(rem);
            if (ctx.speed > 0.5) e.etaS = Math.round(rem / ctx.speed);
            out.push(e);
          }
        }
      }
      if (!ctx.doorSensor && rem <= th.arriveBeforeM && rem >= -th.arriveAfterM && ctx.stoppedForMs >= delays.tripStopDwellMs) {
        this.arrive(k, ctx, out);
      } else if (rem < -th.passedSlowAfterM || (rem < -th.leaveAfterM && ctx.speed >= th.passedSpeedMps)) {
        const e = this.event('passed', place, s.target, ctx);
        e.reason = passedReason(ctx, s.target);
        out.push(e);
        this.next(s, L);
      }
    }
    for (let k = 0; k < this.nodes.length; k++) {
      const rem = this.nodes[k]! - ctx.u;
      if (rem > Math.max(th.nodeMinM, ctx.speed * th.nodeLeadS)) continue;
      const late = rem < -th.nodeLateM;
      // A node skipped by a detour was not passed at all; one crossed in a GNSS gap was, but too late to say.
      if (!(late && ctx.afterOffRoute)) {
        const e = this.event('passing', this.route.nodes[k]!, this.nodes[k]!, ctx);
        if (late) e.late = true;
        out.push(e);
      }
      this.nodes[k]! += L;
    }
    if (out.length - first > 1) sortByPlace(out, first, this.route);
  }

  /** Door opened: confirms the arrival at a stop whose zone the bus is in. */
  door(ctx: PlaceContext, out: TripEvent[]): void {
    for (let k = 0; k < this.stops.length; k++) {
      const s = this.stops[k]!;
      const rem = s.target - ctx.u;
      if (!s.arrived && rem <= th.arriveBeforeM && rem >= -th.arriveAfterM) {
        this.arrive(k, ctx, out);
        out[out.length - 1]!.door = true;
        return;
      }
    }
  }

  /** Driver's manual announcement of the next stop. */
  announceNext(ctx: PlaceContext, out: TripEvent[]): void {
    const k = this.nextStopIndex(ctx.u);
    if (k < 0) return;
    const s = this.stops[k]!;
    s.approached = true;
    const e = this.event('approaching', this.route.stops[k]!, s.target, ctx);
    e.metresToGo = round1(Math.max(0, s.target - ctx.u));
    e.manual = true;
    out.push(e);
  }

  /** Driver's re-sync at stop k: everything else placed from there, the stop itself arrived. */
  resyncAt(k: number, ctx: PlaceContext, out: TripEvent[]): void {
    const wasCurrent = this.current === k;
    this.placeAt(ctx.u);
    if (wasCurrent) return;
    const s = this.stops[k]!;
    s.arrived = false;
    this.arrive(k, ctx, out);
    out[out.length - 1]!.manual = true;
  }

  /** The stop the bus is heading for (not the one it stands at). */
  nextStopIndex(u: number): number {
    let best = -1;
    for (let k = 0; k < this.stops.length; k++) {
      const s = this.stops[k]!;
      if (s.arrived) continue;
      if (best < 0 || s.target < this.stops[best]!.target) best = k;
    }
    return best >= 0 && this.stops[best]!.target - u > -th.leaveAfterM ? best : -1;
  }

  targetOf(k: number): number {
    return this.stops[k]!.target;
  }

  snapshot(): PlacesSnapshot {
    return { stops: this.stops.map((s) => [s.target, s.approached, s.arrived]), nodes: [...this.nodes], current: this.current };
  }

  restore(snap: PlacesSnapshot): boolean {
    if (snap.stops.length !== this.stops.length || snap.nodes.length !== this.nodes.length) return false;
    this.stops = snap.stops.map(([target, approached, arrived]) => ({ target, approached, arrived }));
    this.nodes = [...snap.nodes];
    this.current = snap.current;
    return true;
  }

  private arrive(k: number, ctx: PlaceContext, out: TripEvent[]): void {
    const s = this.stops[k]!;
    s.arrived = true;
    s.approached = true;
    this.current = k;
    out.push(this.event('arrived', this.route.stops[k]!, s.target, ctx));
  }

  private next(s: StopVisit, L: number): void {
    s.target += L;
    s.approached = false;
    s.arrived = false;
  }

  private event(type: TripEventType, place: RoutePlace, target: number, ctx: PlaceContext): TripEvent {
    return {
      type,
      stopId: place.id,
      lap: Math.floor(target / this.route.length) + 1,
      time: ctx.iso,
      distance: round1(this.route.line.wrap(ctx.u)),
      name: place.name,
    };
  }
}

function passedReason(ctx: PlaceContext, target: number): PassedReason {
  if (ctx.afterOffRoute) return 'off-route';
  const unseen = target >= ctx.gapFromU - th.arriveBeforeM && target <= ctx.gapToU + th.arriveAfterM;
  return unseen ? 'gnss-gap' : 'drove-through';
}

/** Events produced by one fix, in the order the bus met their places. */
function sortByPlace(out: TripEvent[], first: number, route: Route): void {
  const order = (e: TripEvent) => {
    const place = [...route.stops, ...route.nodes].find((p) => p.id === e.stopId)!;
    return (e.lap - 1) * route.length + place.distance;
  };
  const tail = out.splice(first).sort((a, b) => order(a) - order(b));
  out.push(...tail);
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
