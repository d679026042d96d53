/**
 * NMEA decoding throughput over gpsd's regression corpus repeated to at least 1 M lines: ours
 * (decode + epoch assembly, and framing from bytes too) against npm nmea-simple and npm gps (GPS.js)
 * in the same run, with ratios. The peers only parse sentences; ours also assembles fixes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseNmeaSentence } from 'nmea-simple';
import { NmeaDecoder } from '../../hardware/gps/decoder.ts';
import { NmeaFramer } from '../../hardware/gps/framer.ts';
import { gpsdDaemonDir, gpsdLogNames, stripComments } from '../helpers/gpsd-corpus.ts';

const require = createRequire(import.meta.url);
// The package's ESM entry is missing from its dist; its CommonJS build is what Node can load.
const GPS = (require('gps') as { GPS: new () => { update(line: string): boolean } }).GPS;

const TARGET_LINES = 1_000_000;
const ROUNDS = 3;

function corpus(): string[] {
  const base: string[] = [];
  for (const name of gpsdLogNames()) {
    for (const line of stripComments(readFileSync(`${gpsdDaemonDir}${name}`)).toString('latin1').split('\n')) {
      const trimmed = line.replace(/\r$/, '');
      if (trimmed.startsWith('$')) base.push(trimmed);
    }
  }
  const lines: string[] = [];
  while (lines.length < TARGET_LINES) for (const l of base) lines.push(l);
  return lines;
}

/** Best of a few rounds, lines per second. */
function measure(lines: readonly string[], run: () => void): number {
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    run();
    best = Math.min(best, performance.now() - t0);
  }
  return lines.length / (best / 1000);
}

export async function run(): Promise<void> {
  const lines = corpus();
  const bytes = Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
  let sink = 0;

  const ours = measure(lines, () => {
    const decoder = new NmeaDecoder(() => sink++);
    for (const line of lines) decoder.push(line);
    decoder.flush();
  });
  const oursFramed = measure(lines, () => {
    const decoder = new NmeaDecoder(() => sink++);
    const framer = new NmeaFramer();
    const push = (s: string) => decoder.push(s);
    for (let at = 0; at < bytes.length; at += 65_536) framer.push(bytes.subarray(at, at + 65_536), push);
    framer.end(push);
    decoder.flush();
  });
  const simple = measure(lines, () => {
    for (const line of lines) {
      try {
        if (parseNmeaSentence(line)) sink++;
      } catch {
        // unknown sentence types and bad checksums throw
      }
    }
  });
  const gpsjs = measure(lines, () => {
    const gps = new GPS();
    for (const line of lines) {
      try {
        if (gps.update(line)) sink++;
      } catch {
        // malformed sentences can throw
      }
    }
  });

  const faster = Math.max(simple, gpsjs);
  const row = (name: string, lps: number) => `${name.padEnd(44)} ${Math.round(lps).toLocaleString('en-US').padStart(12)} lines/s`;
  console.log(`corpus: ${lines.length.toLocaleString('en-US')} lines (${gpsdLogNames().length} gpsd logs repeated), ${(bytes.length / 1e6).toFixed(1)} MB; best of ${ROUNDS}`);
  console.log(row('ours: decode + epoch assembly (lines)', ours));
  console.log(row('ours: framing + decode + epochs (bytes)', oursFramed));
  console.log(row('npm nmea-simple parseNmeaSentence', simple));
  console.log(row('npm gps (GPS.js) update', gpsjs));
  console.log(`ratio ours/nmea-simple ${(ours / simple).toFixed(2)}×, ours/gps ${(ours / gpsjs).toFixed(2)}×, ours/faster peer ${(ours / faster).toFixed(2)}× (target ≥ 3×)`);
  console.log(`ratio ours from bytes/faster peer ${(oursFramed / faster).toFixed(2)}×`);
  if (sink < 0) console.log(sink); // keeps the work observable
}
