import { readFileSync } from 'node:fs';
import { err, type Result } from '../core/result.ts';
import { datums, type Datum } from './datum.ts';
import { buildRoute, defaultRouteLimits, type Names, type Route, type RouteDraft, type RouteErrorCode, type RouteLimits } from './model.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a route file (GUIDE §3 format) into the route model, or a clear error. */
export function parseRouteGeoJson(input: string | unknown, limits: RouteLimits = defaultRouteLimits): Result<Route, RouteErrorCode> {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (error) {
      return err('invalid-json', `the route file is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!isObject(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    return err('not-feature-collection', 'the route file must be a GeoJSON FeatureCollection with a "features" array');
  }
  const props = isObject(doc.properties) ? doc.properties : {};
  const datum = props.datum ?? 'wgs84';
  if (typeof datum !== 'string' || !datums.includes(datum as Datum)) {
    return err('bad-datum', `properties.datum must be one of ${datums.join(', ')} (got ${JSON.stringify(datum)})`);
  }
  const lines = doc.features.filter(
    (f): f is Json => isObject(f) && isObject(f.properties) && f.properties.kind === 'route',
  );
  if (lines.length === 0) return err('no-route-line', 'no LineString feature with properties.kind = "route"');
  if (lines.length > 1) return err('several-route-lines', `${lines.length} features have kind "route"; exactly one loop is expected`);
  const geometry = lines[0]!.geometry;
  if (!isObject(geometry) || geometry.type !== 'LineString' || !Array.isArray(geometry.coordinates)) {
    return err('no-route-line', 'the "route" feature must have a LineString geometry');
  }
  const places: RouteDraft['places'][number][] = [];
  for (const feature of doc.features) {
    if (!isObject(feature) || !isObject(feature.properties)) continue;
    const { kind, id, name } = feature.properties;
    if (kind !== 'stop' && kind !== 'node') continue;
    const g = feature.geometry;
    if (!isObject(g) || g.type !== 'Point' || !Array.isArray(g.coordinates)) {
      return err('bad-place', `${kind} ${JSON.stringify(id ?? '?')} must be a Point`);
    }
    const [lon, lat] = g.coordinates as unknown[];
    places.push({
      kind,
      id: typeof id === 'string' ? id : '',
      name: isObject(name) ? (name as Partial<Names>) : {},
      lon: Number(lon),
      lat: Number(lat),
    });
  }
  return buildRoute(
    {
      name: typeof props.name === 'string' ? props.name : 'route',
      datum: datum as Datum,
      coordinates: (geometry.coordinates as unknown[]).map((p) => (Array.isArray(p) ? p.map(Number) : [NaN, NaN]) as [number, number]),
      places,
    },
    limits,
  );
}

export function loadRouteFile(path: string, limits?: RouteLimits): Result<Route, RouteErrorCode | 'unreadable'> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return err('unreadable', `cannot read route file ${path}: ${(error as Error).message}`);
  }
  const parsed = parseRouteGeoJson(text, limits);
  if (parsed.ok) return parsed;
  return err(parsed.error.code, `${path}: ${parsed.error.message}`);
}
