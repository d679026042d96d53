import { wgs84ToGcj02, type LonLat } from '../../route/datum.ts';
import { haversineMetres } from '../../route/frame.ts';
import type { Route } from '../../route/model.ts';
import type { OfficeMapConfig } from './tiles.ts';
import type { TrackPoint } from './track.ts';

/** Farther than this from the line, a live fix means the bus is off its route. */
export const offRouteMetres = 100;
/** Within this of a stop and slower than walking pace, the bus is at that stop. */
const atStopMetres = 50;
const standingSpeedMs = 1.5;
/** A live fix older than this no longer says where the bus is now. */
const liveFreshS = 120;

export type MapDatum = 'wgs84' | 'gcj02';
export type BusMapState = 'moving' | 'at-stop' | 'off-route' | 'offline' | 'unknown';

/** [lat, lon] in the basemap's datum, as Leaflet takes them. */
export type LatLng = [number, number];

function toMap(datum: MapDatum): (p: LonLat) => LatLng {
  return datum === 'gcj02'
    ? (p) => {
        const g = wgs84ToGcj02(p);
        return [g.lat, g.lon];
      }
    : (p) => [p.lat, p.lon];
}

/** The route and its places for the map, shifted onto a GCJ-02 basemap when that is what it uses. */
export function mapRoute(route: Route, map: OfficeMapConfig | undefined) {
  const at = toMap(map?.datum ?? 'wgs84');
  return {
    line: route.line.coordinates.map(([lon, lat]) => at({ lon, lat })),
    places: [...route.stops, ...route.nodes].map((p) => ({ id: p.id, kind: p.kind, name: p.name.zh, at: at(p) })),
    basemap: map ? { attribution: map.attribution, maxZoom: map.maxZoom, datum: map.datum } : null,
  };
}

export interface FleetBus {
  busId: string;
  online: boolean;
  lastSeen: string | null;
  statusAt: string | null;
  live: { lat: number; lon: number; time: string } | null;
  /** The last trip event on the loop (metres along it), when there was one. */
  position: { at: string; type: string; stopId: string | null; distance: number } | null;
}

/** The latest anything was heard from the bus: an event, its status, or a live fix. */
export function lastContact(bus: FleetBus): string | null {
  const times = [bus.lastSeen, bus.statusAt, bus.live?.time ?? null].filter((t): t is string => t !== null);
  return times.length === 0 ? null : times.reduce((a, b) => (new Date(a) >= new Date(b) ? a : b));
}

/**
 * Where a bus is on the map and in what state: its live fix when fresh, else where its last trip
 * event put it on the loop; offline from the retained status, whatever the last fix said.
 */
export function busOnMap(bus: FleetBus, route: Route, track: readonly TrackPoint[], datum: MapDatum, now: Date) {
  const at = toMap(datum);
  const live = bus.live;
  const fresh = live !== null && (now.getTime() - new Date(live.time).getTime()) / 1000 <= liveFreshS;
  const lastFix = track.at(-1);
  const speed = lastFix && live && lastFix.time === live.time ? lastFix.speed : undefined;
  let where: LonLat | null = live;
  let source: 'live' | 'trip' | null = live ? 'live' : null;
  if (!live && bus.position) {
    where = route.line.pointAt(bus.position.distance);
    source = 'trip';
  }
  const nearStop = where ? route.stops.find((s) => haversineMetres(s.lon, s.lat, where.lon, where.lat) <= atStopMetres) : undefined;
  const offLine = live ? Math.abs(route.line.project(live.lon, live.lat).offset) > offRouteMetres : false;
  let state: BusMapState;
  if (!bus.online) state = 'offline';
  else if (!where) state = 'unknown';
  else if (fresh && offLine) state = 'off-route';
  else if (nearStop && (speed === undefined || speed < standingSpeedMs)) state = 'at-stop';
  else if (source === 'trip' && bus.position?.type === 'arrived') state = 'at-stop';
  else state = 'moving';
  const stopId = state === 'at-stop' ? (nearStop?.id ?? bus.position?.stopId ?? null) : null;
  return {
    busId: bus.busId,
    state,
    stop: stopId ? (route.stops.find((s) => s.id === stopId)?.name.zh ?? stopId) : null,
    lastContact: lastContact(bus),
    /** When the drawn position was taken (live fix or trip event). */
    positionAt: live?.time ?? bus.position?.at ?? null,
    source,
    at: where ? at(where) : null,
    track: track.map(at),
  };
}

export type BusOnMap = ReturnType<typeof busOnMap>;
