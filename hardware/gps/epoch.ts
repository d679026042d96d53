/**
 * Accumulates the sentences of one epoch and turns them into one Fix when the epoch ends.
 * Each sentence may set the mode, the last one in the epoch wins (as in gpsd). The epoch has a time
 * only if a date was already known when one of its timed sentences arrived, or the sentence that
 * opened it carried the date.
 *
 * Like gpsd, we report once per receiver cycle: the kind of timed sentence seen last before a
 * change of time ends a cycle, and an epoch without such a sentence is not reported. A receiver
 * whose cycle spans two times (RMC/GGA at t, GLL at t+1) so gives one fix per cycle, at its last
 * time; a 1 Hz RMC+GGA receiver gives one per second from the first. Until the first change of
 * time nothing is known, so every epoch is reported.
 */
import type { Constellation, Fix } from './types.ts';

const DAY_MS = 86_400_000;

/** Timed sentence kinds, one bit each. */
export const Kind = { RMC: 1, GGA: 2, GNS: 4, GLL: 8, ZDA: 16 } as const;
/** Kinds that carry a position: a report at one of them can give the fix its time. */
const POSITION = Kind.RMC | Kind.GGA | Kind.GNS | Kind.GLL;
/**
 * GLL may be stamped after the rest of its cycle (garmin48: one second later), so a change of
 * time at a GLL says nothing about which sentence ended the cycle before it (gpsd: cycle continuer).
 */
const CONTINUERS = Kind.GLL;

export class EpochState {
  /** Milliseconds of the UTC day; NaN until a timed sentence arrives. */
  tod = NaN;
  lat = NaN;
  lon = NaN;
  altMSL = NaN;
  speed = NaN;
  track = NaN;
  hdop = NaN;
  satellitesUsed = NaN;
  quality = NaN;
  status = 0;
  /** 0 until a sentence states it, then 1 no fix, 2 2D, 3 3D. */
  mode = 0;
  /** A timed sentence of this epoch arrived while the date was known. */
  dated = false;
  /** A sentence of a cycle-ending kind arrived in this epoch (or none was known yet). */
  ends = false;
  used: Partial<Record<Constellation, number>> | null = null;
  inView: Partial<Record<Constellation, number>> | null = null;

  addUsed(system: Constellation, count: number): void {
    this.used ??= {};
    this.used[system] = (this.used[system] ?? 0) + count;
  }

  addInView(system: Constellation, count: number): void {
    this.inView ??= {};
    // NMEA 4.10 repeats GSV per signal band: the same satellites, so keep the largest count.
    this.inView[system] = Math.max(this.inView[system] ?? 0, count);
  }
}

export class EpochBuilder {
  current = new EpochState();
  /** UTC midnight of the last date seen, and the time of day it was seen at (for midnight rollover). */
  private dateMs = NaN;
  private dateTod = NaN;
  /** Mode of the last fix reported: an RMC keeps a 3D fix 3D (gpsd). */
  lastMode = 0;
  /** Kinds (bit per timed sentence type) seen last before the time changed: they end a receiver cycle. */
  private enders = 0;
  private lastKind = 0;

  /** gpsd reports at a sentence of this kind: it ends cycles, or no cycle end is known yet. */
  private reportsAt(kind: number): boolean {
    return this.enders === 0 || (this.enders & kind) !== 0;
  }

  get dateKnown(): boolean {
    return this.dateMs === this.dateMs;
  }

  /**
   * A timed sentence of `kind` (one bit per sentence type) at `tod`: returns the previous epoch's
   * fix when the time changed and that epoch ended a receiver cycle.
   */
  enter(tod: number, kind: number): Fix | null {
    const e = this.current;
    let fix: Fix | null = null;
    if (e.tod !== tod) {
      if (e.tod !== e.tod) {
        // Untimed sentences before the first timed one join this epoch.
        e.tod = tod;
      } else {
        // Once learnt an ender stays one: a cycle with an extra sentence cannot hide the next.
        if ((kind & CONTINUERS) === 0) this.enders |= this.lastKind;
        fix = this.finish(false);
        this.current.tod = tod;
      }
    }
    this.lastKind = kind;
    if (this.reportsAt(kind)) this.current.ends = true;
    return fix;
  }

