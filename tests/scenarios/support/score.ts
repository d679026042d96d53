/** Scores trip events against a drive's truth: correct, missed, doubled and false events. */
import type { TripEvent, TripEventType } from '../../../src/trip/types.ts';

export interface Expected {
  type: TripEventType;
  id: string | null;
  fromMs: number;
  toMs: number;
  /** approaching: when the bus actually stopped (for the lead); passing: a late record. */
  arriveMs?: number;
  late?: boolean;
}

/** Windows in which events about a place are neither expected nor false (e.g. right after the start). */
export interface Ignored {
  id: string | null;
  type?: TripEventType;
  fromMs: number;
  toMs: number;
}

export interface Score {
  expected: number;
  correct: number;
  missed: number;
  doubled: number;
  false: number;
  /** Seconds from each correct `approaching` to the bus stopping at that stop. */
  leads: number[];
  problems: string[];
}

export function scoreEvents(events: readonly TripEvent[], expected: readonly Expected[], ignored: readonly Ignored[] = []): Score {
  const used = new Set<number>();
  const score: Score = { expected: expected.length, correct: 0, missed: 0, doubled: 0, false: 0, leads: [], problems: [] };
  const times = events.map((e) => Date.parse(e.time));
  for (const x of expected) {
    const hits = events
      .map((e, i) => i)
      .filter((i) => !used.has(i) && events[i]!.type === x.type && events[i]!.stopId === x.id && times[i]! >= x.fromMs && times[i]! <= x.toMs)
      .filter((i) => x.type !== 'passing' || (events[i]!.late === true) === (x.late === true));
    if (hits.length === 0) {
      score.missed++;
      score.problems.push(`missed ${x.type} ${x.id ?? ''} in [${iso(x.fromMs)}, ${iso(x.toMs)}]`);
      continue;
    }
    score.correct++;
    hits.forEach((i) => used.add(i));
    if (hits.length > 1) {
      score.doubled += hits.length - 1;
      score.problems.push(`doubled ${x.type} ${x.id ?? ''} ×${hits.length}`);
    }
    if (x.type === 'approaching' && x.arriveMs !== undefined) score.leads.push((x.arriveMs - times[hits[0]!]!) / 1000);
  }
  events.forEach((e, i) => {
    if (used.has(i)) return;
    const excused = ignored.some((g) => g.id === e.stopId && (g.type === undefined || g.type === e.type) && times[i]! >= g.fromMs && times[i]! <= g.toMs);
    if (excused) return;
    // A repeat of an expected event outside its window is a double, anything else is false.
    score.false++;
    score.problems.push(`false ${e.type} ${e.stopId ?? ''} at ${e.time} (d=${e.distance})`);
  });
  return score;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

export function addScores(a: Score, b: Score): Score {
  return {
    expected: a.expected + b.expected,
    correct: a.correct + b.correct,
    missed: a.missed + b.missed,
    doubled: a.doubled + b.doubled,
    false: a.false + b.false,
    leads: [...a.leads, ...b.leads],
    problems: [...a.problems, ...b.problems],
  };
}

export const emptyScore = (): Score => ({ expected: 0, correct: 0, missed: 0, doubled: 0, false: 0, leads: [], problems: [] });
