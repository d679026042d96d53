import type { QueueView } from '../services/desk/ticket-view.ts';
import type { Api, ApiMethod } from './index.ts';
import type { LiveEvent } from './live.ts';
import type { GpsStatus } from '../../hardware/gps/types.ts';

/**
 * Who may do what: each screen reaches only its own methods and hears only its own events. Electron
 * routes each window to one of these (src/api/screen-router.ts); the headless host serves them as
 * /api/<screen>/<method> and /api/<screen>/events. A method on no list is served to no screen.
 */
export const screens = ['resident', 'driver', 'staff'] as const;
export type Screen = (typeof screens)[number];

export function isScreen(name: unknown): name is Screen {
  return typeof name === 'string' && (screens as readonly string[]).includes(name);
}

/** Read-only trip, take a number, handbook, comments, 好差评 (with the ticket's secret), 查进度, read-aloud of known content. */
const residentMethods = [
  'tripState',
  'tripRoute',
  'announceRecent',
  'announceStatus',
  'activitiesToday',
  'deskCatalogue',
  'deskStats',
  'deskTakeTicket',
  'deskTicket',
  'deskCancel',
  'handbookList',
  'handbookSearch',
  'handbookArticle',
  'feedbackCategories',
  'feedbackSubmit',
  'feedbackLookup',
  'ratingOptions',
  'ratingSubmit',
  'readAloud',
  'readAloudStop',
] as const satisfies readonly ApiMethod[];

/** Trip overrides, manual announce, tally, prompts and the bus's health. */
const driverMethods = [
  'systemStatus',
  'tripState',
  'tripRoute',
  'tripRecentEvents',
  'tripResyncTo',
  'announceNextStopNow',
  'announceRecent',
  'announceStatus',
  'driverPrompt',
  'ridershipTally',
  'ridershipOccupancy',
] as const satisfies readonly ApiMethod[];

/** The desk console: every action past login needs the session token, a service call too. */
const staffMethods = [
  'deskCatalogue',
  'deskQueue',
  'deskStats',
  'deskTicket',
  'deskStaffLogin',
  'deskStaffLock',
  'deskCallNext',
  'deskRecall',
  'deskStart',
  'deskFinish',
  'deskNoShow',
  'deskHandOver',
  'deskCase',
  'announceServiceCall',
  'ridershipByStop',
  'ridershipByHour',
  'ridershipAdjustments',
] as const satisfies readonly ApiMethod[];

/** The queue as a board shows it to everyone: numbers, never ticket ids. */
export interface QueueBoard {
  day: string;
  waiting: { number: string; itemId: string; priority: boolean; peopleAhead: number; estimatedWaitMinutes: number }[];
  called: { number: string; counter: number; recalls: number }[];
  serving: { number: string; counter: number }[];
}

export function queueBoard(queue: QueueView): QueueBoard {
  return {
    day: queue.day,
    waiting: queue.waiting.map(({ number, itemId, priority, peopleAhead, estimatedWaitMinutes }) => ({ number, itemId, priority, peopleAhead, estimatedWaitMinutes })),
    called: queue.called.map(({ number, counter, recalls }) => ({ number, counter, recalls })),
    serving: queue.serving.map(({ number, counter }) => ({ number, counter })),
  };
}

function pick<const K extends readonly ApiMethod[]>(api: Api, methods: K): Pick<Api, K[number]> {
  return Object.fromEntries(methods.map((m) => [m, api[m]])) as Pick<Api, K[number]>;
}

/** The three method tables; public screens get the queue as a board. */
export function screenSurfaces(api: Api) {
  const deskQueue = async (_input?: unknown): Promise<QueueBoard> => queueBoard(await api.deskQueue());
  return {
    resident: { ...pick(api, residentMethods), deskQueue },
    driver: { ...pick(api, driverMethods), deskQueue },
    staff: pick(api, staffMethods),
  };
}

export type ScreenApis = ReturnType<typeof screenSurfaces>;
export type ResidentApi = ScreenApis['resident'];
export type DriverApi = ScreenApis['driver'];
export type StaffApi = ScreenApis['staff'];

/** A called number as a public screen shows it: the number, its counter and the words. */
type PublicCall = { type: 'desk-call'; number: string; counter: number; text: { zh: string; en: string } };
type PublicQueue = { type: 'desk-queue'; queue: QueueBoard };
/** The GNSS condition without the device's path. */
type PublicGnss = { type: 'gnss'; status: GpsStatus };
type Only<T extends LiveEvent['type']> = Extract<LiveEvent, { type: T }>;

export type ResidentEvent = Only<'trip-state' | 'announcement' | 'feedback-reply' | 'reading'> | PublicCall | PublicQueue | PublicGnss;
export type DriverEvent = Only<'trip' | 'trip-state' | 'link' | 'gps' | 'occupancy' | 'counter' | 'announcement' | 'driver-prompt'> | PublicCall | PublicQueue;
export type StaffEvent = Only<'desk-call' | 'desk-queue'>;
export interface ScreenEvents {
  resident: ResidentEvent;
  driver: DriverEvent;
  staff: StaffEvent;
}

const heard: { [S in Screen]: ReadonlySet<LiveEvent['type']> } = {
  resident: new Set(['trip-state', 'announcement', 'feedback-reply', 'reading', 'desk-call', 'desk-queue', 'gps']),
  driver: new Set(['trip', 'trip-state', 'link', 'gps', 'occupancy', 'counter', 'announcement', 'driver-prompt', 'desk-call', 'desk-queue']),
  staff: new Set(['desk-call', 'desk-queue']),
};

/** What `screen` hears of `event`: null when it is none of its business; public screens never get ids or names. */
export function eventFor<S extends Screen>(screen: S, event: LiveEvent): ScreenEvents[S] | null {
  if (!heard[screen].has(event.type)) return null;
  if (screen === 'staff') return event as ScreenEvents[S];
  if (event.type === 'desk-call') return { type: 'desk-call', number: event.ticket.number, counter: event.counter, text: event.text } as ScreenEvents[S];
  if (event.type === 'gps' && screen === 'resident') return { type: 'gnss', status: event.status.status } as ScreenEvents[S];
  if (event.type === 'desk-queue') return { type: 'desk-queue', queue: queueBoard(event.queue) } as ScreenEvents[S];
  return event as ScreenEvents[S];
}

/** The three screens as the headless host serves them: methods plus the projection of the live feed. */
export function servedSurfaces(api: Api): Record<Screen, { methods: Record<string, (input: never) => unknown>; events: (event: unknown) => unknown }> {
  const tables = screenSurfaces(api);
  const served = (screen: Screen) => ({ methods: tables[screen], events: (event: unknown) => eventFor(screen, event as LiveEvent) });
  return { resident: served('resident'), driver: served('driver'), staff: served('staff') };
}
