import type { AudioOutput, SpokenPart } from '../../hardware/audio/types.ts';
import type { Clock } from '../core/clock.ts';
import { delays } from '../core/delays.ts';
import { Emitter } from '../core/emitter.ts';
import { uuidv7 } from '../core/ids.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Names } from '../route/model.ts';
import type { TripEvent } from '../trip/types.ts';
import type { AnnouncementContent } from './content.ts';
import { AnnouncementQueue, type QueuedAnnouncement } from './queue.ts';
import { fillTemplate, type PlaceRef, type TemplateKey } from './templates.ts';
import type { Announcement, AnnouncementPriority } from './types.ts';
import { volumeAt, type VolumeSchedule } from './volume.ts';

export interface AnnouncerOptions {
  clock: Clock;
  audio: AudioOutput;
  content: AnnouncementContent;
  /** The loop's stops in travel order: "next stop" after a departure is the following one. */
  stops: readonly { id: string; name: Names }[];
  volume: VolumeSchedule;
  recentLimit?: number;
}

export interface AnnouncerStatus {
  playing: Announcement | null;
  waiting: number;
  /** Off route: stop and node announcements wait. */
  holding: boolean;
  dropped: { duplicate: number; superseded: number; stale: number };
  failures: number;
  lastError: string | null;
}

const stopPhase = { approaching: 0, arrived: 1, departed: 2, passed: 3 } as const;

/**
 * Turns trip events and service calls into announcements and speaks them one at a time, most
 * urgent first. Each starts with a `started` event (the screens show it for passengers who cannot
 * hear). Deterministic: time comes from the clock, sound from the AudioOutput.
 */
export class Announcer {
  readonly started = new Emitter<Announcement>();
  /** A resident's read-aloud began (speaking) or ended, finished or stopped. */
  readonly reading = new Emitter<{ id: string; speaking: boolean }>();
  private readingId: string | null = null;
  private readonly queue = new AnnouncementQueue(delays.announceRepeatWindowMs);
  private readonly recentList: Announcement[] = [];
  private current: Announcement | null = null;
  private offRoute = false;
  private stopped = false;
  private readonly dropped = { duplicate: 0, superseded: 0, stale: 0 };
  private failures = 0;
  private lastError: string | null = null;

  constructor(private readonly opts: AnnouncerOptions) {}

  handleTripEvents(events: readonly TripEvent[]): void {
    for (const e of events) this.handleTripEvent(e);
    this.pump();
  }

  /**
   * A call from the service desk (e.g. a ticket number to a table): lowest priority, free text.
   * `key` says what counts as the same call (default: the same text); a deliberate recall passes a new one.
   */
  announceServiceCall(text: Names, key?: string): Result<{ id: string }, 'invalid-text' | 'duplicate'> {
    const zh = text.zh?.trim() ?? '';
    const en = text.en?.trim() ?? '';
    if (!zh || zh.length > 200 || en.length > 200) return err('invalid-text', 'a service call needs zh text (at most 200 characters) and en text of at most 200');
    const parts: SpokenPart[] = [{ lang: 'zh', text: zh, segments: [{ kind: 'free', text: zh }] }];
    if (en) parts.push({ lang: 'en', text: en, segments: [{ kind: 'free', text: en }] });
    const item = this.item(`service:${key ?? `${zh}|${en}`}`, 'service', parts, null, 0, false);
    if (this.queue.offer(item) === 'duplicate') {
      this.dropped.duplicate += 1;
      return err('duplicate', 'the same call is already waiting or was just made');
    }
    this.yieldReading(item);
    this.pump();
    return ok({ id: item.id });
  }

  /**
   * A resident's read-aloud, chunk by chunk at the lowest priority: every announcement goes first,
   * and one that arrives mid-chunk cuts the chunk short (it is read again afterwards). A new
   * read-aloud replaces the last one.
   */
  read(chunks: readonly SpokenPart[][]): { id: string } {
    this.stopReading();
    const id = uuidv7(this.opts.clock.now().getTime());
    this.readingId = id;
    chunks.forEach((parts, k) => this.queue.offer(this.item(`read:${id}:${k}`, 'reading', parts, null, 0, false)));
    this.reading.emit({ id, speaking: true });
    this.pump();
    return { id };
  }

  /** Ends the read-aloud in progress, mid-sentence; false when none was. */
  stopReading(): boolean {
    const id = this.readingId;
    if (!id) return false;
    this.readingId = null;
    this.queue.remove((item) => item.priority === 'reading');
    if (this.current?.priority === 'reading') this.opts.audio.cancel?.(this.current.id);
    this.reading.emit({ id, speaking: false });
    return true;
  }

  /** Newest first. */
  recent(limit = 10): Announcement[] {
    return this.recentList.slice(-limit).reverse();
  }

  status(): AnnouncerStatus {
    return { playing: this.current, waiting: this.queue.length, holding: this.offRoute, dropped: { ...this.dropped }, failures: this.failures, lastError: this.lastError };
  }

