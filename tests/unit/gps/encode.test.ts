import { describe, expect, it } from 'vitest';
import { NmeaDecoder } from '../../../hardware/gps/decoder.ts';
import { encodeFix, encodeFixSentences, nmeaChecksum } from '../../../hardware/gps/encode.ts';
import { NmeaFramer } from '../../../hardware/gps/framer.ts';
import type { Fix } from '../../../hardware/gps/types.ts';

const fix = {
  time: new Date('2026-11-23T08:05:09.456Z'),
  lat: 36.0123456,
  lon: -120.25,
  speedMps: 10,
  trackDeg: 370,
  altMSL: 12.34,
  hdop: 0.9,
  sats: 9,
};

describe('NMEA encoder', () => {
  it('computes the checksum of a known sentence', () => {
    expect(nmeaChecksum('GPVTG,308.74,T,,M,0.00,N,0.0,K')).toBe('68');
  });

  it('writes RMC and GGA with ddmm.mmmmm, knots and CRLF', () => {
    const [rmc, gga] = encodeFixSentences(fix);
    expect(rmc).toMatch(/^\$GNRMC,080509\.45,A,3600\.74074,N,12015\.00000,W,19\.438,10\.00,231126,,,A\*[0-9A-F]{2}$/);
    expect(gga).toMatch(/^\$GNGGA,080509\.45,3600\.74074,N,12015\.00000,W,1,09,0\.90,12\.3,M,,,,\*[0-9A-F]{2}$/);
    expect(encodeFix(fix).split('\r\n')).toHaveLength(3);
  });

  it('gives every sentence a checksum matching its body', () => {
    for (const s of encodeFixSentences(fix, { vtg: true, gsa: true, talker: 'GP' })) {
      const star = s.lastIndexOf('*');
      expect(s.slice(star + 1)).toBe(nmeaChecksum(s.slice(1, star)));
    }
  });

  it('carries rounded minutes into the degree and marks void fixes', () => {
    const [rmc, gga, gsa] = encodeFixSentences(
      { time: fix.time, lat: 9.9999999999, lon: 0, speedMps: 0, trackDeg: 0, quality: 0 },
      { gsa: true },
    );
    expect(rmc).toContain(',V,1000.00000,N,');
    expect(gga).toContain(',0,00,');
    expect(gsa).toMatch(/^\$GNGSA,A,1,/);
  });

  it('round-trips through the framer and decoder', () => {
    const fixes: Fix[] = [];
    const decoder = new NmeaDecoder((f) => fixes.push(f));
    new NmeaFramer().push(Buffer.from(encodeFix(fix, { vtg: true, gsa: true }), 'latin1'), (s) => decoder.push(s));
    decoder.flush();
    expect(fixes).toHaveLength(1);
    const [decoded] = fixes;
    expect(decoded).toMatchObject({ time: '2026-11-23T08:05:09.450Z', mode: 3, altMSL: 12.3, hdop: 0.9, satellitesUsed: 9, quality: 1 });
    expect(Math.abs(decoded!.lat - fix.lat)).toBeLessThan(2e-7); // 1e-5 minute resolution
    expect(Math.abs(decoded!.lon - fix.lon)).toBeLessThan(2e-7);
    expect(decoded!.speed).toBeCloseTo(10, 2);
    expect(decoded!.track).toBeCloseTo(10, 6);
  });
});
