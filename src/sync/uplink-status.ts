/** What the uplink reports to the screens (driver's link line, kiosk disk-full notice) and to `lianxin sync status`. */
export type LinkState = 'offline' | 'connecting' | 'online';

export interface UplinkStatus {
  /** `connecting` covers both a first attempt and retries after refusals: see failedAttempts. */
  link: LinkState;
  /** Connection attempts that failed since the link was last up (0 while online). */
  failedAttempts: number;
  /** The last moment the link was known up (connected, or when it dropped), ISO; null: never since start. */
  lastOnlineAt: string | null;
  /** Rows the office has not acknowledged end to end. */
  backlog: number;
  /** Of those, rows not taken by the broker yet. */
  unsent: number;
  /** Age of the oldest row the office has not acknowledged, seconds. */
  oldestUnackedS: number | null;
  /** Highest seq the office has committed with no gap before it. */
  ackedSeq: number;
  lastSeq: number;
  /** Bytes the bus database occupies, as of the last storage-bound check. */
  databaseBytes: number;
  /** Rows the broker refused (PUBACK reason code ≥ 0x80); retried after resendAfter. */
  refused: number;
  /** Rows sent again since start because the office's ack stalled past resendAfter. */
  resent: number;
  /** A write failed with SQLITE_FULL: the kiosk must say records cannot be saved. */
  diskFull: boolean;
  /** The outbox is above its byte bound even with every position thinned. */
  overBudget: boolean;
  lastError: string | null;
}
