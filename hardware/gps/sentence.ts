/**
 * One NMEA sentence as a string plus the offsets of its fields, filled in a single pass that also
 * verifies the checksum. Numbers are read straight from char codes: decoding sits on the path of
 * every byte the receiver sends, so no split(), no regex and no per-field strings.
 */

export type ChecksumVerdict = 'ok' | 'bad' | 'missing';

const MAX_FIELDS = 96;

export class SentenceFields {
  line = '';
  /** Field i spans [starts[i], ends[i]); field 0 is the address (talker + type) after `$`. */
  readonly starts = new Int32Array(MAX_FIELDS);
  readonly ends = new Int32Array(MAX_FIELDS);
  count = 0;

  /** Scans `line` (`$...*hh`, no line ending); returns the checksum verdict. */
  scan(line: string): ChecksumVerdict {
    this.line = line;
    const n = line.length;
    let sum = 0;
    let count = 0;
    let start = 1;
    let i = 1;
    for (; i < n; i++) {
      const c = line.charCodeAt(i);
      if (c === 42 /* * */) break;
      sum ^= c;
      if (c === 44 /* , */) {
        if (count < MAX_FIELDS - 1) {
          this.starts[count] = start;
          this.ends[count] = i;
          count++;
        }
        start = i + 1;
      }
    }
    this.starts[count] = start;
    this.ends[count] = i;
    this.count = count + 1;
    if (i >= n) return 'missing';
    if (i + 3 !== n) return 'bad';
    const hi = hexValue(line.charCodeAt(i + 1));
    const lo = hexValue(line.charCodeAt(i + 2));
    return hi >= 0 && lo >= 0 && hi * 16 + lo === sum ? 'ok' : 'bad';
  }

  isEmpty(field: number): boolean {
    return field >= this.count || this.starts[field] === this.ends[field];
  }

  /** First character code of a field, or 0 when the field is empty or absent. */
  char(field: number): number {
    return field < this.count && this.starts[field]! < this.ends[field]! ? this.line.charCodeAt(this.starts[field]!) : 0;
  }

  text(field: number): string {
    return field < this.count ? this.line.slice(this.starts[field], this.ends[field]) : '';
  }

  /** A decimal number (optional sign, optional fraction); NaN when empty or malformed. */
  number(field: number): number {
    if (field >= this.count) return NaN;
    return parseDecimal(this.line, this.starts[field]!, this.ends[field]!);
  }

  /** Degrees from (d)ddmm.mmmm and a hemisphere field (S/W negative); NaN when either is unusable. */
  coordinate(field: number, hemisphereField: number): number {
    const raw = this.number(field);
    if (!(raw >= 0)) return NaN;
    const degrees = Math.floor(raw / 100);
    const minutes = raw - degrees * 100;
    if (minutes >= 60) return NaN;
    const value = degrees + minutes / 60;
    const h = this.char(hemisphereField);
    if (h === 78 /* N */ || h === 69 /* E */) return value;
    if (h === 83 /* S */ || h === 87 /* W */) return -value;
    return NaN;
  }

  /** hhmmss(.sss) as milliseconds of the day (fraction truncated to ms); NaN when malformed. */
  timeOfDay(field: number): number {
    if (field >= this.count) return NaN;
    const s = this.line;
    const a = this.starts[field]!;
    const b = this.ends[field]!;
    if (b - a < 6) return NaN;
    const hh = twoDigits(s, a);
    const mm = twoDigits(s, a + 2);
    const ss = twoDigits(s, a + 4);
    if (hh < 0 || mm < 0 || ss < 0 || hh > 23 || mm > 59 || ss > 60) return NaN;
    let ms = 0;
    if (b > a + 6) {
      if (s.charCodeAt(a + 6) !== 46) return NaN;
      let scale = 100;
      for (let i = a + 7; i < b; i++) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return NaN;
        ms += d * scale;
        scale /= 10;
      }
      ms = Math.floor(ms);
    }
    return ((hh * 60 + mm) * 60 + ss) * 1000 + ms;
  }

  /** Two ASCII digits at an offset inside a field, or -1. */
  digitsAt(field: number, offset: number): number {
    if (field >= this.count || this.starts[field]! + offset + 2 > this.ends[field]!) return -1;
    return twoDigits(this.line, this.starts[field]! + offset);
  }
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

export function parseDecimal(s: string, from: number, to: number): number {
  let i = from;
  if (i >= to) return NaN;
  let negative = false;
  let c = s.charCodeAt(i);
  if (c === 45 || c === 43) {
    negative = c === 45;
    i++;
  }
  let whole = 0;
  let digits = 0;
  while (i < to) {
    c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    digits++;
    i++;
  }
  let fraction = 0;
  let scale = 1;
  if (i < to && s.charCodeAt(i) === 46) {
    i++;
    while (i < to) {
      c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      // Beyond 15 digits a double cannot hold more; the rest is read but ignored.
      if (scale < 1e15) {
        fraction = fraction * 10 + c;
        scale *= 10;
      }
      digits++;
      i++;
    }
  }
  if (i !== to || digits === 0) return NaN;
  const value = whole + fraction / scale;
  return negative ? -value : value;
}
