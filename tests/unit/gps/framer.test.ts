import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeFix } from '../../../hardware/gps/encode.ts';
import { NmeaFrameStream, NmeaFramer } from '../../../hardware/gps/framer.ts';
import { SentenceFields } from '../../../hardware/gps/sentence.ts';
import { gnssDataDir, gpsdDaemonDir, requireSharedData, stripComments } from '../../helpers/gpsd-corpus.ts';
import { seededRandom } from '../../helpers/random.ts';

function frame(chunks: Uint8Array[], maxLength?: number): string[] {
  const framer = new NmeaFramer(maxLength);
  const out: string[] = [];
  for (const c of chunks) framer.push(c, (s) => out.push(s));
  framer.end((s) => out.push(s));
  return out;
}

const checksumOk = (s: string) => new SentenceFields().scan(s) === 'ok';

interface GpsdCase {
  legend: string;
  input_hex: string;
  expected_type: 'NMEA_PACKET' | 'BAD_PACKET';
  garbage_offset: number;
  testlen: number;
}

describe('NMEA framer', () => {
  requireSharedData();
  const cases = JSON.parse(readFileSync(`${gnssDataDir}gpsd/gpsd_packet_nmea_cases.json`, 'utf8')) as GpsdCase[];

  it.each(cases.map((c) => [c.legend, c] as const))('gpsd framing case: %s', (_legend, c) => {
    const input = Buffer.from(c.input_hex, 'hex');
    const sentences = frame([input]);
    // The packet gpsd's lexer returns: the bytes after its garbage offset, up to the line end.
    const first = input.subarray(c.garbage_offset).toString('latin1').split(/\r?\n/)[0]!;
    if (c.expected_type === 'BAD_PACKET') {
      expect(sentences.filter(checksumOk)).toEqual([]);
    } else {
      expect(sentences[0]).toBe(first);
      const verdict = new SentenceFields().scan(first);
      expect(verdict === 'ok' || verdict === 'missing').toBe(true);
    }
    // Every byte-level split gives the same sentences.
    for (let i = 0; i <= input.length; i++) expect(frame([input.subarray(0, i), input.subarray(i)])).toEqual(sentences);
  });

  it('keeps the good sentences out of junk, NULs, ANSI codes, binary frames, glued and cut lines', () => {
    const good = encodeFix({ time: new Date('2026-11-23T08:00:00Z'), lat: 36.1, lon: 120.1, speedMps: 5, trackDeg: 90 }).split('\r\n');
    const [rmc, gga] = [good[0]!, good[1]!];
    const input = Buffer.concat([
      Buffer.from(`x${rmc}\r\n`, 'latin1'), // stray character before $
      Buffer.from([0, 0, 0, 0]),
      Buffer.from(`\u001b[2J\u001b[0m${gga}\n`, 'latin1'), // ANSI escapes, LF only
      Buffer.from([0xb5, 0x62, 0x01, 0x07, 0x24, 0x47, 0x00, 0xff]), // UBX frame holding a '$G'
      Buffer.from(`${rmc}${gga}\r\n`, 'latin1'), // glued
      Buffer.from(`${rmc.slice(0, 30)}${gga}\r\n`, 'latin1'), // cut mid-line by the next sentence
      Buffer.from(`${rmc.slice(0, 20)}\u0000\u0000${gga.slice(20)}\r\n`, 'latin1'), // NULs inside: dropped
    ]);
    expect(frame([input]).filter(checksumOk)).toEqual([rmc, gga, rmc, gga, gga]);
  });

  it('bounds its buffer on endless garbage and recovers at the next sentence', () => {
    const garbage = Buffer.alloc(1_000_000, 'A');
    const framer = new NmeaFramer(256);
    const out: string[] = [];
    framer.push(Buffer.from('$GP'), (s) => out.push(s));
    for (let i = 0; i < 10; i++) framer.push(garbage, (s) => out.push(s));
    framer.push(Buffer.from('\r\n$GPTXT,01,01,02,ok*49\r\n'), (s) => out.push(s));
    expect(out).toEqual(['$GPTXT,01,01,02,ok*49']);
    expect(framer.counts.overlong).toBe(1);
  });

  it('gives the same sentences at every chunk boundary of a mixed capture', () => {
    const raw = stripComments(readFileSync(`${gpsdDaemonDir}ublox-zed-f9t-ubx_nmea_l5.log`));
    const capture = raw.subarray(0, 3000); // NMEA interleaved with UBX binary
    const whole = frame([capture]);
    expect(whole.length).toBeGreaterThan(10);
    for (let i = 0; i <= capture.length; i++) {
      expect(frame([capture.subarray(0, i), capture.subarray(i)])).toEqual(whole);
    }
  });

  it('gives the same sentences in random chunkings of whole logs', () => {
    const random = seededRandom(7);
    for (const name of ['ublox-zed-f9r.log', 'gp-320fw-2019-04-07-coldboot.log', 'quectel-l76k-dual.log']) {
      const capture = stripComments(readFileSync(`${gpsdDaemonDir}${name}`));
      const whole = frame([capture]);
      for (let round = 0; round < 20; round++) {
        const chunks: Buffer[] = [];
        for (let at = 0; at < capture.length; ) {
          const size = 1 + Math.floor(random() * (random() < 0.5 ? 8 : 600));
          chunks.push(capture.subarray(at, at + size));
          at += size;
        }
        expect(frame(chunks)).toEqual(whole);
      }
    }
  });

  it('works as a node:stream Transform', async () => {
    const text = '$GPTXT,01,01,02,ok*49\r\n$GPTXT,01,01,02,ok*49';
    const stream = Readable.from([Buffer.from(text.slice(0, 5)), Buffer.from(text.slice(5))]).pipe(new NmeaFrameStream());
    const out: string[] = [];
    for await (const s of stream) out.push(s as string);
    expect(out).toEqual(['$GPTXT,01,01,02,ok*49', '$GPTXT,01,01,02,ok*49']);
  });
});
