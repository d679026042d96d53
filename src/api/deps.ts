import type { PassengerCounter } from '../../hardware/counter/types.ts';
import type { GpsSource } from '../../hardware/gps/types.ts';
import type { AnnounceService } from '../announce/service.ts';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import type { Emitter } from '../core/emitter.ts';
import type { FeedbackService } from '../services/feedback/feedback.ts';
import type { RatingService } from '../services/feedback/ratings.ts';
import type { RidershipService } from '../services/ridership/ridership.ts';
import type { TicketPrinter } from '../../hardware/printer/types.ts';
import type { DeskService } from '../services/desk/desk-service.ts';
import type { PolicyHandbook } from '../services/handbook/handbook-service.ts';
import type { Store } from '../store/store.ts';
import type { TripRuntime } from '../host/trip.ts';
import type { Uplink } from '../sync/uplink.ts';
import type { LiveEvent } from './live.ts';

/** Everything the onboard API is built from; tests build it with a temp store and fakes. */
export interface ApiDeps {
  config: Config;
  clock: Clock;
  store: Store;
  uplink: Uplink;
  gps: GpsSource;
  live: Emitter<LiveEvent>;
  desk: DeskService;
  handbook: PolicyHandbook;
  printer: TicketPrinter;
  /** null on a bus without a door counter: the driver's tally buttons count alone. */
  counter: PassengerCounter | null;
  ridership: RidershipService;
  feedback: FeedbackService;
  ratings: RatingService;
  announce: AnnounceService;
  trip: TripRuntime;
}
