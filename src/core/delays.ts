/** Every interval the core waits on lives here, so tests and field tuning have one place to look. */
export const delays = {
  /** Simulated GPS: one fix per second, as most receivers on the bus deliver. */
  simulatorFixMs: 1000,
  /** Uplink: how long an unacknowledged outbox row waits before it is resent. */
  resendAfterMs: 30_000,
  /** Uplink: first and largest reconnect backoff. */
  reconnectMinMs: 1000,
  reconnectMaxMs: 60_000,
  /** How often the uplink looks for new outbox rows when nothing woke it. */
  outboxPollMs: 1000,
  /** Office: how long the receiver batches commits before acknowledging. */
  officeAckDebounceMs: 200,
  /** Host: heartbeat on the event stream so proxies and browsers keep it open. */
  eventStreamHeartbeatMs: 15_000,
} as const;

export type Delays = typeof delays;
