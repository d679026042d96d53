/** Epochs → the fixes the tracker sees. */
import type { EncodableFix } from '../../../hardware/gps/encode.ts';
import type { Fix } from '../../../hardware/gps/types.ts';

export function fixesOf(epochs: readonly EncodableFix[]): Fix[] {
  return epochs.map((e) => ({
    time: e.time.toISOString(),
    mode: 3,
    lat: Math.round(e.lat * 6e6) / 6e6,
    lon: Math.round(e.lon * 6e6) / 6e6,
    speed: e.speedMps,
    track: e.trackDeg,
    hdop: e.hdop,
    satellitesUsed: e.sats,
    quality: 1,
  }));
}
