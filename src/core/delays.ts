/** Every interval the core waits on lives here, so tests and field tuning have one place to look. */
export const delays = {
  /** Simulated GPS: one fix per second, as most receivers on the bus deliver. */
  simulatorFixMs: 1000,
  /** Uplink: how long an unacknowledged outbox row waits before it is resent. */
  resendAfterMs: 30_000,
  /** Uplink: first and largest reconnect backoff. */
  reconnectMinMs: 1000,
  reconnectMaxMs: 60_000,
  /** Office: how long the receiver batches commits before acknowledging. */
  officeAckDebounceMs: 200,
  /** Office login: failed attempts per user and address before a lock, and how long it lasts. */
  officeLoginLockMs: 15 * 60_000,
  /** Office: a staff session ends this long after login. */
  officeSessionMs: 10 * 3600_000,
  /** Uplink: how often stale unacknowledged rows are requeued and the storage bound enforced. */
  outboxMaintenanceMs: 5000,
  /** Live position to the office (QoS 0, never stored), by GNSS time: while moving, and while standing. */
  livePositionMovingMs: 5000,
  livePositionStandingMs: 30_000,
  /** Host: heartbeat on the event stream so proxies and browsers keep it open. */
  eventStreamHeartbeatMs: 15_000,
  /** A client gets this long to send a request's headers, and the whole request; then the socket is closed. */
  httpHeadersTimeoutMs: 10_000,
  httpRequestTimeoutMs: 30_000,
  /** How often Node looks for requests past those timeouts (its default, 30 s, would let a slow one live twice as long). */
  httpTimeoutCheckMs: 1000,
  /** Service desk: a staff id is refused this long after 5 wrong PINs in a row. */
  deskPinLockoutMs: 5 * 60_000,
  /** Service desk: how often past days' open tickets are expired and old personal fields purged. */
  deskSweepMs: 60 * 60_000,
  /**
   * Sync test-load: least pause between its transactions (it also pauses as long as the last one
   * held the lock). SQLite's busy handler retries at most 25 ms apart for its first 128 ms and
   * 100 ms apart after, so a bus write waiting on the lock gets it in the first pause.
   */
  testLoadPauseMs: 25,
  /** Passenger counter: first and largest wait before reopening an unplugged serial port. */
  counterReopenMinMs: 250,
  counterReopenMaxMs: 10_000,
  /** Passenger counter: how often an open port's device node is checked to still be the one opened. */
  counterPresenceCheckMs: 1000,
  /** Trip tracker (GNSS time): standing still this long at a stop counts as arrived. */
  tripStopDwellMs: 2000,
  /** Trip tracker: this long far from the line before `off_route` (multipath jumps are shorter). */
  tripOffRouteAfterMs: 12_000,
  /** Trip tracker: this long back on the line before `on_route`. */
  tripOnRouteAfterMs: 3000,
  /** Trip tracker: a fix after a longer silence follows a GNSS gap (skipped places are filled in). */
  tripGapMs: 3000,
  /** Trip tracker: a jump ahead is believed only when the fixes agree with it this long (multipath is shorter). */
  tripJumpBelievedAfterMs: 5000,
  /** Tracker snapshot saved at least this often (GNSS time) between trip events. */
  tripStateSaveMs: 10_000,
  /** Trip state pushed to the screens at most this often (GNSS time). */
  tripStatePushMs: 1000,
  /** Trip tracker: a saved state older than this is re-acquired from scratch (bus may have moved). */
  tripStaleStateMs: 10 * 60_000,
  /** Announcer: the same announcement again within this is a duplicate (jitter, repeated events). */
  announceRepeatWindowMs: 30_000,
  /** Announcer: a stop or node announcement still waiting after this is out of date and dropped. */
  announceStaleAfterMs: 120_000,
} as const;

export type Delays = typeof delays;
