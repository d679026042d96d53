/** Where the bus is, as the trip tracker knows it; the lead wires the tracker to this. */
export interface StopPosition {
  /** The stop the bus is standing at, or null when it is not at a stop. */
  stopId: string | null;
  /** The last stop the bus was at (or passed), or null before the first stop of the day. */
  lastStopId: string | null;
  /** Lap of the loop, counted by the tracker. */
  lap: number;
}

export interface StopContext {
  current(): StopPosition;
}

/** Where a count is booked: a stop, or the stretch after the last stop when the door opened elsewhere. */
export interface Attribution {
  lap: number;
  stopId: string | null;
  afterStopId: string | null;
  betweenStops: boolean;
}

export function attribute(position: StopPosition): Attribution {
  if (position.stopId !== null) {
    return { lap: position.lap, stopId: position.stopId, afterStopId: null, betweenStops: false };
  }
  return { lap: position.lap, stopId: null, afterStopId: position.lastStopId, betweenStops: true };
}
