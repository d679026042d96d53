import type { PassengerCounter } from '../../hardware/counter/types.ts';
import type { GpsSource } from '../../hardware/gps/types.ts';
import { buildApi, type Api } from '../api/index.ts';
import type { LiveEvent } from '../api/live.ts';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/emitter.ts';
import type { Result } from '../core/result.ts';
import { ok } from '../core/result.ts';
import type { Store } from '../store/store.ts';
import { openBusStore, type OpenedBusStore } from '../store/recovery/open-bus-store.ts';
import { LivePositionPacer } from '../sync/live-position.ts';
import { Uplink } from '../sync/uplink.ts';
import { registerCaseUpdates } from './cases.ts';
import { registerRouteContent } from './route-content.ts';
import { arrivalModelOptions, TripRuntime } from './trip.ts';
import type { AnnounceService } from '../announce/service.ts';
import type { Route } from '../route/model.ts';
import { buildAnnouncements } from './announcements.ts';
import { buildDesk } from './desk.ts';
import { buildRidershipAndFeedback } from './ridership-and-feedback.ts';

export interface OnboardCore {
  api: Api;
  live: Emitter<LiveEvent>;
  store: Store;
  uplink: Uplink;
  gps: GpsSource;
  /** Feed it the tracker's events and state: `announce.trip(events, state)`. */
  announce: AnnounceService;
  trip: TripRuntime;
  /** The door passenger counter, or null when the driver's tally counts alone. */
  counter: PassengerCounter | null;
  stop(): Promise<void>;
}

export interface OnboardParts {
  config: Config;
  clock: Clock;
  gps: GpsSource;
  /** The loop the tracker follows (WGS-84, validated). */
  route: Route;
  /** The bus database, when the caller opened it already (bootOnboard reads the route from it first). */
  storage?: OpenedBusStore;
}

/**
 * Builds the onboard system from its parts: the one place that wires fixes → tracker → store +
 * outbox → uplink, and the live feed to the screens. Electron and the headless host both call it.
 */
export function startOnboard({ config, clock, gps, route, storage }: OnboardParts): Result<OnboardCore> {
  const opened = storage ? ok(storage) : openBusStore(config.dataDir, config.busId, clock);
  if (!opened.ok) return opened;
  const { store, reset } = opened.value;
  if (reset) {
    console.warn(
      `storage: bus database was ${reset.reason} (${reset.detail}); ${reset.movedTo ? `kept as ${reset.movedTo}, ` : ''}` +
        `started a fresh one under stream epoch ${reset.epoch} with ${reset.carried} unacknowledged rows carried across (${reset.unreadable} unreadable)`,
    );
  }
  const live = new Emitter<LiveEvent>();
  const uplink = new Uplink({ store, busId: config.busId, mqtt: config.mqtt, sync: config.sync, clock });
  // Service desk and policy handbook (tickets, staff console, printer, housekeeping sweep).
  const desk = buildDesk({ config, clock, store, downlink: uplink.downlink });
  // Ridership and residents' voice (counter, tally, comments, ratings); a visit may be rated once the desk finished it.
  const voice = buildRidershipAndFeedback({ config, clock, store, live, tickets: desk.deps.desk });
  const { counter, ridership, feedback, ratings } = voice;
  registerCaseUpdates(uplink.downlink, { feedback, desk: desk.deps.desk });
  registerRouteContent(uplink.downlink);
  const trip = new TripRuntime(route, store, { doorSensor: voice.counter !== null, model: arrivalModelOptions(config) });
  if (trip.restoreNote) console.warn(`trip: saved tracker state not used: ${trip.restoreNote}`);
  // Announcements and driver prompts; the driver's overrides go to the trip runtime.
  const announcements = buildAnnouncements({ config, clock, store, live, gps, route, overrides: trip, downlink: uplink.downlink });
  if (!announcements.ok) {
    store.close();
    return announcements;
  }
  const announce = announcements.value.service;
  const api = buildApi({ ...desk.deps, config, clock, store, uplink, gps, live, counter, ridership, feedback, ratings, announce, trip });

  const pacer = new LivePositionPacer();
  const unsubscribers = [
    uplink.changes.on((status) => live.emit({ type: 'link', status })),
    gps.onStatus((status) => live.emit({ type: 'gps', status })),
    // fixes → tracker → (store + outbox, committed together) → announcer, screens, uplink
    gps.onFix((fix) => trip.onFix(fix)),
    // The same fixes, paced, as the live position the office shows on its map (QoS 0, never stored).
    gps.onFix((fix) => {
      const position = pacer.offer(fix);
      if (position) uplink.publishPosition(position);
    }),
    ridership.onDoorOpen.on(() => trip.doorOpen()),
    trip.changes.on(({ events, state }) => {
      for (const event of events) live.emit({ type: 'trip', event });
      live.emit({ type: 'trip-state', state });
      announce.trip(events, state);
      if (events.length > 0) uplink.kick();
    }),
  ];
  uplink.start();
  gps.start();
  desk.start();
  voice.start();

  return ok({
    api,
    live,
    store,
    uplink,
    gps,
    announce,
    trip,
    counter,
    async stop() {
      for (const off of unsubscribers) off();
      desk.stop();
      announcements.value.stop();
      await gps.stop();
      await voice.stop();
      await uplink.stop();
      store.close();
    },
  });
}
