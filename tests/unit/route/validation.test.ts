import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRouteGeoJson } from '../../../src/route/geojson.ts';

const demoText = readFileSync(new URL('../../../assets/routes/hongfu-loop.geojson', import.meta.url), 'utf8');
type Doc = { type: string; properties: Record<string, unknown>; features: { type: string; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[] };
const demo = (): Doc => JSON.parse(demoText) as Doc;
const codeOf = (doc: unknown) => {
  const r = parseRouteGeoJson(doc);
  return r.ok ? 'ok' : r.error.code;
};

describe('route file validation', () => {
  it('loads the demo loop: 3 stops, 5 nodes, about 8 km', () => {
    const r = parseRouteGeoJson(demoText);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.stops.map((s) => s.id)).toEqual(['hongfu-jiayuan', 'hongshiya-shangyejie', 'furonglu-center']);
    expect(r.value.nodes).toHaveLength(5);
    expect(r.value.length).toBeGreaterThan(7500);
    expect(r.value.length).toBeLessThan(9000);
  });

  it('rejects what is not a route file, with a clear code', () => {
    expect(codeOf('{nope')).toBe('invalid-json');
    expect(codeOf({ type: 'Feature' })).toBe('not-feature-collection');
    const noLine = demo();
    noLine.features = noLine.features.filter((f) => f.properties.kind !== 'route');
    expect(codeOf(noLine)).toBe('no-route-line');
    const badDatum = demo();
    badDatum.properties.datum = 'osgb36';
    expect(codeOf(badDatum)).toBe('bad-datum');
  });

  it('rejects an open loop', () => {
    const doc = demo();
    const line = doc.features.find((f) => f.properties.kind === 'route')!;
    line.geometry.coordinates = (line.geometry.coordinates as number[][]).slice(0, -10);
    const r = parseRouteGeoJson(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'open-loop' });
  });

  it('rejects a stop far from the line and names it (a datum mix-up looks like this)', () => {
    const doc = demo();
    const stop = doc.features.find((f) => f.properties.id === 'hongfu-jiayuan')!;
    const [lon, lat] = stop.geometry.coordinates as number[];
    stop.geometry.coordinates = [lon!, lat! + 0.004];
    const r = parseRouteGeoJson(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('place-off-line');
      expect(r.error.message).toContain('hongfu-jiayuan');
    }
  });

  it('rejects duplicate ids and missing names', () => {
    const dup = demo();
    dup.features.find((f) => f.properties.id === 'street-office')!.properties.id = 'hongfu-jiayuan';
    expect(codeOf(dup)).toBe('duplicate-id');
    const noEn = demo();
    noEn.features.find((f) => f.properties.id === 'health-centre')!.properties.name = { zh: '红石崖街道社区卫生服务中心' };
    expect(codeOf(noEn)).toBe('missing-name');
  });

  it('reads a GCJ-02 file to the same WGS-84 places (sub-metre)', async () => {
    const { gcj02RouteText, demoRoute } = await import('../../scenarios/support/scenarios.ts');
    const r = parseRouteGeoJson(gcj02RouteText());
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.sourceDatum).toBe('gcj02');
    r.value.stops.forEach((s, i) => expect(Math.abs(s.distance - demoRoute.stops[i]!.distance)).toBeLessThan(0.5));
    expect(Math.abs(r.value.length - demoRoute.length)).toBeLessThan(0.5);
  });
});
