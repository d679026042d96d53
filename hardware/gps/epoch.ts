/**
 * Accumulates the sentences of one epoch and turns them into one Fix when the epoch ends.
 * Each sentence may set the mode, the last one in the epoch wins (as in gpsd). The epoch has a time
 * only if a date was already known when one of its timed sentences arrived, or the sentence that
 * opened it carried the date.
 */
import type { Constellation, Fix } from './types.ts';

const DAY_MS = 86_400_000;

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
  /** Epochs ended by a change of time, to recognise the first one of a stream. */
  private epochs = 0;

  get dateKnown(): boolean {
    return this.dateMs === this.dateMs;
  }

  /** A timed sentence at `tod`: returns the previous epoch's fix when the time changed. */
  enter(tod: number): Fix | null {
    const e = this.current;
    if (e.tod === tod) return null;
    if (e.tod !== e.tod) {
      // Untimed sentences before the first timed one join this epoch.
      e.tod = tod;
      return null;
    }
    const fix = this.finish();
    this.epochs++;
    this.current.tod = tod;
    return fix;
  }

  /**
   * A sentence with both time and date (valid RMC, ZDA): enters the epoch and dates it. A date that
   * first arrives late in an epoch whose position came earlier does not date that epoch: gpsd has
   * already reported it without a time (its regression logs agree, except at the very start).
   */
  enterDated(tod: number, year: number, month: number, day: number, emit: (fix: Fix) => void): void {
    const opens = this.current.tod !== tod;
    const previous = this.enter(tod);
    if (previous) emit(previous);
    this.dateMs = Date.UTC(year, month - 1, day);
    this.dateTod = tod;
    if (opens || this.epochs === 0) this.current.dated = true;
  }

  /** Ends the epoch in progress; null when it never had a time of day. */
  finish(): Fix | null {
    const e = this.current;
    this.current = new EpochState();
    if (e.tod !== e.tod) return null;
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
