import { err, ok, type Result } from '../core/result.ts';
import { toWgs84, type Datum } from './datum.ts';
import { haversineMetres } from './frame.ts';
import { RouteLine } from './line.ts';

export interface Names {
  zh: string;
  en: string;
}

/** A fixed stop or a service node, placed on the loop. Coordinates are WGS-84. */
export interface RoutePlace {
  kind: 'stop' | 'node';
  id: string;
  name: Names;
  lon: number;
  lat: number;
  /** Metres along the loop from its first vertex. */
  distance: number;
  /** Metres from the line, positive on the left of travel. */
  offset: number;
}

export interface Route {
  name: string;
  /** The datum the file was written in; everything here is WGS-84 already. */
  sourceDatum: Datum;
  /** Loop length in metres. */
  length: number;
  line: RouteLine;
  /** Ordered by distance along the loop. */
  stops: RoutePlace[];
  nodes: RoutePlace[];
  /** Changes whenever geometry or places change: a saved tracker state is only valid for the same route. */
  fingerprint: string;
}

export type RouteErrorCode =
  | 'invalid-json'
  | 'not-feature-collection'
  | 'bad-datum'
  | 'no-route-line'
  | 'several-route-lines'
  | 'bad-coordinates'
  | 'open-loop'
  | 'bad-place'
  | 'missing-name'
  | 'duplicate-id'
  | 'place-off-line'
  | 'gtfs-missing-column'
  | 'gtfs-unknown-shape';

export interface RouteLimits {
  /** A stop or node further than this from the line is a data error (often a datum mix-up). */
  maxPlaceOffsetM: number;
  /** A loop whose ends are further apart than this is open, not closed. */
  maxClosureGapM: number;
}

export const defaultRouteLimits: RouteLimits = { maxPlaceOffsetM: 60, maxClosureGapM: 5 };

export interface RouteDraft {
  name: string;
  datum: Datum;
  /** [lon, lat] in `datum`. */
  coordinates: readonly (readonly [number, number])[];
  places: readonly { kind: 'stop' | 'node'; id: string; name: Partial<Names>; lon: number; lat: number }[];
}

const validLonLat = (p: readonly number[]): boolean =>
  p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90;

/** Converts to WGS-84, checks the loop and its places, and places stops and nodes along the line. */
export function buildRoute(draft: RouteDraft, limits: RouteLimits = defaultRouteLimits): Result<Route, RouteErrorCode> {
  if (draft.coordinates.length < 4 || !draft.coordinates.every(validLonLat)) {
    return err('bad-coordinates', 'the route line needs at least 4 [lon, lat] positions with valid numbers');
  }
  const coords = draft.coordinates.map(([lon, lat]) => {
    const w = toWgs84(draft.datum, { lon, lat });
    return [w.lon, w.lat] as [number, number];
  });
  const first = coords[0]!;
  const last = coords[coords.length - 1]!;
  const gap = haversineMetres(first[0], first[1], last[0], last[1]);
  if (gap > limits.maxClosureGapM) {
    return err('open-loop', `the route line is not a closed loop: its ends are ${gap.toFixed(0)} m apart (at most ${limits.maxClosureGapM} m)`);
  }
  if (gap > 0) coords.push(first);
  let line: RouteLine;
  try {
    line = new RouteLine(coords);
  } catch (error) {
    return err('bad-coordinates', (error as Error).message);
  }
  const seen = new Set<string>();
  const places: RoutePlace[] = [];
  for (const place of draft.places) {
    if (!place.id) return err('bad-place', `a ${place.kind} has no id`);
    if (seen.has(place.id)) return err('duplicate-id', `id "${place.id}" is used more than once`);
    seen.add(place.id);
    if (!place.name.zh?.trim() || !place.name.en?.trim()) {
      return err('missing-name', `${place.kind} "${place.id}" needs both name.zh and name.en`);
    }
    if (!validLonLat([place.lon, place.lat])) return err('bad-place', `${place.kind} "${place.id}" has no valid position`);
    const w = toWgs84(draft.datum, { lon: place.lon, lat: place.lat });
    const at = line.project(w.lon, w.lat);
    if (Math.abs(at.offset) > limits.maxPlaceOffsetM) {
      return err(
        'place-off-line',
        `${place.kind} "${place.id}" is ${Math.abs(at.offset).toFixed(0)} m from the route line (at most ${limits.maxPlaceOffsetM} m): ` +
          'check the datum of the file',
      );
    }
    places.push({ kind: place.kind, id: place.id, name: { zh: place.name.zh, en: place.name.en }, lon: w.lon, lat: w.lat, distance: at.distance, offset: at.offset });
  }
  places.sort((a, b) => a.distance - b.distance);
  const stops = places.filter((p) => p.kind === 'stop');
  const nodes = places.filter((p) => p.kind === 'node');
  return ok({
    name: draft.name,
    sourceDatum: draft.datum,
    length: line.length,
    line,
    stops,
    nodes,
    fingerprint: fingerprint(coords, places),
  });
}

/** FNV-1a over rounded geometry and places: cheap, stable, and enough to detect a changed route. */
function fingerprint(coords: readonly (readonly [number, number])[], places: readonly RoutePlace[]): string {
  let h = 0x811c9dc5;
  const text = coords.map(([lon, lat]) => `${lon.toFixed(6)},${lat.toFixed(6)}`).join(';') +
    '|' + places.map((p) => `${p.kind}:${p.id}:${p.distance.toFixed(0)}`).join(';');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
