import type { TripEvent } from '../../trip/types.ts';
import type { ApiDeps } from '../deps.ts';

/** Where the bus is on the loop, for the screens (live changes come as `trip` and `trip-state` events). */
export function tripApi({ store, trip, gps }: ApiDeps) {
  return {
    /** With the GNSS status: the screens say plainly when the position is unknown (the state may be from a restore or a re-sync). */
    async tripState() {
      return { ...trip.state(), gnss: gps.status().status };
    },

    /** The loop for the screens' diagram: stops and nodes with their distance along the loop. */
    async tripRoute() {
      const route = trip.routeModel;
      const place = ({ id, kind, name, distance, lon, lat }: (typeof route.stops)[number]) => ({ id, kind, name, distance, lon, lat });
      return { name: route.name, length: route.length, stops: route.stops.map(place), nodes: route.nodes.map(place) };
    },

    async tripRecentEvents(input: { limit?: number } | undefined) {
      const limit = Math.min(Math.max(Math.trunc(Number(input?.limit ?? 20)) || 20, 1), 500);
      // trip_event rows are written only from tracker TripEvents (TripRuntime.commit).
      return store.recentTripEvents(limit) as unknown as TripEvent[];
    },
  };
}
