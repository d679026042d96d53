import type { AudioOutput } from '../../hardware/audio/types.ts';
import type { GpsSourceStatus } from '../../hardware/gps/types.ts';
import type { LiveEvent } from '../api/live.ts';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import type { Emitter } from '../core/emitter.ts';
import type { Result } from '../core/result.ts';
import type { Names } from '../route/model.ts';
import type { TripEvent, TripState } from '../trip/types.ts';
import { Announcer } from './announcer.ts';
import { AnnouncementContent, type TextsErrorCode, type TextsPersistence } from './content.ts';
import { DriverPrompts } from './driver-prompts.ts';
import type { TrackerOverrides } from './types.ts';

export interface AnnounceServiceParts {
  clock: Clock;
  audio: AudioOutput;
  audioConfig: Config['audio'];
  /** The loop's stops in travel order. */
  stops: readonly { id: string; name: Names }[];
  live: Emitter<LiveEvent>;
  /** Keeps the office's texts across boots; null keeps them in memory only. */
  textsStore: TextsPersistence | null;
  /** The tracker's driver overrides; null while no tracker runs (the API then says so). */
  overrides: TrackerOverrides | null;
}

/**
 * Announcements and driver prompts as one onboard service: the tracker's pipeline hands it trip
 * events, trip state and GNSS status, the live feed its desk calls; it speaks, and pushes
 * `announcement` and `driver-prompt` live events to the screens.
 */
export class AnnounceService {
  readonly announcer: Announcer;
  readonly prompts: DriverPrompts;
  readonly content: AnnouncementContent;
  readonly overrides: TrackerOverrides | null;
  private readonly unsubscribers: (() => void)[];

  constructor(private readonly parts: AnnounceServiceParts) {
    const { quietHours, volume } = parts.audioConfig;
    this.content = new AnnouncementContent(parts.textsStore);
    this.announcer = new Announcer({
      clock: parts.clock,
      audio: parts.audio,
      content: this.content,
      stops: parts.stops,
      volume: { quietFrom: quietHours.from, quietTo: quietHours.to, normal: volume.normal, quiet: volume.quiet },
    });
    this.prompts = new DriverPrompts(parts.clock);
    this.overrides = parts.overrides;
    this.unsubscribers = [
      this.announcer.started.on(({ id, priority, text, at }) => parts.live.emit({ type: 'announcement', id, priority, text, at })),
      this.announcer.reading.on(({ id, speaking }) => parts.live.emit({ type: 'reading', id, speaking })),
      this.prompts.changes.on((prompt) => parts.live.emit({ type: 'driver-prompt', ...prompt })),
      // The service desk's calls: each recall of a number is a new call, a repeated push is not.
      parts.live.on((e) => {
        if (e.type === 'desk-call') this.announcer.announceServiceCall(e.text, `desk:${e.ticket.id}:${e.ticket.recalls}`);
      }),
    ];
  }

  /** Trip events (fix-driven or from an override), with the tracker's state after them. */
  trip(events: readonly TripEvent[], state?: TripState): void {
    this.announcer.handleTripEvents(events);
    this.prompts.update({ events, state });
  }

  gps(status: GpsSourceStatus): void {
    this.prompts.update({ gps: status });
  }

  /** Texts from the office (content downlink): replaced whole, and only by a newer version. */
  applyAnnouncementTexts(version: number, json: unknown): Result<{ version: number }, TextsErrorCode> {
    return this.content.apply(version, json);
  }

  audioStatus() {
    return this.parts.audio.status();
  }

  stop(): void {
    for (const off of this.unsubscribers) off();
    this.announcer.stop();
  }
}
