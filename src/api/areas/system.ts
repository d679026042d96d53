import { lastStorageReset } from '../../store/recovery/open-bus-store.ts';
import type { ApiDeps } from '../deps.ts';

/** Bus identity, device and link health: what the driver screen's status strip shows. */
export function systemApi({ config, gps, uplink, clock, store }: ApiDeps) {
  return {
    async systemStatus() {
      return {
        busId: config.busId,
        now: clock.now().toISOString(),
        gps: gps.status(),
        link: uplink.status(),
        /** The last time a damaged, empty or lost database was replaced (kept aside), or null. */
        storageReset: lastStorageReset(store),
      };
    },
  };
}
