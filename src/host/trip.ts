import type { Fix } from '../../hardware/gps/types.ts';
import type { TrackerOverrides } from '../announce/types.ts';
import type { Config } from '../config/schema.ts';
import { delays } from '../core/delays.ts';
import { Emitter } from '../core/emitter.ts';
import { ok, type Result } from '../core/result.ts';
import { ArrivalModel, type ModelOptions } from '../predict/model.ts';
import { predictArrivals } from '../predict/predict.ts';
import type { Route } from '../route/model.ts';
import type { Store } from '../store/store.ts';
import { Tracker, type TrackerOptions } from '../trip/tracker.ts';
import type { TripEvent, TripState } from '../trip/types.ts';

/** State-table keys of the tracker snapshot and of the learned arrival model. */
export const trackerStateKey = 'trip.tracker';
export const arrivalModelKey = 'trip.arrival-model';

export interface TripRuntimeOptions extends TrackerOptions {
  /** The arrival model's calendar and prior. */
  model?: ModelOptions;
}

/** The arrival model as configured: the desk's calendar for day types, the prior's speed and dwell. */
export function arrivalModelOptions(config: Config): ModelOptions {
  const { desk, prediction } = config;
  return {
    calendar: { holidays: new Set(desk.holidays), makeUpWorkdays: new Set(desk.makeUpWorkdays) },
    typicalSpeedMps: prediction.typicalSpeedKmh / 3.6,
    priorDwellS: prediction.priorDwellS,
  };
}

/**
 * The tracker on the bus: restored from the store at boot, fed by fixes, and every batch of trip
 * events committed with its outbox rows, the snapshot that produced them and the arrival model
 * that learned from them — so a reboot at a stop never announces it again, and the line's history
 * survives it. Also the driver's overrides.
 */
export class TripRuntime implements TrackerOverrides {
  /** Committed trip events, with the state right after them. */
  readonly changes = new Emitter<{ events: readonly TripEvent[]; state: TripState }>();
  readonly restoreNote: string | null;
  private tracker: Tracker;
  readonly model: ArrivalModel;
  private lastSavedMs = 0;
  private lastStateMs = -Infinity;

  constructor(
    private readonly route: Route,
    private readonly store: Store,
    options: TripRuntimeOptions = {},
  ) {
    const saved = store.getState(trackerStateKey);
    const restored = saved === null ? null : Tracker.restore(route, saved, options);
    this.tracker = restored?.ok ? restored.value : new Tracker(route, options);
    const savedModel = store.getState(arrivalModelKey);
    const model = savedModel === null ? null : ArrivalModel.restore(route, savedModel, options.model);
    this.model = model?.ok ? model.value : new ArrivalModel(route, options.model);
    // A state for another route version is dropped on purpose: the tracker re-acquires from fixes
    // and the model starts again from its prior.
    const notes = [restored && !restored.ok ? restored.error.message : null, model && !model.ok ? model.error.message : null];
    this.restoreNote = notes.filter(Boolean).join('; ') || null;
  }

  onFix(fix: Fix): void {
    const events = this.tracker.update(fix);
    const ms = fix.time === null ? 0 : Date.parse(fix.time);
    if (events.length > 0) {
      this.commit(events);
      return;
    }
    // Between events the snapshot is saved now and then: progress since then is re-found from fixes.
    if (ms - this.lastSavedMs >= delays.tripStateSaveMs) {
      this.store.setState(trackerStateKey, this.tracker.snapshot());
      this.lastSavedMs = ms;
    }
    if (ms - this.lastStateMs >= delays.tripStatePushMs) {
      this.lastStateMs = ms;
      this.changes.emit({ events: [], state: this.state() });
    }
  }

  doorOpen(): void {
    this.commit(this.tracker.doorOpen());
  }

  announceNext(): TripEvent[] {
    const events = this.tracker.announceNextStop().map((e) => ({ ...e, manual: true as const }));
    this.commit(events);
    return events;
  }

  resyncTo(stopId: string): Result<TripEvent[]> {
    const result = this.tracker.resyncToStop(stopId);
    if (!result.ok) return result;
    this.commit(result.value);
    return ok(result.value);
  }

  /** The tracker's picture with the predicted arrivals, as of the last fix's GNSS time. */
  state(): TripState {
    const state = this.tracker.state();
    return state.time === null ? state : { ...state, arrivals: predictArrivals(this.model, state, state.time) };
  }

  get routeModel(): Route {
    return this.route;
  }

  private commit(events: TripEvent[]): void {
    if (events.length === 0) return;
    this.model.learn(events);
    this.store.withTransaction(() => {
      this.store.recordTripEvents(events, { key: trackerStateKey, json: this.tracker.snapshot() });
      this.store.setState(arrivalModelKey, this.model.snapshot());
    });
    const last = events.at(-1)!;
    this.lastSavedMs = Date.parse(last.time);
    this.changes.emit({ events, state: this.state() });
  }
}
