import type { Fix } from '../../hardware/gps/types.ts';
import type { TrackerOverrides } from '../announce/types.ts';
import { delays } from '../core/delays.ts';
import { Emitter } from '../core/emitter.ts';
import { ok, type Result } from '../core/result.ts';
import type { Route } from '../route/model.ts';
import type { Store } from '../store/store.ts';
import { Tracker, type TrackerOptions } from '../trip/tracker.ts';
import type { TripEvent, TripState } from '../trip/types.ts';

/** State-table key of the tracker snapshot. */
export const trackerStateKey = 'trip.tracker';

/**
 * The tracker on the bus: restored from the store at boot, fed by fixes, and every batch of trip
 * events committed with its outbox rows and the snapshot that produced them — so a reboot at a
 * stop never announces it again. Also the driver's overrides.
 */
export class TripRuntime implements TrackerOverrides {
  /** Committed trip events, with the state right after them. */
  readonly changes = new Emitter<{ events: readonly TripEvent[]; state: TripState }>();
  readonly restoreNote: string | null;
  private tracker: Tracker;
  private lastSavedMs = 0;
  private lastStateMs = -Infinity;

  constructor(
    private readonly route: Route,
    private readonly store: Store,
    options: TrackerOptions = {},
  ) {
    const saved = store.getState(trackerStateKey);
    const restored = saved === null ? null : Tracker.restore(route, saved, options);
    this.tracker = restored?.ok ? restored.value : new Tracker(route, options);
    // A state for another route version is dropped on purpose: the tracker re-acquires from fixes.
    this.restoreNote = restored && !restored.ok ? restored.error.message : null;
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
      this.changes.emit({ events: [], state: this.tracker.state() });
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

  state(): TripState {
    return this.tracker.state();
  }

  get routeModel(): Route {
    return this.route;
  }

  private commit(events: TripEvent[]): void {
    if (events.length === 0) return;
    this.store.recordTripEvents(events, { key: trackerStateKey, json: this.tracker.snapshot() });
    const last = events.at(-1)!;
    this.lastSavedMs = Date.parse(last.time);
    this.changes.emit({ events, state: this.tracker.state() });
  }
}
