/**
 * The peers' own test cases (npm nmea-simple, GPS.js) where their semantics match ours: position,
 * speed (converted to m/s), track, altitude, time, satellites. Cases where we differ on purpose
 * are named with the reason; the test fails if a named difference stops differing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NmeaDecoder } from '../../../hardware/gps/decoder.ts';
import { nmeaSentence } from '../../../hardware/gps/encode.ts';
import type { Fix } from '../../../hardware/gps/types.ts';
import { gnssDataDir, requireSharedData } from '../../helpers/gpsd-corpus.ts';

interface Expected {
  lat?: number;
  lon?: number;
  speed?: number;
  track?: number;
  altMSL?: number;
  time?: string | null;
  ms?: number;
  used?: number;
  inView?: number;
  noFix?: boolean;
}

const KNOTS = 1852 / 3600;
/** Opens an epoch so that an untimed sentence (VTG, GSA, GSV) has one to join. */
const opener = nmeaSentence('GPGGA,000000,0000.000,N,00000.000,E,1,08,1.0,0.0,M,,,,');

function decodeOne(sentence: string): Fix | undefined {
  const fixes: Fix[] = [];
  const decoder = new NmeaDecoder((f) => fixes.push(f));
  const type = sentence.slice(3, 6);
  if (type === 'VTG' || type === 'GSA' || type === 'GSV') decoder.push(opener);
  decoder.push(sentence);
  decoder.flush();
  return fixes.at(-1);
}

function compare(sentence: string, expected: Expected): string[] {
  const fix = decodeOne(sentence);
  if (expected.noFix) return fix && fix.mode >= 2 ? ['decoded a fix where the peer rejects the sentence'] : [];
  if (!fix) return ['no fix decoded'];
  const out: string[] = [];
  const near = (name: string, a: number | undefined, b: number | undefined, tol: number) => {
    if (b === undefined || b === null) return;
    if (a === undefined || !(Math.abs(a - b) <= tol)) out.push(`${name} ${a} vs ${b}`);
  };
  near('lat', fix.lat, expected.lat, 1e-9);
  near('lon', fix.lon, expected.lon, 1e-9);
  near('speed', fix.speed, expected.speed, 1e-6);
  near('track', fix.track, expected.track, 1e-9);
  near('altMSL', fix.altMSL, expected.altMSL, 1e-9);
  if (expected.time !== undefined && fix.time !== expected.time) out.push(`time ${fix.time} vs ${expected.time}`);
  if (expected.ms !== undefined && (fix.time === null || new Date(fix.time).getUTCMilliseconds() !== expected.ms)) out.push(`ms of ${fix.time} vs ${expected.ms}`);
  const systems = Object.values(fix.constellations ?? {});
  if (expected.used !== undefined && systems.reduce((n, s) => n + (s.used ?? 0), 0) !== expected.used) out.push(`used vs ${expected.used}`);
  if (expected.inView !== undefined && fix.satellitesInView !== expected.inView) out.push(`inView ${fix.satellitesInView} vs ${expected.inView}`);
  return out;
}

type Json = Record<string, unknown>;
const date = (v: unknown): string | null | undefined =>
  typeof v === 'string' ? new Date(v).toISOString() : v && typeof v === 'object' && '$date' in v ? new Date((v as { $date: string }).$date).toISOString() : v && typeof v === 'object' && '$todayUTC' in v ? 'today' : undefined;
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** nmea-simple's fields → ours. */
function fromNmeaSimple(p: Json): Expected {
  const t = date(p.datetime ?? p.time);
  return {
    lat: num(p.latitude),
    lon: num(p.longitude),
    speed: num(p.speedKnots) === undefined ? undefined : num(p.speedKnots)! * KNOTS,
    track: num(p.trackTrue),
    altMSL: num(p.altitudeMeters),
    // A time of day without a date is stamped with today by the peer; we give null (no date yet).
    time: t === 'today' ? null : t,
    used: Array.isArray(p.satellites) && p.sentenceId === 'GSA' ? p.satellites.length : undefined,
    inView: p.sentenceId === 'GSV' ? num(p.satellitesInView) : undefined,
  };
}

