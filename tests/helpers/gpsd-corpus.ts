/**
 * gpsd's regression captures (shared/data/gnss/gpsd/daemon), read in place: each log with the TPV
 * objects gpsd produced from it. The last TPV of each time is gpsd's most complete fix of that epoch.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const gnssDataDir = fileURLToPath(new URL('../../../shared/data/gnss/', import.meta.url));
export const gpsdDaemonDir = `${gnssDataDir}gpsd/daemon/`;

export interface GpsdTpv {
  class: 'TPV';
  time?: string;
  mode: number;
  status?: number;
  lat?: number;
  lon?: number;
  altMSL?: number;
  speed?: number;
  track?: number;
}

export interface GpsdLog {
  name: string;
  /** The capture without its `#` header lines, as bytes the receiver sent. */
  bytes: Buffer;
  /** time → last TPV gpsd reported for that time. */
  epochs: Map<string, GpsdTpv>;
}

export function requireSharedData(): void {
  if (!existsSync(gpsdDaemonDir)) {
    throw new Error(`shared GNSS data not found at ${gpsdDaemonDir} (expected ../shared/data/gnss next to the repository)`);
  }
}

export function gpsdLogNames(): string[] {
  requireSharedData();
  return readdirSync(gpsdDaemonDir)
    .filter((f) => f.endsWith('.log'))
    .sort();
}

/** Drops the `#` comment lines gpsfake does not send. */
export function stripComments(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < raw.length) {
    let end = raw.indexOf(0x0a, at);
    end = end < 0 ? raw.length : end + 1;
    if (raw[at] !== 0x23) parts.push(raw.subarray(at, end));
    at = end;
  }
  return Buffer.concat(parts);
}

export function loadGpsdLog(name: string): GpsdLog {
  const bytes = stripComments(readFileSync(`${gpsdDaemonDir}${name}`));
  const epochs = new Map<string, GpsdTpv>();
  for (const line of readFileSync(`${gpsdDaemonDir}${name}.chk`, 'latin1').split('\n')) {
    if (!line.startsWith('{"class":"TPV"')) continue;
    const tpv = JSON.parse(line) as GpsdTpv;
    if (tpv.time) epochs.set(tpv.time, tpv);
  }
  return { name, bytes, epochs };
}
