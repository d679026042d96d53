import { activitiesApi } from './areas/activities.ts';
import { announceApi } from './areas/announce.ts';
import { deskApi } from './areas/desk.ts';
import { feedbackApi } from './areas/feedback.ts';
import { handbookApi } from './areas/handbook.ts';
import { readAloudApi } from './areas/read-aloud.ts';
import { ridershipApi } from './areas/ridership.ts';
import { systemApi } from './areas/system.ts';
import { tripApi } from './areas/trip.ts';
import { StaffSessions } from '../services/desk/staff-auth.ts';
import type { ApiDeps } from './deps.ts';

/**
 * The one onboard API: a plain object of async methods, each taking one JSON input. Electron serves
 * it over IPC, the headless host over HTTP; screens import its type only. Each area is one file.
 */
export function buildApi(deps: ApiDeps) {
  // One set of staff sessions: the desk console's login also unlocks the service call.
  const sessions = new StaffSessions(deps.config.desk.staff, deps.clock, deps.config.desk.idleLockMinutes);
  const activities = activitiesApi(deps);
  return {
    ...systemApi(deps),
    ...tripApi(deps),
    ...announceApi(deps, sessions),
    ...ridershipApi(deps),
    ...feedbackApi(deps),
    ...deskApi(deps, sessions),
    ...handbookApi(deps),
    ...activities,
    ...readAloudApi(deps, activities.activitiesToday),
  };
}

export type Api = ReturnType<typeof buildApi>;
export type ApiMethod = keyof Api;
export type ApiInput<M extends ApiMethod> = Parameters<Api[M]>[0];
export type ApiOutput<M extends ApiMethod> = Awaited<ReturnType<Api[M]>>;
export type { ApiDeps } from './deps.ts';
export type { LiveEvent } from './live.ts';
