/**
 * A receiver watching a generated drive: samples at its rate, adds street noise (white scatter, a
 * slowly drifting bias, occasional multipath jumps), drops outages, and speaks NMEA.
 */
import { encodeFix, type EncodableFix } from '../../../hardware/gps/encode.ts';
import type { Drive } from './drive.ts';
import { seeded } from './random.ts';

export interface Noise {
  /** White position scatter, metres (one sigma). */
  sigmaM: number;
  /** Stationary sigma of the drifting bias (time constant 60 s), metres. */
  biasM: number;
  /** Chance per fix that a multipath jump of jumpM starts (lasting 1–3 fixes). */
  jumpRate: number;
  jumpM: number;
}

export const cleanNoise: Noise = { sigmaM: 1.5, biasM: 0, jumpRate: 0, jumpM: 0 };
export const urbanNoise: Noise = { sigmaM: 10, biasM: 5, jumpRate: 0.01, jumpM: 100 };

export interface ReceiverOptions {
  rateHz: number;
  noise: Noise;
  seed: number;
  /** GNSS outages: from a time after the drive start, in seconds, for a duration. */
  outages?: { atS: number; seconds: number }[];
}

/** The epochs a receiver would have reported for this drive (WGS-84, with noise). */
export function receiverEpochs(drive: Drive, options: ReceiverOptions): EncodableFix[] {
  const rnd = seeded(options.seed);
  const every = Math.round(1000 / options.rateHz);
  const { sigmaM, biasM, jumpRate, jumpM } = options.noise;
  let bx = 0, by = 0, jumpLeft = 0, jx = 0, jy = 0, lastMs = -Infinity;
  const out: EncodableFix[] = [];
  for (const s of drive.samples) {
    const rel = s.ms - drive.startMs;
    if (rel % every !== 0) continue;
    const dt = Number.isFinite(lastMs) ? (s.ms - lastMs) / 1000 : 0;
    lastMs = s.ms;
    // Ornstein–Uhlenbeck bias: wanders, but stays near biasM.
    const keep = Math.exp(-dt / 60);
    const spread = biasM * Math.sqrt(1 - keep * keep);
    bx = bx * keep + spread * rnd.normal();
    by = by * keep + spread * rnd.normal();
    if (jumpLeft === 0 && rnd.next() < jumpRate * (every / 1000)) {
      jumpLeft = 1 + Math.floor(rnd.next() * 3 * (1000 / every));
      const a = rnd.next() * 2 * Math.PI;
      jx = jumpM * Math.sin(a); jy = jumpM * Math.cos(a);
    }
    const jumping = jumpLeft > 0;
    if (jumping) jumpLeft--;
    const silent = options.outages?.some((o) => rel >= o.atS * 1000 && rel < (o.atS + o.seconds) * 1000);
    if (silent) continue;
    const x = s.x + bx + sigmaM * rnd.normal() + (jumping ? jx : 0);
    const y = s.y + by + sigmaM * rnd.normal() + (jumping ? jy : 0);
    const { lon, lat } = drive.toLonLat(x, y);
    const standing = s.speed < 0.2;
    const speedMps = standing ? Math.abs(0.12 * rnd.normal()) : Math.max(0, s.speed + 0.15 * rnd.normal());
    const trackDeg = standing ? rnd.next() * 360 : s.track + 2 * rnd.normal();
    const hdop = sigmaM > 5 ? 1.6 : 0.9;
    out.push({ time: new Date(s.ms), lat, lon, speedMps, trackDeg, altMSL: 12, hdop, sats: 14 });
  }
  return out;
}

/** What the receiver sends on the wire: RMC, VTG, GGA and GSA per epoch. */
export function nmeaOf(epochs: readonly EncodableFix[]): string {
  return epochs.map((e) => encodeFix(e, { vtg: true, gsa: true })).join('');
}