  /** Shutting down: what waits is dropped, the utterance in play ends on its own. */
  stop(): void {
    this.stopped = true;
    this.queue.clear();
  }

  private handleTripEvent(e: TripEvent): void {
    switch (e.type) {
      case 'off_route':
        this.offRoute = true;
        return;
      case 'on_route':
        this.offRoute = false;
        return;
      case 'passing':
        if (e.late || !e.stopId) return;
        this.offer(this.item(`passing:${e.stopId}`, 'node', this.fill('passing', this.place(e, 'node')), null, 0, true, e.manual));
        return;
      case 'passed':
        if (e.stopId) this.dropped.superseded += this.queue.supersede(e.stopId, stopPhase.passed);
        return;
      case 'approaching':
      case 'arrived':
        if (!e.stopId) return;
        this.offerStop(e, e.type, this.place(e, 'stop'));
        return;
      case 'departed': {
        if (!e.stopId) return;
        const k = this.opts.stops.findIndex((s) => s.id === e.stopId);
        this.offer(this.item(`holdOn:${e.stopId}`, 'safety', this.fill('holdOn', null), null, 0, false, e.manual));
        const next = k < 0 ? undefined : this.opts.stops[(k + 1) % this.opts.stops.length];
        if (next) this.offerStop(e, 'departed', { kind: 'stop', id: next.id, name: next.name });
      }
    }
  }

  private offerStop(e: TripEvent, type: 'approaching' | 'arrived' | 'departed', place: PlaceRef): void {
    const phase = stopPhase[type];
    this.dropped.superseded += this.queue.supersede(e.stopId!, phase);
    this.offer(this.item(`${type}:${e.stopId}`, 'stop', this.fill(type, place), e.stopId, phase, true, e.manual));
  }

  private offer(item: QueuedAnnouncement): void {
    // A driver's request is what the driver wants to hear, detour or not.
    if (item.manual) item.holdable = false;
    if (this.queue.offer(item) === 'duplicate') this.dropped.duplicate += 1;
    else this.yieldReading(item);
  }

  /** An announcement that may play now never waits for a resident's read-aloud to end its chunk. */
  private yieldReading(item: QueuedAnnouncement): void {
    const playing = this.queue.playing;
    if (playing?.priority !== 'reading' || item.priority === 'reading' || (item.holdable && this.offRoute)) return;
    this.queue.putBack({ ...playing, id: uuidv7(this.opts.clock.now().getTime()) });
    this.opts.audio.cancel?.(playing.id);
  }

  private item(key: string, priority: AnnouncementPriority, parts: SpokenPart[], stopId: string | null, phase: number, holdable: boolean, manual?: boolean): QueuedAnnouncement {
    const now = this.opts.clock.now().getTime();
    const text = { zh: parts.find((p) => p.lang === 'zh')?.text ?? '', en: parts.find((p) => p.lang === 'en')?.text ?? '' };
    return { id: uuidv7(now), key, priority, text, parts, queuedAt: now, holdable, stopId, phase, manual: manual === true };
  }

  private fill(key: TemplateKey, place: PlaceRef | null): SpokenPart[] {
    const texts = this.opts.content.texts[key];
    return [fillTemplate(texts.zh, 'zh', place), fillTemplate(texts.en, 'en', place)];
  }

  private place(e: TripEvent, kind: 'stop' | 'node'): PlaceRef {
    const known = kind === 'stop' ? this.opts.stops.find((s) => s.id === e.stopId)?.name : undefined;
    const name = e.name ?? known ?? { zh: e.stopId!, en: e.stopId! };
    return { kind, id: e.stopId!, name };
  }

  private pump(): void {
    if (this.current || this.stopped) return;
    const now = this.opts.clock.now();
    this.dropped.stale += this.queue.dropStale(now.getTime(), delays.announceStaleAfterMs);
    const next = this.queue.take(this.offRoute);
    if (!next) return;
    const volume = volumeAt(now, this.opts.volume);
    const announcement: Announcement = { id: next.id, key: next.key, priority: next.priority, text: next.text, at: now.toISOString(), volume };
    this.current = announcement;
    this.queue.playing = next;
    // A read-aloud is the resident's own: not an announcement the screens show or list.
    if (next.priority !== 'reading') {
      this.recentList.push(announcement);
      if (this.recentList.length > (this.opts.recentLimit ?? 50)) this.recentList.shift();
      this.started.emit(announcement);
    }
    this.opts.audio
      .play({ id: next.id, parts: next.parts, volume })
      .catch((error: unknown) => {
        this.failures += 1;
        this.lastError = error instanceof Error ? error.message : String(error);
        console.error(`announcement "${next.text.zh}" could not be played: ${this.lastError}`);
      })
      .finally(() => {
        this.current = null;
        this.queue.playing = null;
        const id = this.readingId;
        if (next.priority === 'reading' && id && next.key.startsWith(`read:${id}:`) && !this.queue.has((item) => item.priority === 'reading')) {
          this.readingId = null;
          this.reading.emit({ id, speaking: false });
        }
        this.pump();
      });
  }
}
