import type { StaffApi, StaffEvent } from '../../src/api/surfaces.ts';
import { screenClient, type OutputOf } from '../shared/api-client.ts';

/** The staff screen's reach: the host serves it these methods and events only. */
export const { call, subscribe } = screenClient('staff');
export type ApiOutput<M extends keyof StaffApi> = OutputOf<StaffApi, M>;
export type LiveEvent = StaffEvent;
