/** Epochs → NMEA bytes → the project's framer and decoder → the fixes the tracker sees. */
import { NmeaDecoder } from '../../../hardware/gps/decoder.ts';
import type { EncodableFix } from '../../../hardware/gps/encode.ts';
import { NmeaFramer } from '../../../hardware/gps/framer.ts';
import type { Fix } from '../../../hardware/gps/types.ts';
import { nmeaOf } from './receiver.ts';

export function fixesOf(epochs: readonly EncodableFix[]): Fix[] {
  return decodeNmea(nmeaOf(epochs));
}

export function decodeNmea(text: string): Fix[] {
  const fixes: Fix[] = [];
  const decoder = new NmeaDecoder((fix) => fixes.push(fix));
  new NmeaFramer().push(Buffer.from(text, 'latin1'), (line) => decoder.push(line));
  decoder.flush();
  return fixes;
}
