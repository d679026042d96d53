import type { DriverApi, DriverEvent } from '../../src/api/surfaces.ts';
import { screenClient, type OutputOf } from '../shared/api-client.ts';

/** The driver screen's reach: the host serves it these methods and events only. */
export const { call, subscribe } = screenClient('driver');
export type ApiOutput<M extends keyof DriverApi> = OutputOf<DriverApi, M>;
export type LiveEvent = DriverEvent;
