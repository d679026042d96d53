/**
 * A simulated receiver driving the bus round its loop for the demo and tests: accelerates, cruises,
 * brakes into each stop, dwells, goes on, lap after lap. Every fix is encoded as NMEA and goes
 * through the real framer and decoder, so the demo exercises the path real receivers take.
 * Built from plain data only ([lon, lat] WGS-84 points): hardware never depends on the core.
 */
import { gpsDelays } from '../delays.ts';
import { encodeFix } from '../encode.ts';
import { FeedSource, SourceFeed } from '../feed.ts';
import type { GpsClock } from '../types.ts';

export type LonLat = readonly [number, number];

export interface SimulatorOptions {
  /** Closed loop travelled in coordinate order (the closing segment is implied if absent). */
  route: readonly LonLat[];
  stops: readonly { position: LonLat; dwellS: number }[];
  cruiseMps: number;
  /** Standard deviation of the position noise, metres. */
  noiseMetres: number;
  /** 1 = real time; 10 = ten simulated seconds per real second. */
  speedFactor: number;
  clock: GpsClock;
  /** Seeded generator in [0, 1). */
  random: () => number;
  fixIntervalMs?: number;
  accelMps2?: number;
  decelMps2?: number;
  staleAfterS?: number;
}

export interface SimulatorTruth {
  lat: number;
  lon: number;
  speedMps: number;
  trackDeg: number;
  /** Metres along the loop from its first point. */
  distanceM: number;
  lap: number;
  /** Index of the stop the bus is standing at, or null while moving. */
  dwellingAt: number | null;
  time: Date;
}

const EARTH_RADIUS = 6_371_008.8;
const RAD = Math.PI / 180;

