import type { SpokenPart } from '../../hardware/audio/types.ts';
import type { Names } from '../route/model.ts';
import { priorityRank, type AnnouncementPriority } from './types.ts';

export interface QueuedAnnouncement {
  id: string;
  key: string;
  priority: AnnouncementPriority;
  text: Names;
  parts: SpokenPart[];
  /** Clock ms when accepted. */
  queuedAt: number;
  /** Stop and node announcements wait while the bus is off route. */
  holdable: boolean;
  /** The stop this is about and its phase (approaching 0, arrived 1, departed 2): a later phase makes earlier ones moot. */
  stopId: string | null;
  phase: number;
  /** Driver's own request: not subject to the repeat window. */
  manual: boolean;
}

export type Offer = 'queued' | 'duplicate';

/**
 * The waiting announcements: priority order, first come first served within a priority; the same
 * key is refused while it waits or plays, or within the repeat window after it was accepted.
 */
export class AnnouncementQueue {
  private items: { item: QueuedAnnouncement; seq: number }[] = [];
  private readonly accepted = new Map<string, number>();
  private seq = 0;
  playing: QueuedAnnouncement | null = null;

  constructor(private readonly repeatWindowMs: number) {}

  offer(item: QueuedAnnouncement): Offer {
    if (this.playing?.key === item.key || this.items.some((q) => q.item.key === item.key)) return 'duplicate';
    const last = this.accepted.get(item.key);
    if (!item.manual && last !== undefined && item.queuedAt - last < this.repeatWindowMs) return 'duplicate';
    this.accepted.set(item.key, item.queuedAt);
    for (const [key, at] of this.accepted) if (item.queuedAt - at >= this.repeatWindowMs) this.accepted.delete(key);
    this.items.push({ item, seq: this.seq++ });
    return 'queued';
  }

  /** Drops waiting announcements about `stopId` of an earlier phase than `phase`; returns how many. */
  supersede(stopId: string, phase: number): number {
    const before = this.items.length;
    this.items = this.items.filter(({ item }) => !(item.stopId === stopId && item.phase < phase));
    return before - this.items.length;
  }

  /** Drops held announcements older than `maxAgeMs`; returns how many. */
  dropStale(nowMs: number, maxAgeMs: number): number {
    const before = this.items.length;
    this.items = this.items.filter(({ item }) => !(item.holdable && nowMs - item.queuedAt > maxAgeMs));
    return before - this.items.length;
  }

  /** Drops the waiting announcements `drop` picks; returns how many. */
  remove(drop: (item: QueuedAnnouncement) => boolean): number {
    const before = this.items.length;
    this.items = this.items.filter(({ item }) => !drop(item));
    return before - this.items.length;
  }

  has(match: (item: QueuedAnnouncement) => boolean): boolean {
    return this.items.some(({ item }) => match(item));
  }

  /** Puts back an announcement that was cut short: first of its priority, no repeat check. */
  putBack(item: QueuedAnnouncement): void {
    const first = this.items.reduce((min, q) => Math.min(min, q.seq), 0);
    this.items.push({ item, seq: first - 1 });
  }

  clear(): void {
    this.items = [];
  }

  /** Removes and returns the most urgent announcement allowed now. */
  take(hold: boolean): QueuedAnnouncement | null {
    let best = -1;
    for (let i = 0; i < this.items.length; i++) {
      const { item, seq } = this.items[i]!;
      if (hold && item.holdable) continue;
      const b = this.items[best];
      if (!b || priorityRank[item.priority] < priorityRank[b.item.priority] || (item.priority === b.item.priority && seq < b.seq)) best = i;
    }
    return best < 0 ? null : this.items.splice(best, 1)[0]!.item;
  }

  get length(): number {
    return this.items.length;
  }
}
