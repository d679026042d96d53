import type { Store } from '../../store/store.ts';
import type { StopContext, StopPosition } from './stop-context.ts';

/**
 * Where the bus is, read back from the trip events the tracker has committed: standing at the
 * stop of an `arrived` not yet followed by `departed`, otherwise between stops after the last stop
 * reached or passed. Lets ridership run wherever trip events are stored, whichever tracker wrote them.
 */
export function tripLogStopContext(store: Store, lookBack = 50): StopContext {
  return {
    current(): StopPosition {
      const stopEvents = store.recentTripEvents(lookBack).filter(
        (e) => typeof e.stopId === 'string' && (e.type === 'arrived' || e.type === 'departed' || e.type === 'passed'),
      );
      const last = stopEvents[0];
      if (!last) return { stopId: null, lastStopId: null, lap: store.recentTripEvents(1)[0]?.lap ?? 0 };
      return { stopId: last.type === 'arrived' ? last.stopId! : null, lastStopId: last.stopId!, lap: last.lap };
    },
  };
}
