import type { GpsSource } from '../../hardware/gps/types.ts';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import type { Emitter } from '../core/emitter.ts';
import type { Store } from '../store/store.ts';
import type { Uplink } from '../sync/uplink.ts';
import type { LiveEvent } from './live.ts';

/** Everything the onboard API is built from; tests build it with a temp store and fakes. */
export interface ApiDeps {
  config: Config;
  clock: Clock;
  store: Store;
  uplink: Uplink;
  gps: GpsSource;
  live: Emitter<LiveEvent>;
}
