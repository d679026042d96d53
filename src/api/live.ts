import type { CounterStatus } from '../../hardware/counter/types.ts';
import type { GpsSourceStatus } from '../../hardware/gps/types.ts';
import type { DriverPrompt } from '../announce/driver-prompts.ts';
import type { AnnouncementPriority } from '../announce/types.ts';
import type { DeskCall } from '../services/desk/desk-service.ts';
import type { QueueView } from '../services/desk/ticket-view.ts';
import type { ReplyStatus } from '../services/feedback/feedback-store.ts';
import type { Adjustment, CountRow } from '../services/ridership/ridership-store.ts';
import type { UplinkStatus } from '../sync/uplink-status.ts';
import type { TripEvent, TripState } from '../trip/types.ts';

/**
 * What the core pushes to the screens (Electron IPC `onEvent`, the host's `/api/events`).
 * Areas add their own members; screens switch on `type`.
 */
export type LiveEvent =
  | { type: 'trip'; event: TripEvent }
  | { type: 'trip-state'; state: TripState }
  | { type: 'link'; status: UplinkStatus }
  | { type: 'gps'; status: GpsSourceStatus }
  /** A number was called (or called again): the resident screen flashes `text`, the announcer speaks it. */
  | ({ type: 'desk-call' } & DeskCall)
  /** The service-desk queue changed; boards redraw from it (no personal fields). */
  | { type: 'desk-queue'; queue: QueueView }
  /** Passengers on board changed (a counter line or a driver's tally); clamps and corrections included. */
  | { type: 'occupancy'; occupancy: number; count: CountRow; adjustments: Adjustment[] }
  | { type: 'counter'; status: CounterStatus }
  /** The office answered a comment; a kiosk showing this reference refreshes it. */
  | { type: 'feedback-reply'; reference: string; status: ReplyStatus }
  /** An announcement started playing: shown at that moment for passengers who cannot hear it. */
  | { type: 'announcement'; id: string; priority: AnnouncementPriority; text: { zh: string; en: string }; at: string }
  /** A resident's read-aloud started or ended: the 朗读 button shows it and can stop it. */
  | { type: 'reading'; id: string; speaking: boolean }
  /** The driver's prompt changed (condition or wording). */
  | ({ type: 'driver-prompt' } & DriverPrompt);
