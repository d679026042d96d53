/**
 * Distances and speeds of the tracker (intervals live in core/delays.ts). Set from the field facts:
 * fixes scatter by ~10 m in streets, the opposite lane of a two-way road is ~14 m away, and a
 * community bus stays well under 25 m/s in town.
 */
export const tripThresholds = {
  /** Fixes with a worse HDOP are not used. */
  maxHdop: 5,
  /** Fastest plausible bus; bounds the forward search window. */
  maxSpeedMps: 25,
  /** The search window reaches this far behind the last progress (jitter) and this far beyond the reach. */
  windowBackM: 25,
  windowMarginM: 30,
  /** Lateral error assumed for matching (one sigma). */
  lateralSigmaM: 10,
  /** On route: fixes within this of the line count as on it again; beyond offRouteM they count as off. */
  onRouteM: 20,
  offRouteM: 35,
  /** Below this speed the bus is standing; above movingMps it moves again (hysteresis). */
  stoppedMps: 0.6,
  movingMps: 1.5,
  /** Heading only decides between lanes when the bus moves faster than this. */
  headingMinMps: 3,
  /** A stop's arrival zone runs from arriveBeforeM short of it to arriveAfterM beyond it. */
  arriveBeforeM: 25,
  arriveAfterM: 40,
  /** Beyond this past a stop the visit is over: `departed`, or `passed` if the bus drives on. */
  leaveAfterM: 45,
  /** A slow bus just beyond a stop may still be pulling in (progress can run ahead of it): `passed` waits until here. */
  passedSlowAfterM: 75,
  passedSpeedMps: 3,
  /** approaching: speed × approachLeadS ahead, at least approachMinM and at most approachMaxM. */
  approachLeadS: 20,
  approachMinM: 50,
  approachMaxM: 450,
  /** Closer than max(approachLateM, speed × approachLateS) an approach would be late: not announced. */
  approachLateS: 8,
  approachLateM: 20,
  /** passing: speed × nodeLeadS ahead of a node, at least nodeMinM; more than nodeLateM beyond it is late. */
  nodeLeadS: 6,
  nodeMinM: 25,
  nodeLateM: 20,
  /** First placement: candidates within this of the line; two of them further apart than ambiguityM need heading. */
  acquireRadiusM: 30,
  ambiguityM: 60,
} as const;

export type TripThresholds = typeof tripThresholds;
