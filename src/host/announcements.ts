import { join } from 'node:path';
import { z } from 'zod';
import { createAudioOutput } from '../../hardware/audio/select.ts';
import type { GpsSource } from '../../hardware/gps/types.ts';
import { AnnounceService } from '../announce/service.ts';
import { textsOverrideSchema } from '../announce/templates.ts';
import type { TrackerOverrides } from '../announce/types.ts';
import type { LiveEvent } from '../api/live.ts';
import { shippedAsset } from '../app-root/app-root.ts';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import type { Emitter } from '../core/emitter.ts';
import { ok, type Result } from '../core/result.ts';
import type { Route } from '../route/model.ts';
import type { Store } from '../store/store.ts';
import type { DownlinkDispatcher } from '../sync/downlink.ts';

/** State-table key of the announcement texts in force (version + office override). */
export const announcementTextsKey = 'announce.texts';

/**
 * Announcements and driver prompts for the onboard assembly: the audio output the config names,
 * the office's texts (downlink kind `announcements`) kept in the bus store, GNSS status forwarded
 * to the driver prompt. The tracker's pipeline calls `service.trip(events, state)`; its overrides
 * come in as `overrides`.
 */
export function buildAnnouncements(parts: {
  config: Config;
  clock: Clock;
  store: Store;
  live: Emitter<LiveEvent>;
  gps: GpsSource;
  route: Route;
  overrides: TrackerOverrides | null;
  downlink: DownlinkDispatcher;
  log?: (line: string) => void;
}): Result<{ service: AnnounceService; stop(): void }> {
  const { config, store } = parts;
  const audio = createAudioOutput({
    output: config.audio.output,
    clipsDir: config.audio.clipsDir ?? shippedAsset('audio'),
    wavDir: config.audio.wavDir ?? join(config.dataDir, 'announcements'),
    wordsPerMinute: config.audio.wordsPerMinute,
    log: parts.log ?? ((line) => console.log(line)),
    speed: config.gps.source === 'simulator' ? config.gps.speed : 1,
  });
  if (!audio.ok) return audio;
  const service = new AnnounceService({
    clock: parts.clock,
    audio: audio.value,
    audioConfig: config.audio,
    stops: parts.route.stops.map(({ id, name }) => ({ id, name })),
    live: parts.live,
    textsStore: { load: () => store.getState(announcementTextsKey), save: (json) => store.setState(announcementTextsKey, json) },
    overrides: parts.overrides,
  });
  // Inside the dispatcher's transaction: a set refused here is rolled back and reported to the office.
  parts.downlink.registerDownlink('announcements', z.looseObject({ texts: textsOverrideSchema }), (body, context) => {
    const applied = service.applyAnnouncementTexts(context.version ?? 0, body.texts);
    if (!applied.ok) throw new Error(applied.error.message);
  });
  service.gps(parts.gps.status());
  const off = parts.gps.onStatus((status) => service.gps(status));
  return ok({
    service,
    stop() {
      off();
      service.stop();
    },
  });
}
