/**
 * Chinese map datums. GNSS gives WGS-84; Amap/Tencent publish GCJ-02 (≈ 420–460 m off in Qingdao),
 * Baidu BD-09 (≈ 1.2 km off). The forward transforms are the published ones; the inverses are
 * solved by fixed-point iteration to well under a millimetre, unlike the common one-step inverse
 * that leaves metres of error.
 */
export type Datum = 'wgs84' | 'gcj02' | 'bd09';
export const datums: readonly Datum[] = ['wgs84', 'gcj02', 'bd09'];

export interface LonLat {
  lon: number;
  lat: number;
}

const krasovskyA = 6378245.0;
const krasovskyEe = 0.006693421622965943;
const bdPi = (Math.PI * 3000.0) / 180.0;

/** GCJ-02 only applies inside mainland China's bounding box; elsewhere it is WGS-84. */
function outsideChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function shiftLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function shiftLon(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

export function wgs84ToGcj02({ lon, lat }: LonLat): LonLat {
  if (outsideChina(lon, lat)) return { lon, lat };
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - krasovskyEe * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (shiftLat(lon - 105.0, lat - 35.0) * 180.0) / (((krasovskyA * (1 - krasovskyEe)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (shiftLon(lon - 105.0, lat - 35.0) * 180.0) / ((krasovskyA / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lon: lon + dLon, lat: lat + dLat };
}

export function gcj02ToBd09({ lon, lat }: LonLat): LonLat {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * bdPi);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * bdPi);
  return { lon: z * Math.cos(theta) + 0.0065, lat: z * Math.sin(theta) + 0.006 };
}

export function wgs84ToBd09(p: LonLat): LonLat {
  return gcj02ToBd09(wgs84ToGcj02(p));
}

/**
 * Inverts a forward transform that is close to a translation: w ← w − (f(w) − target) until the
 * step is below ~1 µm (1e-11°). Converges in a handful of steps because f's Jacobian is ≈ identity.
 */
function invert(forward: (p: LonLat) => LonLat, target: LonLat): LonLat {
  let lon = target.lon;
  let lat = target.lat;
  for (let i = 0; i < 30; i++) {
    const f = forward({ lon, lat });
    const dLon = f.lon - target.lon;
    const dLat = f.lat - target.lat;
    lon -= dLon;
    lat -= dLat;
    if (Math.abs(dLon) < 1e-11 && Math.abs(dLat) < 1e-11) break;
  }
  return { lon, lat };
}

export function gcj02ToWgs84(p: LonLat): LonLat {
  return invert(wgs84ToGcj02, p);
}

export function bd09ToGcj02(p: LonLat): LonLat {
  return invert(gcj02ToBd09, p);
}

export function bd09ToWgs84(p: LonLat): LonLat {
  return invert(wgs84ToBd09, p);
}

export function toWgs84(datum: Datum, p: LonLat): LonLat {
  switch (datum) {
    case 'wgs84':
      return p;
    case 'gcj02':
      return gcj02ToWgs84(p);
    case 'bd09':
      return bd09ToWgs84(p);
  }
}

export function fromWgs84(datum: Datum, p: LonLat): LonLat {
  switch (datum) {
    case 'wgs84':
      return p;
    case 'gcj02':
      return wgs84ToGcj02(p);
    case 'bd09':
      return wgs84ToBd09(p);
  }
}