  /**
   * A void RMC: no fix. gpsd takes no time from it, so its verdict belongs to the epoch in
   * progress, which it ends (reported without a fix at that epoch's time, gpsd's last word for it)
   * unless it carries that epoch's own time. What follows is an undated epoch without a fix, so a
   * receiver that only sends void RMCs still reports "no fix" once per sentence.
   */
  void(tod: number): Fix | null {
    const e = this.current;
    e.mode = 1;
    e.ends = true;
    if (e.tod === tod) return null;
    if (e.tod !== e.tod) {
      e.tod = tod;
      return null;
    }
    const fix = this.finish();
    this.current.tod = tod;
    this.current.mode = 1;
    this.current.ends = true;
    return fix;
  }

  /**
   * A sentence with both time and date (valid RMC, ZDA): enters the epoch and dates it. A date that
   * first arrives late in an epoch whose position came earlier does not date that epoch: gpsd has
   * already reported it without a time (its regression logs agree). Unless gpsd reports at this
   * very sentence and it carries a position (an RMC before any cycle end is known, or an RMC that
   * ends cycles): that report has the date, the position and so a timed fix. A ZDA never does.
   */
  enterDated(tod: number, kind: number, year: number, month: number, day: number, emit: (fix: Fix) => void): void {
    const opens = this.current.tod !== tod;
    const previous = this.enter(tod, kind);
    if (previous) emit(previous);
    this.dateMs = Date.UTC(year, month - 1, day);
    this.dateTod = tod;
    if (opens || (this.reportsAt(kind) && (kind & POSITION) !== 0)) this.current.dated = true;
  }

  /**
   * Ends the epoch in progress; null when it never had a time of day, or when the receiver's cycle
   * had not ended in it. At end of input (`atEnd`) the stream itself ends the cycle.
   */
  finish(atEnd = true): Fix | null {
    const e = this.current;
    this.current = new EpochState();
    if (e.tod !== e.tod || !(e.ends || atEnd)) return null;
    return this.toFix(e);
  }

  private time(tod: number): string | null {
    if (this.dateMs !== this.dateMs) return null;
    if (this.dateTod === this.dateTod && tod < this.dateTod - DAY_MS / 2) {
      // The day turned since the date was last stated (GGA-only epochs after midnight).
      this.dateMs += DAY_MS;
      this.dateTod = tod;
    }
    return new Date(this.dateMs + tod).toISOString();
  }

  private toFix(e: EpochState): Fix {
    const mode: 1 | 2 | 3 = e.mode >= 2 && e.lat === e.lat ? (e.mode as 2 | 3) : 1;
    this.lastMode = mode;
    const fix: Fix = { time: e.dated ? this.time(e.tod) : null, mode, lat: NaN, lon: NaN };
    if (mode >= 2) {
      fix.lat = e.lat;
      fix.lon = e.lon;
      if (mode === 3 && e.altMSL === e.altMSL) fix.altMSL = e.altMSL;
      if (e.speed === e.speed) fix.speed = e.speed;
      if (e.track === e.track) fix.track = e.track;
      if (e.status > 1) fix.status = e.status;
    }
    if (e.hdop === e.hdop) fix.hdop = e.hdop;
    if (e.satellitesUsed === e.satellitesUsed) fix.satellitesUsed = e.satellitesUsed;
    if (e.quality === e.quality) fix.quality = e.quality;
    if (e.used || e.inView) {
      const constellations: NonNullable<Fix['constellations']> = {};
      let inView = 0;
      for (const [system, count] of Object.entries(e.inView ?? {}) as [Constellation, number][]) {
        constellations[system] = { inView: count };
        inView += count;
      }
      for (const [system, count] of Object.entries(e.used ?? {}) as [Constellation, number][]) {
        constellations[system] = { ...constellations[system], used: count };
      }
      fix.constellations = constellations;
      if (e.inView) fix.satellitesInView = inView;
    }
    return fix;
  }
}
