import { fromLocal, localFrame, toLocalX, toLocalY, type LocalFrame } from './frame.ts';

/** Where a point lies relative to the loop. */
export interface Projection {
  /** Metres along the loop from its first vertex, in [0, length). */
  distance: number;
  /** Signed metres from the line: positive left of the direction of travel. */
  offset: number;
  segment: number;
}

/** Grid cell size for the global search; segments are a few tens of metres long. */
const cellMetres = 50;

/**
 * A closed route line prepared for linear referencing: segments in a local metre frame (flat typed
 * arrays, no per-call allocation on the hot path), cumulative distances, and a uniform grid for
 * searches without a hint.
 */
export class RouteLine {
  readonly frame: LocalFrame;
  readonly length: number;
  readonly segmentCount: number;
  /** Segment i runs from (ax[i], ay[i]) along unit vector (ux[i], uy[i]) for len[i] metres. */
  readonly ax: Float64Array;
  readonly ay: Float64Array;
  readonly ux: Float64Array;
  readonly uy: Float64Array;
  readonly len: Float64Array;
  /** Distance along the loop where segment i starts. */
  readonly start: Float64Array;
  private readonly grid = new Map<number, number[]>();

  /** `coordinates` are WGS-84 [lon, lat] and closed (last equals first); zero-length steps are dropped. */
  constructor(readonly coordinates: readonly (readonly [number, number])[]) {
    let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity;
    for (const [lon, lat] of coordinates) {
      minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon);
      minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
    }
    this.frame = localFrame((minLon + maxLon) / 2, (minLat + maxLat) / 2);
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [lon, lat] of coordinates) {
      const x = toLocalX(this.frame, lon);
      const y = toLocalY(this.frame, lat);
      if (xs.length > 0 && Math.hypot(x - xs[xs.length - 1]!, y - ys[ys.length - 1]!) < 0.01) continue;
      xs.push(x);
      ys.push(y);
    }
    const n = xs.length - 1;
    if (n < 2) throw new Error('a route line needs at least three distinct vertices');
    this.segmentCount = n;
    this.ax = new Float64Array(n); this.ay = new Float64Array(n);
    this.ux = new Float64Array(n); this.uy = new Float64Array(n);
    this.len = new Float64Array(n); this.start = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const dx = xs[i + 1]! - xs[i]!;
      const dy = ys[i + 1]! - ys[i]!;
      const l = Math.hypot(dx, dy);
      this.ax[i] = xs[i]!; this.ay[i] = ys[i]!;
      this.ux[i] = dx / l; this.uy[i] = dy / l;
      this.len[i] = l; this.start[i] = total;
      total += l;
      this.indexSegment(i);
    }
    this.length = total;
  }

  localX(lon: number): number {
    return toLocalX(this.frame, lon);
  }

  localY(lat: number): number {
    return toLocalY(this.frame, lat);
  }

  /** Wraps any distance (negative or beyond a lap) into [0, length). */
  wrap(distance: number): number {
    const d = distance % this.length;
    return d < 0 ? d + this.length : d;
  }

  /** Index of the segment containing a wrapped distance (binary search on segment starts). */
  segmentAt(distance: number): number {
    const d = this.wrap(distance);
    let lo = 0, hi = this.segmentCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.start[mid]! <= d) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /** Clamped position along segment i of local point (x, y), in metres from the segment start. */
  along(i: number, x: number, y: number): number {
    const t = (x - this.ax[i]!) * this.ux[i]! + (y - this.ay[i]!) * this.uy[i]!;
    return t < 0 ? 0 : t > this.len[i]! ? this.len[i]! : t;
  }

  /** Squared distance from (x, y) to the point `t` metres along segment i. */
  distanceSquared(i: number, t: number, x: number, y: number): number {
    const dx = x - (this.ax[i]! + this.ux[i]! * t);
    const dy = y - (this.ay[i]! + this.uy[i]! * t);
    return dx * dx + dy * dy;
  }

  /** Signed lateral offset of (x, y) from segment i's direction: positive on the left. */
  side(i: number, x: number, y: number): number {
    return (x - this.ax[i]!) * this.uy[i]! - (y - this.ay[i]!) * this.ux[i]! > 0 ? -1 : 1;
  }

  /** Travel bearing of segment i, degrees clockwise from north. */
  bearing(i: number): number {
    const deg = (Math.atan2(this.ux[i]!, this.uy[i]!) * 180) / Math.PI;
    return deg < 0 ? deg + 360 : deg;
  }

  /** Nearest point of the whole loop (grid search, widening until something is found). */
  project(lon: number, lat: number): Projection {
    return this.projectLocal(this.localX(lon), this.localY(lat));
  }

  projectLocal(x: number, y: number): Projection {
    let best = -1, bestD2 = Infinity, bestT = 0;
    // A hit within the searched radius is the true nearest: anything closer lies in a scanned cell.
    for (let radius = cellMetres; best < 0 || bestD2 > radius * radius; radius *= 2) {
      for (const i of this.segmentsNear(x, y, radius)) {
        const t = this.along(i, x, y);
        const d2 = this.distanceSquared(i, t, x, y);
        if (d2 < bestD2) { bestD2 = d2; best = i; bestT = t; }
      }
    }
    return { distance: this.wrap(this.start[best]! + bestT), offset: this.side(best, x, y) * Math.sqrt(bestD2), segment: best };
  }

  /**
   * Nearest point within the window [from, to] of distance along the loop (from may be negative,
   * to may exceed a lap: the window wraps). Forward-only tracking searches only here.
   */
  projectWithin(lon: number, lat: number, from: number, to: number): Projection {
    const x = this.localX(lon), y = this.localY(lat);
    let best = -1, bestD2 = Infinity, bestDistance = 0;
    this.forEachSegmentIn(from, to, (i, lo, hi) => {
      let t = this.along(i, x, y);
      t = t < lo ? lo : t > hi ? hi : t;
      const d2 = this.distanceSquared(i, t, x, y);
      if (d2 < bestD2) { bestD2 = d2; best = i; bestDistance = this.start[i]! + t; }
    });
    return { distance: this.wrap(bestDistance), offset: this.side(best, x, y) * Math.sqrt(bestD2), segment: best };
  }

  /** Calls fn for each segment overlapping [from, to], with the overlap as offsets within the segment. */
  forEachSegmentIn(from: number, to: number, fn: (segment: number, lo: number, hi: number) => void): void {
    const span = Math.min(to - from, this.length);
    let i = this.segmentAt(from);
    let lo = this.wrap(from) - this.start[i]!;
    let left = span;
    for (let count = 0; count <= this.segmentCount; count++) {
      const room = this.len[i]! - lo;
      const hi = left < room ? lo + left : this.len[i]!;
      fn(i, lo, hi);
      left -= hi - lo;
      if (left <= 0) return;
      i = i + 1 === this.segmentCount ? 0 : i + 1;
      lo = 0;
    }
  }

  /** Segment indices whose grid cells come within `radius` metres of (x, y). */
  segmentsNear(x: number, y: number, radius: number): Set<number> {
    const found = new Set<number>();
    const c0 = Math.floor((x - radius) / cellMetres), c1 = Math.floor((x + radius) / cellMetres);
    const r0 = Math.floor((y - radius) / cellMetres), r1 = Math.floor((y + radius) / cellMetres);
    if ((c1 - c0 + 1) * (r1 - r0 + 1) > 4 * this.grid.size) {
      for (let i = 0; i < this.segmentCount; i++) found.add(i);
      return found;
    }
    for (let c = c0; c <= c1; c++) {
      for (let r = r0; r <= r1; r++) {
        const list = this.grid.get(cellKey(c, r));
        if (list) for (const i of list) found.add(i);
      }
    }
    return found;
  }

  /** The WGS-84 point and travel bearing at a distance along the loop (wraps). */
  pointAt(distance: number): { lon: number; lat: number; bearing: number } {
    const i = this.segmentAt(distance);
    const t = Math.min(this.wrap(distance) - this.start[i]!, this.len[i]!);
    return { ...fromLocal(this.frame, this.ax[i]! + this.ux[i]! * t, this.ay[i]! + this.uy[i]! * t), bearing: this.bearing(i) };
  }

  /** Local-frame point at a distance along the loop. */
  localAt(distance: number): { x: number; y: number; segment: number } {
    const i = this.segmentAt(distance);
    const t = Math.min(this.wrap(distance) - this.start[i]!, this.len[i]!);
    return { x: this.ax[i]! + this.ux[i]! * t, y: this.ay[i]! + this.uy[i]! * t, segment: i };
  }

  private indexSegment(i: number): void {
    const x0 = this.ax[i]!, y0 = this.ay[i]!;
    const x1 = x0 + this.ux[i]! * this.len[i]!, y1 = y0 + this.uy[i]! * this.len[i]!;
    for (let c = Math.floor(Math.min(x0, x1) / cellMetres); c <= Math.floor(Math.max(x0, x1) / cellMetres); c++) {
      for (let r = Math.floor(Math.min(y0, y1) / cellMetres); r <= Math.floor(Math.max(y0, y1) / cellMetres); r++) {
        const key = cellKey(c, r);
        const list = this.grid.get(key);
        if (list) list.push(i); else this.grid.set(key, [i]);
      }
    }
  }
}

function cellKey(c: number, r: number): number {
  return (c + 32768) * 65536 + (r + 32768);
}
