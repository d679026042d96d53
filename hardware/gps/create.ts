/**
 * Chooses the GNSS source from the config's `gps` section. Every source's fixes pass the quality
 * gate (its drop counts on `source.gate`). Misconfiguration is returned as a failure value.
 */
import { GatedSource, QualityGate, type QualityGateOptions } from './quality-gate.ts';
import { GpsdSource } from './sources/gpsd.ts';
import { ReplaySource } from './sources/replay.ts';
import { SerialGpsSource } from './sources/serial.ts';
import { SimulatorSource, type LonLat } from './sources/simulator.ts';
import type { GpsClock } from './types.ts';

/** The config's `gps` section. */
export interface GpsSourceOptions {
  source: 'simulator' | 'serial' | 'gpsd' | 'replay';
  /** Serial device (or `auto`), or the replay file. */
  path?: string;
  baudRate?: number;
  host?: string;
  port?: number;
  /** Replay and simulator speed factor (replay: 0 = as fast as possible). */
  speed?: number;
  noiseMetres?: number;
  staleAfterS?: number;
}

/** What the config cannot say: the clock, and for the simulator the loop ([lon, lat] WGS-84) and stops. */
export interface GpsSourceDeps {
  clock: GpsClock;
  route?: readonly LonLat[];
  stops?: readonly { position: LonLat; dwellS: number }[];
  cruiseMps?: number;
  /** Simulator: seeded generator; defaults to Math.random. */
  random?: () => number;
  acceptMissingChecksum?: boolean;
  gate?: QualityGateOptions;
}

export type GpsSourceResult =
  | { readonly ok: true; readonly value: GatedSource }
  | { readonly ok: false; readonly error: { readonly code: 'gps-config'; readonly message: string } };

function fail(message: string): GpsSourceResult {
  return { ok: false, error: { code: 'gps-config', message } };
}

export function createGpsSource(options: GpsSourceOptions, deps: GpsSourceDeps): GpsSourceResult {
  const { clock, acceptMissingChecksum } = deps;
  const { staleAfterS } = options;
  const gated = (inner: ConstructorParameters<typeof GatedSource>[0]): GpsSourceResult => ({
    ok: true,
    value: new GatedSource(inner, new QualityGate(deps.gate)),
  });
  switch (options.source) {
    case 'serial':
      if (!options.path) return fail('gps.source "serial" needs gps.path (a device, or "auto")');
      return gated(new SerialGpsSource({ path: options.path, baudRate: options.baudRate, clock, staleAfterS, acceptMissingChecksum }));
    case 'gpsd':
      return gated(new GpsdSource({ host: options.host, port: options.port, clock, staleAfterS }));
    case 'replay':
      if (!options.path) return fail('gps.source "replay" needs gps.path (an NMEA capture)');
      return gated(new ReplaySource({ path: options.path, speed: options.speed ?? 1, clock, acceptMissingChecksum }));
    case 'simulator':
      if (!deps.route || deps.route.length < 2) return fail('gps.source "simulator" needs the route polyline');
      return gated(
        new SimulatorSource({
          route: deps.route,
          stops: deps.stops ?? [],
          cruiseMps: deps.cruiseMps ?? 8,
          noiseMetres: options.noiseMetres ?? 3,
          speedFactor: options.speed ?? 1,
          clock,
          random: deps.random ?? Math.random,
          staleAfterS,
        }),
      );
    default:
      return fail(`unknown gps.source ${JSON.stringify(options.source)}`);
  }
}
