import { FakeAudio } from '../../../hardware/audio/fake.ts';
import type { Utterance } from '../../../hardware/audio/types.ts';
import { Announcer } from '../../../src/announce/announcer.ts';
import { AnnouncementContent } from '../../../src/announce/content.ts';
import type { Announcement } from '../../../src/announce/types.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import type { TripEvent, TripEventType } from '../../../src/trip/types.ts';

export const stops = [
  { id: 'furonglu-center', name: { zh: '芙蓉路社区党群服务中心', en: 'Furong Road Community Centre' } },
  { id: 'hongfu-jiayuan', name: { zh: '宏福佳苑', en: 'Hongfu Jiayuan' } },
  { id: 'hongshiya-shangyejie', name: { zh: '红石崖商业街', en: 'Hongshiya Commercial Street' } },
];
export const market = { id: 'hongshiya-market', name: { zh: '红石崖大集', en: 'Hongshiya Market' } };

/** A trip event as the tracker makes them; names from the lists above. */
export function ev(type: TripEventType, stopId: string | null = null, extra: Partial<TripEvent> = {}): TripEvent {
  const name = [...stops, market].find((p) => p.id === stopId)?.name;
  return { type, stopId, lap: 1, time: '2026-11-23T02:00:00.000Z', distance: 0, ...(name ? { name } : {}), ...extra };
}

/** 10:00 Beijing time: the normal volume applies. */
export const daytime = '2026-11-23T02:00:00.000Z';

export function setup(start = daytime) {
  const clock = new ManualClock(start);
  const audio = new FakeAudio();
  const content = new AnnouncementContent();
  const announcer = new Announcer({ clock, audio, content, stops, volume: { quietFrom: '21:00', quietTo: '07:00', normal: 0.9, quiet: 0.5 } });
  const started: Announcement[] = [];
  announcer.started.on((a) => started.push(a));
  return { clock, audio, content, announcer, started };
}

export const zhOf = (u: Utterance) => u.parts.find((p) => p.lang === 'zh')!.text;
