import { createGpsSource } from '../../hardware/gps/create.ts';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import type { Result } from '../core/result.ts';
import { openBusStore } from '../store/recovery/open-bus-store.ts';
import { startRoute } from './route-content.ts';
import { startOnboard, type OnboardCore } from './onboard.ts';

/** Seconds the simulated bus stands at each fixed stop in the demo. */
const demoDwellS = 25;

/**
 * The onboard system from a validated config: the GNSS source it names (the simulator drives the
 * configured route), then the core. Shared by `lianxin run`, the demo and the Electron shell.
 */
export async function bootOnboard(config: Config, clock: Clock): Promise<Result<OnboardCore>> {
  // The data directory and the database are checked (and a damaged database replaced) before
  // anything starts, so nothing half-starts on storage that cannot hold its writes.
  const storage = openBusStore(config.dataDir, config.busId, clock);
  if (!storage.ok) return storage;
  const started = startRoute(config, storage.value.store);
  if (!started.ok) {
    storage.value.store.close();
    return started;
  }
  const { route, source } = started.value;
  console.log(`route: ${route.name} from ${source}`);
  const gps = createGpsSource(
    { ...config.gps },
    {
      clock,
      route: route.line.coordinates,
      stops: route.stops.map((stop) => ({ position: [stop.lon, stop.lat] as const, dwellS: demoDwellS })),
    },
  );
  if (!gps.ok) {
    storage.value.store.close();
    return gps;
  }
  return startOnboard({ config, clock, gps: gps.value, route, storage: storage.value });
}
