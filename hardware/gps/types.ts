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
  /** WGS-84 degrees; NaN when mode is 1 (no fix). */
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
  /** Satellites in view, all constellations (from GSV). */
  satellitesInView?: number;
  /** Satellites used / in view per constellation, from GSA and GSV. */
  constellations?: Partial<Record<Constellation, { used?: number; inView?: number }>>;
}

export type Constellation = 'gps' | 'glonass' | 'galileo' | 'beidou' | 'qzss' | 'navic' | 'sbas';

/** True when a fix carries a position (mode 2 or 3); lat/lon of a mode-1 fix are NaN. */
export function hasPosition(fix: Fix): boolean {
  return fix.mode >= 2 && Number.isFinite(fix.lat) && Number.isFinite(fix.lon);
}

/** The only thing GNSS code needs of a clock; the core's Clock satisfies it (hardware never imports src/). */
export interface GpsClock {
  now(): Date;
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
