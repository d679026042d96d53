/**
 * Seeded fuzz of framer + decoder: 120,000 mutated and random lines. Nothing may throw, the framer
 * may hold at most its bounded buffer, and sentences with a wrong checksum may not change any fix:
 * the fixes equal those decoded from only the sentences an independent checker accepts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NmeaDecoder } from '../../../hardware/gps/decoder.ts';
import { nmeaSentence } from '../../../hardware/gps/encode.ts';
import { NmeaFramer } from '../../../hardware/gps/framer.ts';
import type { Fix } from '../../../hardware/gps/types.ts';
import { gpsdDaemonDir, requireSharedData, stripComments } from '../../helpers/gpsd-corpus.ts';
import { seededRandom } from '../../helpers/random.ts';

/** Independent of the decoder: `$body*hh` where hh is the XOR of body. */
function checksumValid(sentence: string): boolean {
  const m = /^\$([^*]*)\*([0-9A-Fa-f]{2})$/.exec(sentence);
  if (!m) return false;
  let sum = 0;
  for (const ch of m[1]!) sum ^= ch.charCodeAt(0);
  return sum === parseInt(m[2]!, 16);
}

const LINES = 120_000;

describe('fuzzed NMEA input', () => {
  requireSharedData();
  const seeds = ['ublox-neo-m9n-nmea.log', 'telit-he910.log', 'nmea-rtk.log', 'quectel-l76k-nmea.log']
    .flatMap((n) => stripComments(readFileSync(`${gpsdDaemonDir}${n}`)).toString('latin1').split(/\r?\n/))
    .filter((l) => l.startsWith('$'));

  it(`survives ${LINES} mutated and random lines without a fix from a bad checksum`, () => {
    const random = seededRandom(20261123);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const junk = ['\u0000\u0000\u0000', '\u001b[31m', '\u001b[0m', '\xb5b\u0001\u0007$G', '\xff\xfe', 'x', '$', '*', '\r', ','];
    const chunks: Buffer[] = [];
    const kinds = { mutated: 0, resummed: 0, random: 0, intact: 0 };
    for (let i = 0; i < LINES; i++) {
      let line = pick(seeds);
      const roll = random();
      if (roll < 0.15) {
        kinds.intact++;
      } else if (roll < 0.75) {
        kinds.mutated++;
        const edits = 1 + Math.floor(random() * 3);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(random() * (line.length + 1));
          const op = random();
          if (op < 0.3) line = line.slice(0, at) + String.fromCharCode(32 + Math.floor(random() * 95)) + line.slice(at + 1);
          else if (op < 0.5) line = line.slice(0, at) + pick(junk) + line.slice(at);
          else if (op < 0.7) line = line.slice(0, at);
          else if (op < 0.85) line = line + pick(seeds);
          else line = line.slice(0, at) + line.slice(at + 1 + Math.floor(random() * 10));
        }
        // Sometimes give the mangled body a correct checksum: the decoder must cope with any fields.
        if (random() < 0.3 && line.startsWith('$')) {
          const star = line.indexOf('*');
          line = nmeaSentence((star > 0 ? line.slice(1, star) : line.slice(1)).replace(/[$*\r\n]/g, ''));
          kinds.resummed++;
        }
      } else {
        kinds.random++;
        const n = Math.floor(random() * (random() < 0.02 ? 3000 : 120));
        let s = random() < 0.5 ? '$G' : '';
        const printable = random() < 0.2;
        for (let k = 0; k < n; k++) s += String.fromCharCode(printable || random() < 0.8 ? 32 + Math.floor(random() * 95) : Math.floor(random() * 256));
        line = s;
      }
      chunks.push(Buffer.from(line + (random() < 0.5 ? '\r\n' : '\n'), 'latin1'));
    }
    const stream = Buffer.concat(chunks);

    // Everything through framer and decoder, in random chunk sizes.
    const fixes: Fix[] = [];
    const framed: string[] = [];
    const decoder = new NmeaDecoder((f) => fixes.push(f));
    const framer = new NmeaFramer();
    let maxBuffered = 0;
    const onSentence = (s: string) => {
      framed.push(s);
      decoder.push(s);
    };
    for (let at = 0; at < stream.length; ) {
      const size = 1 + Math.floor(random() * 4096);
      framer.push(stream.subarray(at, at + size), onSentence);
      maxBuffered = Math.max(maxBuffered, framer.bufferedBytes);
      at += size;
    }
    framer.end(onSentence);
    decoder.flush();

    // Reference: only the sentences the independent checker accepts.
    const reference: Fix[] = [];
    const clean = new NmeaDecoder((f) => reference.push(f));
    for (const s of framed) if (checksumValid(s)) clean.push(s);
    clean.flush();

    console.log(
      `fuzz: ${LINES} lines (${JSON.stringify(kinds)}), ${stream.length} bytes, ${framed.length} framed, ` +
        `${decoder.counts.badChecksum} bad checksums rejected, ${decoder.counts.missingChecksum} without checksum, ` +
        `${fixes.length} fix epochs, framer max buffer ${maxBuffered} B, ${framer.counts.overlong} overlong`,
    );
    expect(kinds.mutated + kinds.random).toBeGreaterThan(100_000);
    expect(decoder.counts.badChecksum).toBeGreaterThan(10_000);
    expect(maxBuffered).toBeLessThanOrEqual(256);
    expect(framer.counts.overlong).toBeGreaterThan(0);
    expect(fixes).toEqual(reference);
    expect(fixes.filter((f) => f.mode >= 2).length).toBeGreaterThan(1000);
  });
});
