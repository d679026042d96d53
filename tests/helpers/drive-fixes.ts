import type { Fix } from '../../hardware/gps/types.ts';
import { fromLocal } from '../../src/route/frame.ts';
import type { Route } from '../../src/route/model.ts';

/**
 * Clean 1 Hz fixes of a bus driving the loop at a steady speed from one distance along it to
 * another (unwrapped, so a drive may cross the loop's start), with heading along the line;
 * `offsetM` drives a parallel street that many metres to the right of the route instead.
 */
export function fixesAlong(route: Route, from: number, to: number, options: { speed?: number; start?: Date; offsetM?: number } = {}): Fix[] {
  const offset = options.offsetM ?? 0;
  const speed = options.speed ?? 8;
  const start = (options.start ?? new Date()).getTime();
  const { line } = route;
  const fixes: Fix[] = [];
  for (let s = 0, d = from; d <= to; s++, d = from + s * speed) {
    const i = line.segmentAt(d);
    const t = line.wrap(d) - line.start[i]!;
    const p = fromLocal(line.frame, line.ax[i]! + line.ux[i]! * t + line.uy[i]! * offset, line.ay[i]! + line.uy[i]! * t - line.ux[i]! * offset);
    fixes.push({ time: new Date(start + s * 1000).toISOString(), mode: 3, lat: p.lat, lon: p.lon, speed, track: line.bearing(i), hdop: 0.9, satellitesUsed: 12 });
  }
  return fixes;
}
