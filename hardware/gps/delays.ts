/**
 * Every interval the GNSS sources wait on. These live beside the devices rather than in the core's
 * delays because hardware/ never depends on src/; the core passes its own values through options.
 */
export const gpsDelays = {
  /** A feed with no sentence for this long is stale (receivers send at least once a second). */
  staleAfterMs: 5000,
  /** How often the stale watchdog looks. */
  watchdogMs: 250,
  /** Serial/gpsd: first and largest wait before reopening a lost device or connection. */
  reopenMinMs: 200,
  reopenMaxMs: 10_000,
  /** Serial auto-detection: how long to listen at one baud rate for valid NMEA. */
  probeListenMs: 1500,
  /** Simulator: one fix per second of simulated time, as most receivers on the bus deliver. */
  simulatorFixMs: 1000,
} as const;