/** GPS.js fields → ours (its speed is km/h). */
function fromGpsJs(p: Json | string): Expected {
  if (p === 'invalid') return { noFix: true };
  const o = p as Json;
  const t = date(o.time);
  return {
    lat: num(o.lat),
    lon: num(o.lon),
    speed: num(o.speed) === undefined ? undefined : num(o.speed)! / 3.6,
    track: num(o.track),
    altMSL: o.type === 'GGA' ? num(o.alt) : undefined,
    time: t === 'today' ? null : t,
    used: o.type === 'GSA' && Array.isArray(o.satellites) ? o.satellites.length : undefined,
    inView: o.type === 'GSV' ? num(o.satsInView) : undefined,
  };
}

/** Where we differ from a peer on purpose, keyed `peer|sentence`. */
const differences: Readonly<Record<string, string>> = {
  'nmea-simple|$IIGGA,123519,4807.04,N,1131.00,E,1,8,0.9,545.9,M,46.9,M,,*52': 'talker II is integrated instrumentation, not a GNSS receiver: ignored',
  'nmea-simple|$IIVTG,210.43,T,210.43,M,5.65,N,,,A*67': 'talker II is integrated instrumentation, not a GNSS receiver: ignored',
  'nmea-simple|$GPRMC,123409.886,V,,,,,16.10,145.36,040223,,,N,V*08': 'void RMC: receivers send bogus times while invalid, so gpsd (and we) use neither its time nor its date',
  'gps.js|$GPRMC,085542.023,V,,,,,,,041211,,,N*45': 'void RMC: receivers send bogus times while invalid, so gpsd (and we) use neither its time nor its date',
  'gps.js|$GPRMC,081836,A,3751.65,S,14507.36,E,000.0,360.0,130998,011.3,E*62': 'two-digit year 98: gpsd (and we) read 1998, GPS.js 2098',
  'gps.js|$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A': 'two-digit year 94: gpsd (and we) read 1994, GPS.js 2094',
  'gps.js|$GPGGA,123519,4807.04,N,1131.00,E,1,8,0.9,545.9,M,46.9,M,,*45': 'GPS.js reads longitude 1131.00 as 113°; it is 11°31′ (dddmm with the leading zero dropped)',
  'gps.js|$GNGNS,133216.00,4843.01093,N,00227.78866,E,ANNN,04,3.57,55.4,46.3,,,V*29': 'NMEA 4.11 navigation status V (not valid): gpsd and we do not use the position',
  'gps.js|$GPGGA,023920.476,5230.942,N,01323.025,E,0,12,1.0,0.0,M,0.0,M,,*6E': 'its checksum is wrong (says 6E, the sentence sums to 6F): we reject it; GPS.js marks it invalid but returns its fields',
  'gps.js|$GPGSV,3,2,11,14,25,170,00,16,57,208,39,18,67,296,40,19,40,246,00*2D': 'its checksum is wrong: we reject the sentence; GPS.js marks it invalid but still returns its fields',
};

describe('peer parsers’ cases where semantics match', () => {
  requireSharedData();
  const ours = new Set(['RMC', 'GGA', 'GNS', 'GLL', 'VTG', 'GSA', 'GSV', 'ZDA']);
  const rows: { peer: string; sentence: string; expected: Expected }[] = [];
  const simple = JSON.parse(readFileSync(`${gnssDataDir}peers/nmea-simple/cases.json`, 'utf8')) as Json[];
  for (const c of simple) {
    const sentence = c.sentence as string | undefined;
    if (!sentence || !ours.has(sentence.slice(3, 6)) || sentence.includes(' $')) continue;
    const expected = fromNmeaSimple((c.expected_properties ?? {}) as Json);
    for (const a of (c.other_assertions ?? []) as { path: string; value: unknown }[]) {
      if (a.path === 'datetime.getMilliseconds()') expected.ms = a.value as number;
    }
    rows.push({ peer: 'nmea-simple', sentence, expected });
  }
  const gpsjs = JSON.parse(readFileSync(`${gnssDataDir}peers/gps.js/cases.json`, 'utf8')) as { sentence: string; expected: Json | string }[];
  for (const c of gpsjs) {
    if (c.expected !== 'invalid' && !ours.has(c.sentence.slice(3, 6))) continue;
    rows.push({ peer: 'gps.js', sentence: c.sentence, expected: fromGpsJs(c.expected) });
  }

  it('has the cases', () => {
    expect(rows.length).toBeGreaterThan(40);
  });

  it.each(rows.map((r) => [r.peer, r.sentence, r] as const))('%s: %s', (_peer, sentence, row) => {
    const diff = compare(sentence, row.expected);
    const reason = differences[`${row.peer}|${sentence}`];
    if (reason) expect(diff, reason).not.toEqual([]);
    else expect(diff).toEqual([]);
  });
});
