import type { ResidentApi, ResidentEvent } from '../../src/api/surfaces.ts';
import { screenClient, type OutputOf } from '../shared/api-client.ts';

/** The resident screen's reach: the host serves it these methods and events only. */
export const { call, subscribe } = screenClient('resident');
export type ApiOutput<M extends keyof ResidentApi> = OutputOf<ResidentApi, M>;
export type LiveEvent = ResidentEvent;
