/**
 * NMEA 0183 encoder: turns a fix-like record into the sentences a receiver would send, so test
 * drives and the simulator exercise the same framing and decoding path as a real receiver.
 * Output follows NMEA 2.3 (RMC/GGA with mode indicator), positions as ddmm.mmmmm, speed in knots.
 */

export interface EncodableFix {
  time: Date;
  /** WGS-84 degrees. */
  lat: number;
  lon: number;
  speedMps: number;
  /** Degrees true; normalised into [0, 360). */
  trackDeg: number;
  /** Metres above mean sea level; omitted from GGA when absent (the fix is then 2D). */
  altMSL?: number;
  hdop?: number;
  /** Satellites used. */
  sats?: number;
  /** GGA fix quality: 0 invalid (RMC void), 1 GPS, 2 DGPS, 4 RTK fixed, 5 RTK float, 6 dead reckoning. */
  quality?: number;
}

export interface EncodeOptions {
  /** Talker of RMC/GGA/GSA; VTG is always `GP` as many receivers send it. Default `GN`. */
  talker?: 'GN' | 'GP';
  /** Also emit `$GPVTG` (track and speed). */
  vtg?: boolean;
  /** Also emit `$GNGSA` (mode and HDOP; satellite ids are placeholders 1..n). */
  gsa?: boolean;
}

const KNOTS_PER_MPS = 3600 / 1852;

/** XOR of every byte between `$` and `*`, as two upper-case hex digits. */
export function nmeaChecksum(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return sum.toString(16).toUpperCase().padStart(2, '0');
}

/** `$body*hh` without a line ending. */
export function nmeaSentence(body: string): string {
  return `$${body}*${nmeaChecksum(body)}`;
}

/** The sentences of one epoch, each terminated by CRLF, in receiver order (RMC, VTG, GGA, GSA). */
export function encodeFix(fix: EncodableFix, options: EncodeOptions = {}): string {
  return encodeFixSentences(fix, options)
    .map((s) => `${s}\r\n`)
    .join('');
}

/** Same as encodeFix, one sentence per array element without line endings. */
export function encodeFixSentences(fix: EncodableFix, options: EncodeOptions = {}): string[] {
  const talker = options.talker ?? 'GN';
  const quality = fix.quality ?? 1;
  const valid = quality > 0;
  const time = hhmmss(fix.time);
  const lat = coordinate(fix.lat, 2, 'N', 'S');
  const lon = coordinate(fix.lon, 3, 'E', 'W');
  const knots = decimal(Math.max(0, fix.speedMps) * KNOTS_PER_MPS, 3);
  const kmh = decimal(Math.max(0, fix.speedMps) * 3.6, 3);
  const track = decimal((((fix.trackDeg % 360) + 360) % 360), 2);
  const modeIndicator = !valid ? 'N' : quality === 2 ? 'D' : quality === 6 ? 'E' : 'A';
  const hdop = fix.hdop === undefined ? '' : decimal(fix.hdop, 2);
  const sats = Math.max(0, Math.min(99, Math.round(fix.sats ?? (valid ? 8 : 0))));
  const alt = fix.altMSL === undefined ? '' : decimal(fix.altMSL, 1);

  const out = [
    nmeaSentence(`${talker}RMC,${time},${valid ? 'A' : 'V'},${lat},${lon},${knots},${track},${ddmmyy(fix.time)},,,${modeIndicator}`),
  ];
  if (options.vtg) out.push(nmeaSentence(`GPVTG,${track},T,,M,${knots},N,${kmh},K,${modeIndicator}`));
  out.push(
    nmeaSentence(
      `${talker}GGA,${time},${lat},${lon},${quality},${String(sats).padStart(2, '0')},${hdop},${alt},${alt ? 'M' : ''},,,,`,
    ),
  );
  if (options.gsa) {
    const mode = !valid ? 1 : fix.altMSL === undefined ? 2 : 3;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(valid && i < sats ? String(i + 1).padStart(2, '0') : '');
    out.push(nmeaSentence(`${talker}GSA,A,${mode},${ids.join(',')},,${hdop},`));
  }
  return out;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** hhmmss.ss, truncating to the hundredth so a time never rounds into the next second. */
function hhmmss(t: Date): string {
  return `${pad(t.getUTCHours(), 2)}${pad(t.getUTCMinutes(), 2)}${pad(t.getUTCSeconds(), 2)}.${pad(Math.floor(t.getUTCMilliseconds() / 10), 2)}`;
}

function ddmmyy(t: Date): string {
  return `${pad(t.getUTCDate(), 2)}${pad(t.getUTCMonth() + 1, 2)}${pad(t.getUTCFullYear() % 100, 2)}`;
}

/** (d)ddmm.mmmmm plus hemisphere, rounded in integer 1e-5 minutes so 59.999995' carries into the degree. */
function coordinate(deg: number, degDigits: number, positive: string, negative: string): string {
  const units = Math.round(Math.abs(deg) * 60 * 1e5);
  const whole = Math.floor(units / 6e6);
  const rest = units - whole * 6e6;
  const minutes = Math.floor(rest / 1e5);
  const fraction = rest - minutes * 1e5;
  return `${pad(whole, degDigits)}${pad(minutes, 2)}.${pad(fraction, 5)},${deg < 0 ? negative : positive}`;
}

function decimal(value: number, places: number): string {
  return Number.isFinite(value) ? value.toFixed(places) : '';
}
