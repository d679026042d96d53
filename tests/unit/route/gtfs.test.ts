import { describe, expect, it } from 'vitest';
import { importGtfs, parseCsv } from '../../../src/route/gtfs.ts';
import { demoRoute, demoRouteText } from '../../scenarios/support/scenarios.ts';

type Feature = { properties: { kind: string; id?: string; name?: { zh: string; en: string } }; geometry: { coordinates: unknown } };
const features = (JSON.parse(demoRouteText) as { features: Feature[] }).features;
const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The demo loop written as a GTFS feed, plus a stop of another line far away. */
function demoFeed() {
  const line = features.find((f) => f.properties.kind === 'route')!.geometry.coordinates as number[][];
  const shapesTxt = ['shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence', ...line.map(([lon, lat], i) => `hongfu,${lat},${lon},${i + 1}`)].join('\r\n');
  const places = features.filter((f) => f.properties.kind !== 'route');
  const stopsTxt = [
    '\uFEFFstop_id,stop_name,stop_lat,stop_lon,location_type',
    ...places.map((f) => {
      const [lon, lat] = f.geometry.coordinates as number[];
      return `${f.properties.id},${quote(f.properties.name!.zh)},${lat},${lon},${f.properties.kind === 'node' ? 3 : 0}`;
    }),
    'elsewhere,"其他线路, 远处站",36.30,120.20,0',
  ].join('\n');
  const translationsTxt = [
    'table_name,field_name,language,translation,record_id',
    ...places.map((f) => `stops,stop_name,en,${quote(f.properties.name!.en)},${f.properties.id}`),
  ].join('\n');
  return { shapesTxt, stopsTxt, translationsTxt };
}

describe('GTFS import', () => {
  it('gives the same model as the GeoJSON file', () => {
    const r = importGtfs({ ...demoFeed(), shapeId: 'hongfu' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.length).toBeCloseTo(demoRoute.length, 6);
    expect(r.value.stops).toEqual(demoRoute.stops);
    expect(r.value.nodes).toEqual(demoRoute.nodes);
    expect(r.value.fingerprint).toBe(demoRoute.fingerprint);
  });

  it('names a missing shape, column or translation', () => {
    const feed = demoFeed();
    expect(importGtfs({ ...feed, shapeId: 'nope' })).toMatchObject({ ok: false, error: { code: 'gtfs-unknown-shape' } });
    expect(importGtfs({ ...feed, shapesTxt: 'shape_id,lat\nx,1', shapeId: 'hongfu' })).toMatchObject({ ok: false, error: { code: 'gtfs-missing-column' } });
    expect(importGtfs({ ...feed, translationsTxt: undefined, shapeId: 'hongfu' })).toMatchObject({ ok: false, error: { code: 'missing-name' } });
  });

  it('parses quoted CSV fields with commas, doubled quotes and CRLF', () => {
    const t = parseCsv('a,b\r\n"x, ""y""",2\r\n');
    expect(t.rows).toEqual([{ a: 'x, "y"', b: '2' }]);
  });
});