export class SimulatorSource extends FeedSource {
  private readonly xs: number[] = [];
  private readonly ys: number[] = [];
  /** Cumulative length at each vertex; the last entry is the loop length. */
  private readonly cumulative: number[] = [0];
  private readonly stopAt: { s: number; dwellS: number }[];
  private readonly lat0: number;
  private readonly lon0: number;
  private readonly cosLat0: number;
  private s = 0;
  private v = 0;
  private lap = 0;
  private nextStop = 0;
  private dwellLeft = 0;
  private dwelling: number | null = null;
  private simTimeMs = NaN;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SimulatorOptions) {
    super(new SourceFeed({ clock: options.clock, staleAfterS: options.staleAfterS }));
    if (options.route.length < 2) throw new Error('simulator route needs at least two points');
    [this.lon0, this.lat0] = options.route[0]!;
    this.cosLat0 = Math.cos(this.lat0 * RAD);
    const points = [...options.route];
    const [fx, fy] = points[0]!;
    const [lx, ly] = points.at(-1)!;
    if (fx !== lx || fy !== ly) points.push(points[0]!);
    for (const p of points) {
      const [x, y] = this.toLocal(p);
      this.xs.push(x);
      this.ys.push(y);
    }
    for (let i = 1; i < points.length; i++) {
      this.cumulative.push(this.cumulative[i - 1]! + Math.hypot(this.xs[i]! - this.xs[i - 1]!, this.ys[i]! - this.ys[i - 1]!));
    }
    this.stopAt = options.stops.map((stop) => ({ s: this.project(stop.position), dwellS: stop.dwellS })).sort((a, b) => a.s - b.s);
  }

  get loopLengthM(): number {
    return this.cumulative.at(-1)!;
  }

  /** Where each stop lies along the loop, metres, in travel order. */
  get stopDistancesM(): number[] {
    return this.stopAt.map((s) => s.s);
  }

  start(): void {
    if (this.timer) return;
    this.feed.setDevice('simulator', true);
    this.feed.startWatchdog();
    const interval = this.options.fixIntervalMs ?? gpsDelays.simulatorFixMs;
    this.timer = setInterval(() => this.step(), interval / Math.max(this.options.speedFactor, 1e-3));
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.feed.stopWatchdog();
    this.feed.setDevice(null, false);
  }

  /** Where the bus really is (no noise). */
  truth(): SimulatorTruth {
    const { x, y, heading } = this.pointAt(this.s);
    const [lon, lat] = this.toLonLat(x, y);
    return {
      lat,
      lon,
      speedMps: this.v,
      trackDeg: heading,
      distanceM: this.s,
      lap: this.lap,
      dwellingAt: this.dwelling,
      time: new Date(this.simTimeMs === this.simTimeMs ? this.simTimeMs : this.options.clock.now().getTime()),
    };
  }

  /** Advances one fix interval and emits its fix (the timer calls this; tests may call it directly). */
  step(): void {
    const intervalMs = this.options.fixIntervalMs ?? gpsDelays.simulatorFixMs;
    if (this.simTimeMs !== this.simTimeMs) this.simTimeMs = this.options.clock.now().getTime();
    else {
      this.simTimeMs += intervalMs;
      this.advance(intervalMs / 1000);
    }
    this.emit();
  }

  private advance(dt: number): void {
    if (this.dwelling !== null) {
      this.dwellLeft -= dt;
      if (this.dwellLeft > 0) return;
      this.dwelling = null;
      this.nextStop = (this.nextStop + 1) % Math.max(this.stopAt.length, 1);
      return;
    }
    const accel = this.options.accelMps2 ?? 1.0;
    const decel = this.options.decelMps2 ?? 1.2;
    const L = this.loopLengthM;
    const stop = this.stopAt[this.nextStop];
    const ahead = stop ? (stop.s - this.s + L) % L : Number.POSITIVE_INFINITY;
    const brakeLimit = Math.sqrt(2 * decel * ahead);
    this.v = Math.min(this.v + accel * dt, this.options.cruiseMps, brakeLimit);
    const travel = this.v * dt;
    if (stop && travel >= ahead) {
      this.moveBy(ahead);
      this.v = 0;
      this.dwelling = this.nextStop;
      this.dwellLeft = stop.dwellS;
      return;
    }
    this.moveBy(travel);
  }

  private moveBy(metres: number): void {
    this.s += metres;
    const L = this.loopLengthM;
    while (this.s >= L) {
      this.s -= L;
      this.lap++;
    }
  }

  private emit(): void {
    const { x, y, heading } = this.pointAt(this.s);
    const [nx, ny] = this.gaussianPair();
    const sigma = this.options.noiseMetres;
    const [lon, lat] = this.toLonLat(x + nx * sigma, y + ny * sigma);
    const text = encodeFix(
      { time: new Date(this.simTimeMs), lat, lon, speedMps: this.v, trackDeg: heading, altMSL: 12, hdop: 0.9, sats: 12, quality: 1 },
      { vtg: true, gsa: true },
    );
    this.feed.bytes(Buffer.from(text, 'latin1'));
    // The simulator knows its epoch is complete: report it now rather than a second later.
    this.feed.endEpoch();
  }

  private pointAt(s: number): { x: number; y: number; heading: number } {
    let i = 1;
    while (i < this.cumulative.length - 1 && this.cumulative[i]! <= s) i++;
    const a = i - 1;
    const length = this.cumulative[i]! - this.cumulative[a]!;
    const t = length > 0 ? (s - this.cumulative[a]!) / length : 0;
    const dx = this.xs[i]! - this.xs[a]!;
    const dy = this.ys[i]! - this.ys[a]!;
    const heading = ((Math.atan2(dx, dy) / RAD) + 360) % 360;
    return { x: this.xs[a]! + dx * t, y: this.ys[a]! + dy * t, heading };
  }

  /** Distance along the loop of the point nearest to p. */
  private project(p: LonLat): number {
    const [px, py] = this.toLocal(p);
    let best = Number.POSITIVE_INFINITY;
    let bestS = 0;
    for (let i = 1; i < this.xs.length; i++) {
      const ax = this.xs[i - 1]!;
      const ay = this.ys[i - 1]!;
      const dx = this.xs[i]! - ax;
      const dy = this.ys[i]! - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
      const d = Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
      if (d < best) {
        best = d;
        bestS = this.cumulative[i - 1]! + t * Math.sqrt(len2);
      }
    }
    return bestS;
  }

  private gaussianPair(): [number, number] {
    const u = Math.max(this.options.random(), 1e-12);
    const v = this.options.random();
    const r = Math.sqrt(-2 * Math.log(u));
    return [r * Math.cos(2 * Math.PI * v), r * Math.sin(2 * Math.PI * v)];
  }

  /** Local east/north metres around the first route point (ample for an 8 km loop). */
  private toLocal([lon, lat]: LonLat): [number, number] {
    return [(lon - this.lon0) * RAD * EARTH_RADIUS * this.cosLat0, (lat - this.lat0) * RAD * EARTH_RADIUS];
  }

  private toLonLat(x: number, y: number): [number, number] {
    return [this.lon0 + x / (RAD * EARTH_RADIUS * this.cosLat0), this.lat0 + y / (RAD * EARTH_RADIUS)];
  }
}
