import type { PredictedArrival } from '../predict/types.ts';
import type { Names } from '../route/model.ts';

export type TripEventType = 'approaching' | 'arrived' | 'departed' | 'passed' | 'passing' | 'off_route' | 'on_route';

/** Why a stop was recorded as `passed` rather than served. */
export type PassedReason = 'drove-through' | 'gnss-gap' | 'off-route' | 'resync';

/** One trip event (GUIDE §3). `time` is GNSS time; `distance` the bus's metres along the loop. */
export interface TripEvent {
  type: TripEventType;
  /** Stop or node id; null for off_route / on_route. */
  stopId: string | null;
  lap: number;
  time: string;
  distance: number;
  name?: Names;
  /** approaching: metres still to go and the expected seconds at the current speed. */
  metresToGo?: number;
  etaS?: number;
  /** passed: why the stop was not served. */
  reason?: PassedReason;
  /** passing recorded after the bus was already beyond the node (GNSS gap): a record, never announced. */
  late?: true;
  /** Produced by a driver input (re-sync, manual announcement) or the door sensor. */
  manual?: true;
  door?: true;
  /** off_route: metres from the line when the bus was declared off route. */
  offset?: number;
}

/** The live picture for the driver screen. */
export interface TripState {
  /** False until the bus has been placed on the loop (first fixes, or a restored state). */
  synced: boolean;
  onRoute: boolean;
  /** Metres along the loop, and the lap (1 = first lap since the tracker started). */
  distance: number;
  lap: number;
  /** Metres per second over ground, smoothed. */
  speed: number;
  stopped: boolean;
  /** GNSS time the bus came to a standstill, while it stands. */
  stoppedSince?: string;
  nextStop: { id: string; name: Names; metresToGo: number } | null;
  currentStop: { id: string; name: Names } | null;
  /** GNSS time of the last fix used. */
  time: string | null;
  /** The next arrival at every stop and node for a lap ahead, from the learned model (src/predict/). */
  arrivals?: PredictedArrival[];
}
