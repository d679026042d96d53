/**
 * Scores our decoder against gpsd's own output for one regression log: per fix epoch gpsd reported
 * (last TPV of each time, mode ≥ 2), same time, lat/lon within 1e-7°, and speed/track where the
 * receiver sent them. Also lists our fixes at times gpsd reported no fix.
 */
import { NmeaDecoder } from '../../hardware/gps/decoder.ts';
import { NmeaFramer } from '../../hardware/gps/framer.ts';
import type { Fix } from '../../hardware/gps/types.ts';
import type { GpsdLog, GpsdTpv } from './gpsd-corpus.ts';

/** gpsd moved these receivers' dates forward by 1024 GPS weeks (its rollover guess); we keep the receiver's date. */
export const weekRolloverLogs: Readonly<Record<string, string>> = {
  'neo-m8n.log': 'gpsd added 1024 weeks to the 2015 date the receiver sent (reports 2034)',
  'rst39.log': 'gpsd added 1024 weeks to the 2014 date the receiver sent (reports 2033)',
};
const WEEKS_1024_MS = 1024 * 7 * 86_400_000;

export interface LogAgreement {
  name: string;
  compared: number;
  agreed: number;
  /** Our fixes (mode ≥ 2) at a time where gpsd reported no fix. */
  falseFixes: string[];
  disagreements: string[];
  /** Epochs where gpsd had speed/track that the receiver did not send (gpsd derives them from positions). */
  derivedByGpsd: number;
  modeAgreed: number;
  altAgreed: number;
  altCompared: number;
}

export function decodeAll(bytes: Buffer, acceptMissingChecksum = false): Fix[] {
  const fixes: Fix[] = [];
  const decoder = new NmeaDecoder((fix) => fixes.push(fix), { acceptMissingChecksum });
  const framer = new NmeaFramer();
  const push = (s: string) => decoder.push(s);
  framer.push(bytes, push);
  framer.end(push);
  decoder.flush();
  return fixes;
}

export function scoreLog(log: GpsdLog): LogAgreement {
  const fixes = decodeAll(log.bytes);
  const shift = log.name in weekRolloverLogs ? WEEKS_1024_MS : 0;
  const ours = new Map<string, Fix>();
  for (const fix of fixes) {
    if (fix.time) ours.set(shift ? new Date(Date.parse(fix.time) + shift).toISOString() : fix.time, fix);
  }
  const result: LogAgreement = {
    name: log.name,
    compared: 0,
    agreed: 0,
    falseFixes: [],
    disagreements: [],
    derivedByGpsd: 0,
    modeAgreed: 0,
    altAgreed: 0,
    altCompared: 0,
  };
  const isFix = (t: GpsdTpv | undefined) => t !== undefined && t.mode >= 2 && t.lat !== undefined;
  for (const [time, tpv] of log.epochs) {
    if (!isFix(tpv)) continue;
    result.compared++;
    const fix = ours.get(time);
    const why = fix ? differences(fix, tpv, result) : ['no fix'];
    if (why.length === 0) result.agreed++;
    else result.disagreements.push(`${time}: ${why.join('; ')}`);
  }
  // The last epoch is flushed at end of input; gpsd's session ends before it judges that epoch.
  const lastTime = fixes.at(-1)?.time;
  for (const [time, fix] of ours) {
    if (fix.mode >= 2 && !isFix(log.epochs.get(time)) && fix.time !== lastTime) result.falseFixes.push(time);
  }
  return result;
}

function differences(fix: Fix, tpv: GpsdTpv, tally: LogAgreement): string[] {
  const why: string[] = [];
  if (!(Math.abs(fix.lat - tpv.lat!) <= 1e-7 && Math.abs(fix.lon - tpv.lon!) <= 1e-7)) {
    why.push(`position ${fix.lat},${fix.lon} vs ${tpv.lat},${tpv.lon}`);
  }
  let derived = false;
  // gpsd prints speed to 3 and track to 4 decimals.
  if (tpv.speed !== undefined) {
    if (fix.speed === undefined) derived = true;
    else if (Math.abs(fix.speed - tpv.speed) > 0.0006) why.push(`speed ${fix.speed} vs ${tpv.speed}`);
  }
  if (tpv.track !== undefined) {
    if (fix.track === undefined) derived = true;
    else if (Math.abs(fix.track - tpv.track) > 0.00006) why.push(`track ${fix.track} vs ${tpv.track}`);
  }
  if (derived) tally.derivedByGpsd++;
  if (fix.mode === tpv.mode) tally.modeAgreed++;
  if (tpv.altMSL !== undefined) {
    tally.altCompared++;
    if (fix.altMSL !== undefined && Math.abs(fix.altMSL - tpv.altMSL) < 0.00006) tally.altAgreed++;
  }
  return why;
}
