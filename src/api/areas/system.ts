import type { ApiDeps } from '../deps.ts';

/** Bus identity, device and link health: what the driver screen's status strip shows. */
export function systemApi({ config, gps, uplink, clock }: ApiDeps) {
  return {
    async systemStatus() {
      return {
        busId: config.busId,
        now: clock.now().toISOString(),
        gps: gps.status(),
        link: uplink.status(),
      };
    },
  };
}
