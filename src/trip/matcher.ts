import type { RouteLine } from '../route/line.ts';

/** The best place on the loop for one fix. Reused between calls: the per-fix path allocates nothing. */
export interface Match {
  found: boolean;
  /** Metres ahead of the anchor (negative: behind it). */
  advance: number;
  /** Metres from the line (unsigned). */
  lateral: number;
  segment: number;
  /** Cosine between the fix's track and the segment's direction (1 when heading is unknown). */
  headingCos: number;
}

export function emptyMatch(): Match {
  return { found: false, advance: 0, lateral: 0, segment: -1, headingCos: 1 };
}

export interface MatchQuery {
  x: number;
  y: number;
  /** Unwrapped anchor (last progress) and the window around it. */
  anchor: number;
  back: number;
  ahead: number;
  /** Expected advance and its spread; the cost prefers candidates near the expectation. */
  expected: number;
  advanceSigma: number;
  lateralSigma: number;
  /** sin/cos of the fix's track, or NaN when heading is unusable (standing, no track). */
  trackSin: number;
  trackCos: number;
}

/**
 * Map-matches one fix within a window along the loop: minimises lateral error, distance from the
 * expected advance, and disagreement with the travel direction (the opposite lane of a two-way road
 * is close in space but far in distance along the loop and opposite in heading).
 */
export function matchWithin(line: RouteLine, q: MatchQuery, out: Match): Match {
  const { ax, ay, ux, uy, len, start } = line;
  const span = Math.min(q.back + q.ahead, line.length);
  const from = q.anchor - q.back;
  let i = line.segmentAt(from);
  let lo = line.wrap(from) - start[i]!;
  let covered = 0;
  let bestCost = Infinity;
  const invLat = 1 / (q.lateralSigma * q.lateralSigma);
  const invAdv = 1 / (q.advanceSigma * q.advanceSigma);
  const useHeading = q.trackSin === q.trackSin;
  out.found = false;
  for (let count = 0; count <= line.segmentCount; count++) {
    const l = len[i]!;
    const room = l - lo;
    const hi = span - covered < room ? lo + (span - covered) : l;
    let t = (q.x - ax[i]!) * ux[i]! + (q.y - ay[i]!) * uy[i]!;
    t = t < lo ? lo : t > hi ? hi : t;
    const dx = q.x - (ax[i]! + ux[i]! * t);
    const dy = q.y - (ay[i]! + uy[i]! * t);
    const d2 = dx * dx + dy * dy;
    const advance = covered + (t - lo) - q.back;
    const e = advance - q.expected;
    let cost = d2 * invLat + e * e * invAdv;
    let headingCos = 1;
    if (useHeading) {
      headingCos = ux[i]! * q.trackSin + uy[i]! * q.trackCos;
      cost += (1 - headingCos) * 8;
    }
    if (cost < bestCost) {
      bestCost = cost;
      out.found = true;
      out.advance = advance;
      out.lateral = Math.sqrt(d2);
      out.segment = i;
      out.headingCos = headingCos;
    }
    covered += hi - lo;
    if (covered >= span) break;
    i = i + 1 === line.segmentCount ? 0 : i + 1;
    lo = 0;
  }
  return out;
}

/** Candidate placements of a fix anywhere on the loop (first placement, or after a stale state). */
export function candidatesNear(
  line: RouteLine,
  x: number,
  y: number,
  radius: number,
): { distance: number; lateral: number; segment: number }[] {
  const found: { distance: number; lateral: number; segment: number }[] = [];
  for (const i of line.segmentsNear(x, y, radius)) {
    const t = line.along(i, x, y);
    const lateral = Math.sqrt(line.distanceSquared(i, t, x, y));
    if (lateral <= radius) found.push({ distance: line.start[i]! + t, lateral, segment: i });
  }
  return found.sort((a, b) => a.lateral - b.lateral);
}
