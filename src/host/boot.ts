import { createGpsSource } from '../../hardware/gps/create.ts';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { err, type Result } from '../core/result.ts';
import { loadRouteFile } from '../route/geojson.ts';
import { startOnboard, type OnboardCore } from './onboard.ts';

/** Seconds the simulated bus stands at each fixed stop in the demo. */
const demoDwellS = 25;

/**
 * The onboard system from a validated config: the GNSS source it names (the simulator drives the
 * configured route), then the core. Shared by `lianxin run`, the demo and the Electron shell.
 */
export async function bootOnboard(config: Config, clock: Clock): Promise<Result<OnboardCore>> {
  const route = loadRouteFile(config.route!);
  if (!route.ok) return err(route.error.code, `route ${config.route}: ${route.error.message}`);
  const gps = createGpsSource(
    { ...config.gps },
    {
      clock,
      route: route.value.line.coordinates,
      stops: route.value.stops.map((stop) => ({ position: [stop.lon, stop.lat] as const, dwellS: demoDwellS })),
    },
  );
  if (!gps.ok) return gps;
  return startOnboard({ config, clock, gps: gps.value, route: route.value });
}
