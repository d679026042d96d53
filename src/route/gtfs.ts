import { err, type Result } from '../core/result.ts';
import { buildRoute, defaultRouteLimits, type Route, type RouteDraft, type RouteErrorCode, type RouteLimits } from './model.ts';

/**
 * GTFS import: a shape (shapes.txt) is the loop, stops.txt gives the places. GTFS is WGS-84 by
 * specification. `location_type` 0/empty is a stop; 3 (a generic node) marks a service node we pass
 * without stopping. stop_name is the Chinese name; the English one comes from translations.txt
 * (table_name=stops, field_name=stop_name, language=en). Stops not near the shape belong to other
 * routes and are left out.
 */
export interface GtfsInput {
  stopsTxt: string;
  shapesTxt: string;
  shapeId: string;
  translationsTxt?: string;
  /** Route name for the model; defaults to the shape id. */
  name?: string;
  /** Only stops within this many metres of the shape belong to it. */
  memberRadiusM?: number;
}

export function importGtfs(input: GtfsInput, limits: RouteLimits = defaultRouteLimits): Result<Route, RouteErrorCode> {
  const shapes = parseCsv(input.shapesTxt);
  const missingShape = missingColumn(shapes, ['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence'], 'shapes.txt');
  if (missingShape) return missingShape;
  const points = shapes.rows
    .filter((r) => r.shape_id === input.shapeId)
    .map((r) => ({ seq: Number(r.shape_pt_sequence), lon: Number(r.shape_pt_lon), lat: Number(r.shape_pt_lat) }))
    .sort((a, b) => a.seq - b.seq);
  if (points.length === 0) return err('gtfs-unknown-shape', `shapes.txt has no points for shape_id "${input.shapeId}"`);

  const stops = parseCsv(input.stopsTxt);
  const missingStop = missingColumn(stops, ['stop_id', 'stop_name', 'stop_lat', 'stop_lon'], 'stops.txt');
  if (missingStop) return missingStop;
  const english = new Map<string, string>();
  if (input.translationsTxt) {
    for (const r of parseCsv(input.translationsTxt).rows) {
      if (r.table_name === 'stops' && r.field_name === 'stop_name' && r.language?.toLowerCase().startsWith('en') && r.record_id) {
        english.set(r.record_id, r.translation ?? '');
      }
    }
  }
  const places: RouteDraft['places'][number][] = [];
  for (const r of stops.rows) {
    const type = r.location_type ?? '';
    const kind = type === '' || type === '0' ? 'stop' : type === '3' ? 'node' : null;
    if (!kind) continue;
    places.push({
      kind,
      id: r.stop_id ?? '',
      name: { zh: r.stop_name, en: english.get(r.stop_id ?? '') },
      lon: Number(r.stop_lon),
      lat: Number(r.stop_lat),
    });
  }
  const draft: RouteDraft = { name: input.name ?? input.shapeId, datum: 'wgs84', coordinates: points.map((p) => [p.lon, p.lat]), places: [] };
  // Membership first (on the bare loop), then the full build validates names and ids of the members.
  const bare = buildRoute(draft, limits);
  if (!bare.ok) return bare;
  const radius = input.memberRadiusM ?? limits.maxPlaceOffsetM;
  const members = places.filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat) && Math.abs(bare.value.line.project(p.lon, p.lat).offset) <= radius);
  return buildRoute({ ...draft, places: members }, limits);
}

function missingColumn(table: CsvTable, columns: string[], file: string): Result<never, RouteErrorCode> | null {
  const missing = columns.filter((c) => !table.header.includes(c));
  return missing.length > 0 ? err('gtfs-missing-column', `${file} lacks column(s) ${missing.join(', ')}`) : null;
}

interface CsvTable {
  header: string[];
  rows: Record<string, string | undefined>[];
}

/** RFC 4180 CSV as GTFS uses it: quoted fields with doubled quotes, CRLF or LF, optional BOM. */
export function parseCsv(text: string): CsvTable {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      record.push(field); field = '';
      if (record.some((f) => f !== '')) records.push(record);
      record = [];
    } else field += c;
  }
  record.push(field);
  if (record.some((f) => f !== '')) records.push(record);
  const header = (records.shift() ?? []).map((h) => h.trim());
  return { header, rows: records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}
