import { describe, expect, it } from 'vitest';
import { bd09ToGcj02, bd09ToWgs84, gcj02ToBd09, gcj02ToWgs84, wgs84ToBd09, wgs84ToGcj02 } from '../../../src/route/datum.ts';
import { haversineMetres } from '../../../src/route/frame.ts';

const metres = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) => haversineMetres(a.lon, a.lat, b.lon, b.lat);

describe('datums', () => {
  it('forward transforms reproduce the published reference pairs', () => {
    // Widely published outputs of the standard formulas for (116.404, 39.915).
    const gcj = wgs84ToGcj02({ lon: 116.404, lat: 39.915 });
    expect(gcj.lon).toBeCloseTo(116.41024449916938, 10);
    expect(gcj.lat).toBeCloseTo(39.91640428150164, 10);
    const bd = gcj02ToBd09({ lon: 116.404, lat: 39.915 });
    expect(bd.lon).toBeCloseTo(116.41036949371029, 10);
    expect(bd.lat).toBeCloseTo(39.92133699351021, 10);
    const both = wgs84ToBd09({ lon: 116.404, lat: 39.915 });
    expect(both.lon).toBeCloseTo(116.41662724378733, 10);
    expect(both.lat).toBeCloseTo(39.922699552216216, 10);
  });

  it('offsets around Hongshiya are of the field order: GCJ-02 ≈ 480 m, BD-09 ≈ 1.2 km', () => {
    const wgs = { lon: 120.06, lat: 36.21 };
    expect(metres(wgs, wgs84ToGcj02(wgs))).toBeGreaterThan(400);
    expect(metres(wgs, wgs84ToGcj02(wgs))).toBeLessThan(500);
    expect(metres(wgs, wgs84ToBd09(wgs))).toBeGreaterThan(1000);
    expect(metres(wgs, wgs84ToBd09(wgs))).toBeLessThan(1400);
  });

  it('iterated inverses return to the start within 0.5 m (in fact far below a millimetre)', () => {
    let worst = 0;
    for (let lat = 36.15; lat <= 36.26; lat += 0.01) {
      for (let lon = 120.0; lon <= 120.12; lon += 0.01) {
        const wgs = { lon, lat };
        worst = Math.max(
          worst,
          metres(wgs, gcj02ToWgs84(wgs84ToGcj02(wgs))),
          metres(wgs, bd09ToWgs84(wgs84ToBd09(wgs))),
          metres(wgs84ToGcj02(wgs), bd09ToGcj02(gcj02ToBd09(wgs84ToGcj02(wgs)))),
        );
      }
    }
    expect(worst).toBeLessThan(0.5);
    expect(worst).toBeLessThan(0.001);
  });

  it('inverts the published pair back to its WGS-84 origin', () => {
    const back = gcj02ToWgs84({ lon: 116.41024449916938, lat: 39.91640428150164 });
    expect(metres(back, { lon: 116.404, lat: 39.915 })).toBeLessThan(0.01);
  });

  it('leaves positions outside China untouched', () => {
    expect(wgs84ToGcj02({ lon: 2.35, lat: 48.85 })).toEqual({ lon: 2.35, lat: 48.85 });
  });
});
