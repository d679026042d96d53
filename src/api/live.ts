import type { GpsSourceStatus } from '../../hardware/gps/types.ts';
import type { StoredTripEvent } from '../store/store.ts';
import type { UplinkStatus } from '../sync/uplink.ts';

/**
 * What the core pushes to the screens (Electron IPC `onEvent`, the host's `/api/events`).
 * Areas add their own members; screens switch on `type`.
 */
export type LiveEvent =
  | { type: 'trip'; event: StoredTripEvent }
  | { type: 'link'; status: UplinkStatus }
  | { type: 'gps'; status: GpsSourceStatus };
