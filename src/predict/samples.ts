import { dayTypes, similarDayType, type DayHour, type DayType } from './day-type.ts';
import { median, robustSpread } from './robust.ts';

/** Serialised: `index|dayType|hour` → seconds, oldest first. */
export type SampleTableSnapshot = Record<string, number[]>;

export interface SampleLimits {
  /** Newest samples kept per place, day type and hour: old traffic patterns age out. */
  keep: number;
  /** Fewer samples than this and the estimate widens: neighbouring hours, the whole day, other days. */
  enough: number;
  /** A sample beyond median ± max(spreads × robust spread, relative × median, floorS) is an outlier... */
  spreads: number;
  relative: number;
  floorS: number;
  /** ...unless this many outliers in a row agree the traffic changed for good: then they are taken in. */
  confirmAfter: number;
  /** Values below the median are never outliers (dwell: a stop driven through takes 0 s). */
  highOnly: boolean;
}

export type AddOutcome = 'kept' | 'outlier' | 'confirmed';

const slotKey = /^(\d+)\|(workday|weekend|holiday)\|(\d+)$/;
const key = (index: number, dayType: DayType, hour: number) => `${index}|${dayType}|${hour}`;

/**
 * Seconds observed per place (a segment or a stop), day type and hour of day. Estimates are medians,
 * and a value far outside what the same slot already holds is set aside rather than learned, so one
 * breakdown or detour does not shift the model at all.
 */
export class SampleTable {
  private readonly slots = new Map<string, number[]>();
  /** Outliers set aside per place (any hour), in a row; an accepted sample clears them. */
  private readonly suspects = new Map<string, number[]>();

  constructor(private readonly limits: SampleLimits) {}

  add(index: number, at: DayHour, seconds: number): AddOutcome {
    const k = key(index, at.dayType, at.hour);
    const s = String(index);
    const reference = this.around(index, at, this.limits.enough + 2);
    if (reference.length >= this.limits.enough && this.isOutlier(seconds, reference)) {
      const held = [...(this.suspects.get(s) ?? []), seconds];
      if (held.length < this.limits.confirmAfter) {
        this.suspects.set(s, held);
        return 'outlier';
      }
      // The traffic changed for good: the last ones are learned where they were seen, this slot.
      this.suspects.delete(s);
      for (const v of held) this.push(k, v);
      return 'confirmed';
    }
    this.suspects.delete(s);
    this.push(k, seconds);
    return 'kept';
  }

  /**
   * The samples that speak for this slot: its own, widened step by step until there are `enough`:
   * ±1 hour, the whole day type, the similar day type at this hour, any day at this hour, everything.
   */
  around(index: number, at: DayHour, enough: number = this.limits.enough): number[] {
    const hours = (h: number, spread: number) => {
      const out = [h];
      for (let d = 1; d <= spread; d++) out.push((h + d) % 24, (h + 24 - d) % 24);
      return out;
    };
    const all = Array.from({ length: 24 }, (_, h) => h);
    const similar = similarDayType[at.dayType];
    const steps: [DayType[], number[]][] = [
      [[at.dayType], [at.hour]],
      [[at.dayType], hours(at.hour, 1)],
      [[at.dayType], all],
      ...(similar ? [[[at.dayType, similar], hours(at.hour, 1)] as [DayType[], number[]]] : []),
      [[...dayTypes], hours(at.hour, 1)],
      [[...dayTypes], all],
    ];
    let found: number[] = [];
    for (const [types, hs] of steps) {
      found = [];
      for (const t of types) for (const h of hs) found.push(...(this.slots.get(key(index, t, h)) ?? []));
      if (found.length >= enough) return found;
    }
    return found;
  }

  get size(): number {
    let n = 0;
    for (const v of this.slots.values()) n += v.length;
    return n;
  }

  snapshot(): { slots: SampleTableSnapshot; suspects: SampleTableSnapshot } {
    return { slots: Object.fromEntries(this.slots), suspects: Object.fromEntries(this.suspects) };
  }

  restore(snap: { slots: SampleTableSnapshot; suspects: SampleTableSnapshot }, places: number): boolean {
    for (const [name, target, pattern] of [[snap.slots, this.slots, slotKey], [snap.suspects, this.suspects, /^(\d+)$/]] as const) {
      if (typeof name !== 'object' || name === null) return false;
      for (const [k, values] of Object.entries(name)) {
        const m = pattern.exec(k);
        if (!m || Number(m[1]) >= places || (m[3] !== undefined && Number(m[3]) > 23)) return false;
        if (!Array.isArray(values) || !values.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)) return false;
        target.set(k, values.slice(-this.limits.keep));
      }
    }
    return true;
  }

  private isOutlier(seconds: number, reference: readonly number[]): boolean {
    const m = median(reference);
    const band = Math.max(this.limits.spreads * robustSpread(reference), this.limits.relative * m, this.limits.floorS);
    return seconds > m + band || (!this.limits.highOnly && seconds < m - band);
  }

  private push(k: string, seconds: number): void {
    const list = this.slots.get(k) ?? [];
    list.push(Math.round(seconds * 10) / 10);
    if (list.length > this.limits.keep) list.splice(0, list.length - this.limits.keep);
    this.slots.set(k, list);
  }
}
