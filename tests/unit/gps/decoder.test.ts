import { describe, expect, it } from 'vitest';
import { NmeaDecoder } from '../../../hardware/gps/decoder.ts';
import { nmeaSentence } from '../../../hardware/gps/encode.ts';
import type { Fix } from '../../../hardware/gps/types.ts';

function decode(bodies: string[], options = {}): { fixes: Fix[]; decoder: NmeaDecoder } {
  const fixes: Fix[] = [];
  const decoder = new NmeaDecoder((f) => fixes.push(f), options);
  for (const b of bodies) decoder.push(b.startsWith('$') ? b : nmeaSentence(b));
  decoder.flush();
  return { fixes, decoder };
}

const rmc = (time: string, date = '231126', lat = '3600.00000') => `GNRMC,${time},A,${lat},N,12000.00000,E,10.0,90.0,${date},,,A`;
const gga = (talker: string, time: string, lat = '3600.00000', sats = '08') => `${talker}GGA,${time},${lat},N,12000.00000,E,1,${sats},0.9,10.0,M,,,,`;

describe('NMEA decoder and epoch assembly', () => {
  it('makes one fix of all sentences sharing a time, two GGAs from different talkers included', () => {
    const { fixes } = decode([rmc('080000.00'), gga('GP', '080000.00'), gga('GL', '080000.00', '3600.00060'), 'GPVTG,91.0,T,,M,11.0,N,20.4,K,A', rmc('080001.00')]);
    expect(fixes).toHaveLength(2);
    expect(fixes[0]).toMatchObject({ time: '2026-11-23T08:00:00.000Z', mode: 3, lon: 120, altMSL: 10, track: 91, satellitesUsed: 8 });
    expect(fixes[0]!.lat).toBeCloseTo(36.00001, 12); // the later GGA of the epoch wins
    expect(fixes[0]!.speed).toBeCloseTo(11 * (1852 / 3600), 9);
  });

  it('has no time until a date is seen; ZDA supplies the date for receivers without RMC', () => {
    const { fixes } = decode([gga('GN', '235958.00'), 'GNZDA,235959.00,23,11,2026,00,00', gga('GN', '235959.00'), gga('GN', '000000.00'), gga('GN', '000001.00')]);
    expect(fixes.map((f) => f.time)).toEqual([null, '2026-11-23T23:59:59.000Z', '2026-11-24T00:00:00.000Z', '2026-11-24T00:00:01.000Z']);
  });

  it('reports once per receiver cycle: every second of a 1 Hz RMC+GGA receiver, once per split cycle at its GLL time', () => {
    const seconds = ['080000', '080001', '080002', '080003', '080004'];
    const steady = decode(seconds.flatMap((t) => [rmc(t), gga('GN', t), 'GNGSA,A,3,01,02,03,04,,,,,,,,,1.5,0.9,1.2'])).fixes;
    expect(steady.map((f) => [f.time?.slice(11, 19), f.mode])).toEqual(seconds.map((t) => [`${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4)}`, 3]));
    // Garmin 48: RMC and GGA at t, GLL a second later, one cycle every 2 s. The first cycles teach
    // which sentence ends a cycle; from then on the RMC/GGA time is not reported on its own.
    const gll = (t: string) => `GPGLL,3600.00000,N,12000.00000,E,${t},A`;
    const split = ['00', '02', '04', '06', '08'].flatMap((s) => {
      const next = String(Number(s) + 1).padStart(2, '0');
      return [rmc(`0800${s}`), gga('GP', `0800${s}`), gll(`0800${next}`)];
    });
    expect(decode(split).fixes.map((f) => f.time?.slice(17, 19))).toEqual(['00', '01', '03', '05', '07', '09']);
  });

  it('puts a void RMC on the epoch in progress: no fix at that time, not a fix followed by a no-fix second', () => {
    const lost = decode([gga('GP', '080000'), rmc('080000'), gga('GP', '080001'), rmc('080001'), 'GPRMC,080002,V,,,,,,,231126,,,N', 'GPRMC,080004,V,,,,,,,231126,,,N']).fixes;
    expect(lost.map((f) => [f.time, f.mode])).toEqual([
      ['2026-11-23T08:00:00.000Z', 3],
      ['2026-11-23T08:00:01.000Z', 1],
      [null, 1],
      [null, 1],
    ]);
  });

  it('reads two-digit years as gpsd does (99 → 1999, 26 → 2026) and ignores the date of a void RMC', () => {
    expect(decode([rmc('120000', '010199')]).fixes[0]!.time).toBe('1999-01-01T12:00:00.000Z');
    expect(decode([rmc('120000', '010126')]).fixes[0]!.time).toBe('2026-01-01T12:00:00.000Z');
    const voided = decode(['GPRMC,120000,V,,,,,,,010126,,,N', gga('GP', '120001')]).fixes;
    expect(voided.map((f) => [f.time, f.mode])).toEqual([
      [null, 1],
      [null, 3],
    ]);
  });

  it('rejects wrong and missing checksums by default; an option accepts receivers that send none', () => {
    const good = nmeaSentence(rmc('080000.00'));
    const bad = good.slice(0, -2) + (good.endsWith('00') ? '01' : '00');
    const bare = `$${rmc('080001.00')}`;
    const strict = decode([bad, bare]);
    expect(strict.fixes).toEqual([]);
    expect(strict.decoder.counts).toMatchObject({ badChecksum: 1, missingChecksum: 1 });
    expect(decode([bad, bare], { acceptMissingChecksum: true }).fixes.map((f) => f.time)).toEqual(['2026-11-23T08:00:01.000Z']);
  });

  it('ignores proprietary sentences and unknown talkers, counts satellites per constellation (NMEA 4.10)', () => {
    const { fixes, decoder } = decode([
      rmc('080000.00'),
      'PUBX,00,080000.00,3700.0000,N,12100.0000,E',
      'IIGGA,080000.00,3700.00000,N,12100.00000,E,1,08,0.9,10.0,M,,,,',
      'GNGSA,A,3,01,02,03,04,,,,,,,,,1.5,0.9,1.2,1',
      'GNGSA,A,3,201,202,203,,,,,,,,,,1.5,0.9,1.2,4',
      'GPGSV,2,1,07,01,40,083,46,02,17,308,41,03,07,344,39,04,22,228,45,1',
      'GPGSV,2,2,07,05,40,083,46,06,17,308,41,07,07,344,39,,,,,1',
      'GPGSV,1,1,07,01,40,083,46,8',
      'GBGSV,1,1,04,201,40,083,46,202,17,308,41,203,07,344,39,204,22,228,45,1',
      'GNTXT,01,01,02,ANTSTATUS=OK',
    ]);
    expect(fixes[0]).toMatchObject({ lat: 36, lon: 120, satellitesInView: 11, constellations: { gps: { used: 4, inView: 7 }, beidou: { used: 3, inView: 4 } } });
    expect(decoder.counts.ignored).toBe(2);
  });

  it('follows gpsd on mode: GGA with fewer than 3 satellites is no fix; GSA states 2D; RMC keeps 3D', () => {
    expect(decode([gga('GP', '080000', '3600.00000', '02')]).fixes[0]!.mode).toBe(1);
    expect(decode([gga('GP', '080000'), 'GPGSA,A,2,01,02,03,,,,,,,,,,1.5,0.9,1.2']).fixes[0]!.mode).toBe(2);
    expect(decode([gga('GP', '080000'), rmc('080000'), rmc('080001'), rmc('080002')]).fixes.map((f) => f.mode)).toEqual([3, 3, 3]);
    // The same GGA time again from the same talker: a receiver repeating itself without lock.
    expect(decode([rmc('080000'), gga('GP', '080000'), gga('GP', '080000')]).fixes.at(-1)!.mode).toBe(1);
  });

  it('never throws on hostile fields', () => {
    const hostile = ['GPGGA,99,9999.9,N,,,,', 'GPRMC,1,A,x,N,y,E,z,w,999999', 'GNGSA' + ','.repeat(200), 'GPZDA,120000,32,13,99999', 'GPGLL,,,,,,', 'GPVTG'];
    expect(() => decode(hostile)).not.toThrow();
  });
});
