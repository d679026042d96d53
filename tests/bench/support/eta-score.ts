/**
 * How the arrival benchmark scores a prediction: against the next real arrival at that stop after
 * the prediction was made, within a window that widens with the horizon and is tighter on the
 * early side (a bus that comes earlier than the screen said is missed; a late one only costs a
 * wait). A prediction that was not given at all (the naive one standing still) counts as wrong.
 */
export interface Bucket {
  label: string;
  /** Horizon range, seconds from the prediction to the real arrival. */
  fromS: number;
  toS: number;
  /** Real arrival may be this many seconds before the predicted one… */
  earlyS: number;
  /** …or this many after. */
  lateS: number;
}

export const buckets: Bucket[] = [
  { label: '0–3 min', fromS: 0, toS: 180, earlyS: 60, lateS: 60 },
  { label: '3–6 min', fromS: 180, toS: 360, earlyS: 90, lateS: 120 },
  { label: '6–12 min', fromS: 360, toS: 720, earlyS: 150, lateS: 210 },
  { label: '12–20 min', fromS: 720, toS: 1200, earlyS: 240, lateS: 360 },
  { label: '20–40 min', fromS: 1200, toS: 2400, earlyS: 300, lateS: 480 },
];

export interface Tally {
  made: number;
  right: number;
  /** Predictions owed but not given. */
  none: number;
}

export class Scorer {
  readonly tallies = buckets.map((): Tally => ({ made: 0, right: 0, none: 0 }));

  /** `predictedMs` null: the predictor had nothing to say about this stop. */
  add(madeMs: number, actualMs: number, predictedMs: number | null): void {
    const horizonS = (actualMs - madeMs) / 1000;
    const i = buckets.findIndex((b) => horizonS >= b.fromS && horizonS < b.toS);
    if (i < 0) return;
    const tally = this.tallies[i]!;
    const bucket = buckets[i]!;
    if (predictedMs === null) {
      tally.none++;
      return;
    }
    tally.made++;
    const errorS = (actualMs - predictedMs) / 1000;
    if (errorS >= -bucket.earlyS && errorS <= bucket.lateS) tally.right++;
  }

  /** Share right of all predictions owed (made or not), per bucket. */
  shares(): number[] {
    return this.tallies.map((t) => t.right / Math.max(1, t.made + t.none));
  }

  overall(): number {
    const right = this.tallies.reduce((n, t) => n + t.right, 0);
    const owed = this.tallies.reduce((n, t) => n + t.made + t.none, 0);
    return right / Math.max(1, owed);
  }
}
