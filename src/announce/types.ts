import type { Result } from '../core/result.ts';
import type { Names } from '../route/model.ts';
import type { TripEvent } from '../trip/types.ts';

/** Safety prompts first, then stops, then service nodes, then the service desk's calls, last a resident's read-aloud. */
export type AnnouncementPriority = 'safety' | 'stop' | 'node' | 'service' | 'reading';

export const priorityRank: Record<AnnouncementPriority, number> = { safety: 0, stop: 1, node: 2, service: 3, reading: 4 };

/** One announcement as it started playing: what the screens show and `announceRecent` lists. */
export interface Announcement {
  id: string;
  /** Same key = same announcement (duplicates are dropped), e.g. "approaching:hongfu-jiayuan". */
  key: string;
  priority: AnnouncementPriority;
  text: Names;
  /** When it started playing (ISO, from the injected clock). */
  at: string;
  volume: number;
}

/**
 * The driver's overrides of the tracker, for when GNSS fails (as on commercial 报站器). The
 * implementation runs the tracker's override and sends the resulting events down the same path as
 * fix-driven ones (store, outbox, screens, announcer), then returns them.
 */
export interface TrackerOverrides {
  /** Announce the next stop now (a manual `approaching`); no events when there is no next stop. */
  announceNext(): TripEvent[];
  /** The bus stands at this stop: re-anchor the tracker there (a manual `arrived`). */
  resyncTo(stopId: string): Result<TripEvent[]>;
}
