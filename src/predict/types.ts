import type { Names } from '../route/model.ts';

/** A stop or node in loop order; the segment with the same index runs from it to the next place. */
export interface LoopPlace {
  kind: 'stop' | 'node';
  id: string;
  name: Names;
  /** Metres along the loop. */
  distance: number;
}

/** One predicted arrival ahead of the bus (GNSS-time ISO strings). */
export interface PredictedArrival {
  id: string;
  kind: 'stop' | 'node';
  name: Names;
  /** When the bus is expected there. */
  arrival: string;
  /** Seconds from the prediction's time to the arrival. */
  inS: number;
  /** The loop lap of that visit (as trip events count laps). */
  lap: number;
  /** How the estimate stands: `learned` from this line's history, or only the `prior` (route length and a typical speed). */
  basis: 'learned' | 'prior';
  /** The bus is off the route (a detour): the times assume it rejoins where it left. */
  uncertain?: true;
}

/** What a prediction is made from beyond the model: the tracker's picture of the bus. */
export type BusState = 'moving' | 'dwelling' | 'held' | 'off-route';
