/**
 * The common alternative, for comparison only: radius geofences around each place (Traccar-style).
 * approaching on entering 250 m, arrived on entering 40 m, departed on leaving it, passing a node
 * on entering 60 m; each re-armed when the bus leaves the circle.
 */
import type { Fix } from '../../../hardware/gps/types.ts';
import { haversineMetres } from '../../../src/route/frame.ts';
import type { Route } from '../../../src/route/model.ts';
import type { TripEvent } from '../../../src/trip/types.ts';

export class NaiveGeofence {
  private readonly inside = new Map<string, boolean>();

  constructor(private readonly route: Route) {}

  update(fix: Fix): TripEvent[] {
    if (fix.time === null || fix.mode < 2) return [];
    const out: TripEvent[] = [];
    const fence = (key: string, radius: number, d: number, onEnter: () => void, onLeave?: () => void) => {
      const was = this.inside.get(key) ?? false;
      const now = d <= radius;
      if (now && !was) onEnter();
      if (!now && was) onLeave?.();
      this.inside.set(key, now);
    };
    const event = (type: TripEvent['type'], id: string): TripEvent => ({ type, stopId: id, lap: 0, time: fix.time!, distance: 0 });
    for (const s of this.route.stops) {
      const d = haversineMetres(fix.lon, fix.lat, s.lon, s.lat);
      fence(`a:${s.id}`, 250, d, () => out.push(event('approaching', s.id)));
      fence(`s:${s.id}`, 40, d, () => out.push(event('arrived', s.id)), () => out.push(event('departed', s.id)));
    }
    for (const n of this.route.nodes) {
      fence(`n:${n.id}`, 60, haversineMetres(fix.lon, fix.lat, n.lon, n.lat), () => out.push(event('passing', n.id)));
    }
    return out;
  }
}
