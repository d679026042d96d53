import { createCounter } from '../../hardware/counter/create.ts';
import type { PassengerCounter } from '../../hardware/counter/types.ts';
import type { LiveEvent } from '../api/live.ts';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import type { Emitter } from '../core/emitter.ts';
import { FeedbackService } from '../services/feedback/feedback.ts';
import { loadWordList, Moderator } from '../services/feedback/moderation.ts';
import { RatingService, type FinishedTickets } from '../services/feedback/ratings.ts';
import { RidershipService } from '../services/ridership/ridership.ts';
import type { StopContext } from '../services/ridership/stop-context.ts';
import { tripLogStopContext } from '../services/ridership/trip-log-context.ts';
import type { Store } from '../store/store.ts';

export interface RidershipAndFeedback {
  counter: PassengerCounter | null;
  ridership: RidershipService;
  feedback: FeedbackService;
  ratings: RatingService;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Ridership counting and residents' voice, built for the onboard assembly: the counter the config
 * names, where-is-the-bus from the stored trip events unless a live tracker context is given, and
 * every change forwarded to the screens.
 */
export function buildRidershipAndFeedback(parts: {
  config: Config;
  clock: Clock;
  store: Store;
  live: Emitter<LiveEvent>;
  context?: StopContext;
  /** The service desk: which visits are finished and may be rated. */
  tickets: FinishedTickets;
}): RidershipAndFeedback {
  const { config, clock, store, live } = parts;
  const counter = createCounter(config.counter);
  const ridership = new RidershipService({ store, clock, context: parts.context ?? tripLogStopContext(store) });
  const feedback = new FeedbackService({ store, clock, moderator: new Moderator(loadWordList()) });
  const ratings = new RatingService({ store, clock, tickets: parts.tickets });
  const offs = [
    ridership.onOccupancy.on(({ occupancy, count, adjustments }) => live.emit({ type: 'occupancy', occupancy, count, adjustments })),
    feedback.onReply.on(({ reference, status }) => live.emit({ type: 'feedback-reply', reference, status })),
    ...(counter ? [ridership.attach(counter), counter.onStatus((status) => live.emit({ type: 'counter', status }))] : []),
  ];
  return {
    counter,
    ridership,
    feedback,
    ratings,
    start: () => counter?.start(),
    async stop() {
      for (const off of offs) off();
      await counter?.stop();
    },
  };
}
