/**
 * What every GNSS source gives the core: decoded fixes (gpsd TPV semantics) and a status.
 * Serial, gpsd, file replay and the simulator all implement GpsSource.
 */
export interface Fix {
  /** ISO 8601 UTC from the receiver; null until a date has been seen (RMC or ZDA). */
  time: string | null;
  /** gpsd TPV mode: 1 no fix, 2 2D, 3 3D. */
  mode: 1 | 2 | 3;
  /** gpsd TPV status (2 = DGPS, …) when the receiver says more than a plain fix. */
  status?: number;
  lat: number;
  lon: number;
  altMSL?: number;
  /** Metres per second over ground. */
  speed?: number;
  /** Degrees true. */
  track?: number;
  hdop?: number;
  satellitesUsed?: number;
  /** GGA fix quality (0 invalid, 1 GPS, 2 DGPS, 4 RTK fixed, 5 RTK float, 6 dead reckoning). */
  quality?: number;
}

export type GpsStatus = 'no-device' | 'no-fix' | 'fix' | 'stale';

export interface GpsSourceStatus {
  status: GpsStatus;
  /** Device path, gpsd address or file name. */
  device: string | null;
  /** Receiver time minus this PC's clock, in ms, from the last fix with a time. */
  clockOffsetMs: number | null;
  lastFixAt: string | null;
}

export interface GpsSource {
  start(): void;
  stop(): Promise<void>;
  onFix(listener: (fix: Fix) => void): () => void;
  onStatus(listener: (status: GpsSourceStatus) => void): () => void;
  status(): GpsSourceStatus;
}
