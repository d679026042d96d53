import { SimulatedCounter } from '../../hardware/counter/simulator.ts';
import type { PassengerCounter } from '../../hardware/counter/types.ts';
import type { LiveEvent } from '../api/live.ts';
import type { Emitter } from '../core/emitter.ts';

/** Metres from a stop within which a standing bus opens its doors. */
const doorsOpenWithinM = 30;

/**
 * The demo's door counter opens the doors whenever the simulated bus stands at a stop, as a real
 * one would: passengers get off and on, and the door opening confirms the arrival to the tracker.
 * Returns the unsubscribe, or null when the bus has no simulated counter.
 */
export function driveSimulatedCounter(counter: PassengerCounter | null, live: Emitter<LiveEvent>): (() => void) | null {
  if (!(counter instanceof SimulatedCounter)) return null;
  let servedStop: string | null = null;
  return live.on((event) => {
    if (event.type !== 'trip-state') return;
    const { stopped, nextStop, onRoute } = event.state;
    if (!onRoute || !nextStop) return;
    if (stopped && nextStop.metresToGo <= doorsOpenWithinM && servedStop !== nextStop.id) {
      servedStop = nextStop.id;
      counter.serveStop(nextStop.id);
    } else if (!stopped && nextStop.metresToGo > doorsOpenWithinM * 3) {
      servedStop = null;
    }
  });
}
