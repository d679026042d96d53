import { chinaUtcOffsetMinutes } from '../core/local-time.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Route } from '../route/model.ts';
import type { WorkCalendar } from '../services/desk/working-days.ts';
import type { TripEvent } from '../trip/types.ts';
import { dayHourOf, emptyCalendar, type DayHour } from './day-type.ts';
import { Learner, type LearnerSnapshot } from './learner.ts';
import { SampleTable, type SampleLimits, type SampleTableSnapshot } from './samples.ts';
import type { LoopPlace } from './types.ts';

export interface ModelOptions {
  /** Decides working day / weekend / holiday (the desk's calendar on the bus). */
  calendar?: WorkCalendar;
  /** The prior before any history: the loop driven at this speed, dwelling this long at each stop. */
  typicalSpeedMps?: number;
  priorDwellS?: number;
  utcOffsetMinutes?: number;
}

interface Snapshot {
  v: 1;
  route: string;
  run: { slots: SampleTableSnapshot; suspects: SampleTableSnapshot };
  dwell: { slots: SampleTableSnapshot; suspects: SampleTableSnapshot };
  learner: LearnerSnapshot;
  outliers: number;
}

/** A town bus over a whole loop, traffic lights included (about 20 km/h). */
export const defaultTypicalSpeedMps = 5.5;
export const defaultPriorDwellS = 30;

const runLimits: SampleLimits = { keep: 30, enough: 4, spreads: 5, relative: 0.6, floorS: 60, confirmAfter: 4, highOnly: false };
const dwellLimits: SampleLimits = { keep: 30, enough: 4, spreads: 5, relative: 1.5, floorS: 90, confirmAfter: 4, highOnly: true };

/**
 * The line's own history of running times and dwells, learned from trip events. Pure and
 * deterministic: no clock but the events' GNSS times, the same code on the bus and at the office.
 */
export class ArrivalModel {
  readonly places: readonly LoopPlace[];
  readonly length: number;
  /** Observations set aside as outliers so far. */
  outliers = 0;
  private readonly run = new SampleTable(runLimits);
  private readonly dwell = new SampleTable(dwellLimits);
  private readonly learner: Learner;
  private readonly calendar: WorkCalendar;
  private readonly offset: number;
  readonly typicalSpeedMps: number;
  readonly priorDwellS: number;

  constructor(readonly route: Route, options: ModelOptions = {}) {
    this.places = [...route.stops, ...route.nodes]
      .sort((a, b) => a.distance - b.distance)
      .map((p) => ({ kind: p.kind, id: p.id, name: p.name, distance: p.distance }));
    this.length = route.length;
    this.learner = new Learner(this.places);
    this.calendar = options.calendar ?? emptyCalendar;
    this.offset = options.utcOffsetMinutes ?? chinaUtcOffsetMinutes;
    this.typicalSpeedMps = options.typicalSpeedMps ?? defaultTypicalSpeedMps;
    this.priorDwellS = options.priorDwellS ?? defaultPriorDwellS;
  }

  static restore(route: Route, json: string, options: ModelOptions = {}): Result<ArrivalModel, 'bad-state' | 'route-changed'> {
    let snap: Snapshot;
    try {
      snap = JSON.parse(json) as Snapshot;
    } catch {
      return err('bad-state', 'the saved arrival model is not JSON');
    }
    if (snap?.v !== 1 || !snap.run || !snap.dwell || !snap.learner) return err('bad-state', 'the saved arrival model has an unknown shape');
    if (snap.route !== route.fingerprint) return err('route-changed', 'the saved arrival model belongs to another version of the route');
    const m = new ArrivalModel(route, options);
    const n = m.places.length;
    if (!m.run.restore(snap.run, n) || !m.dwell.restore(snap.dwell, n) || !m.learner.restore(snap.learner)) {
      return err('bad-state', 'the saved arrival model does not match the route places');
    }
    m.outliers = Number.isFinite(snap.outliers) ? snap.outliers : 0;
    return ok(m);
  }

  snapshot(): string {
    const snap: Snapshot = { v: 1, route: this.route.fingerprint, run: this.run.snapshot(), dwell: this.dwell.snapshot(), learner: this.learner.snapshot(), outliers: this.outliers };
    return JSON.stringify(snap);
  }

  /** Learns from committed trip events (in order); a lap's observations count once the lap is complete. */
  learn(events: readonly TripEvent[]): void {
    for (const o of this.learner.take(events)) {
      const table = o.kind === 'run' ? this.run : this.dwell;
      if (table.add(o.index, this.dayHour(o.startMs), o.seconds) === 'outlier') this.outliers++;
    }
  }

  /** Observations learned (both kinds). */
  get samples(): number {
    return this.run.size + this.dwell.size;
  }

  dayHour(ms: number): DayHour {
    return dayHourOf(ms, this.calendar, this.offset);
  }

  /** Metres of segment `index` (place index to the next, across the loop's start). */
  segmentLength(index: number): number {
    const here = this.places[index]!.distance;
    const next = this.places[(index + 1) % this.places.length]!.distance;
    return next > here ? next - here : next + this.length - here;
  }

  /** History of running times on a segment for a start at `ms` (empty: use the prior). */
  runSamples(index: number, ms: number): number[] {
    return this.run.around(index, this.dayHour(ms));
  }

  dwellSamples(index: number, ms: number): number[] {
    return this.dwell.around(index, this.dayHour(ms));
  }

  priorRunS(index: number): number {
    return this.segmentLength(index) / this.typicalSpeedMps;
  }
}
