import { describe, expect, it } from 'vitest';
import { AnnouncementContent } from '../../../src/announce/content.ts';
import { defaultTexts } from '../../../src/announce/templates.ts';
import { volumeAt } from '../../../src/announce/volume.ts';
import { ev, setup } from './support.ts';

describe('announcement templates', () => {
  const cases = [
    { event: ev('approaching', 'hongfu-jiayuan'), zh: '前方到站：宏福佳苑', en: 'Next stop: Hongfu Jiayuan', place: 'hongfu-jiayuan' },
    { event: ev('arrived', 'hongfu-jiayuan'), zh: '宏福佳苑到了', en: 'We have arrived at Hongfu Jiayuan', place: 'hongfu-jiayuan' },
    // Departing the second stop: the next one is the third, wrapping round the loop after the last.
    { event: ev('departed', 'hongfu-jiayuan'), zh: '下一站：红石崖商业街', en: 'Next stop: Hongshiya Commercial Street', place: 'hongshiya-shangyejie' },
    { event: ev('departed', 'hongshiya-shangyejie'), zh: '下一站：芙蓉路社区党群服务中心', en: 'Next stop: Furong Road Community Centre', place: 'furonglu-center' },
    { event: ev('passing', 'hongshiya-market'), zh: '即将经过红石崖大集', en: 'Passing Hongshiya Market', place: 'hongshiya-market' },
  ];
  for (const c of cases) {
    it(`${c.event.type} ${c.event.stopId}: Chinese, then English, with the place as its own segment`, async () => {
      const { audio, announcer } = setup();
      announcer.handleTripEvents([c.event]);
      await audio.drain();
      const u = audio.played.at(-1)!;
      expect(u.parts.map((p) => [p.lang, p.text])).toEqual([['zh', c.zh], ['en', c.en]]);
      for (const part of u.parts) {
        expect(part.segments.map((s) => s.text).join('')).toBe(part.text);
        expect(part.segments.filter((s) => s.kind === 'place').map((s) => (s.kind === 'place' ? s.id : ''))).toEqual([c.place]);
      }
    });
  }

  it('a departure starts with the safety prompt', async () => {
    const { audio, announcer, started } = setup();
    announcer.handleTripEvents([ev('departed', 'furonglu-center')]);
    await audio.drain();
    expect(started.map((a) => [a.priority, a.text.zh, a.text.en])).toEqual([
      ['safety', '车辆起步，请坐稳扶好', 'The bus is moving off, please hold on'],
      ['stop', '下一站：宏福佳苑', 'Next stop: Hongfu Jiayuan'],
    ]);
  });
});

describe('volume by time of day (Beijing time)', () => {
  const schedule = { quietFrom: '21:00', quietTo: '07:00', normal: 0.9, quiet: 0.5 };
  const at = (iso: string) => volumeAt(new Date(iso), schedule);
  it('is quiet from 21:00 to 07:00 local, across midnight', () => {
    expect(at('2026-11-23T12:59:59Z')).toBe(0.9); // 20:59:59
    expect(at('2026-11-23T13:00:00Z')).toBe(0.5); // 21:00
    expect(at('2026-11-23T16:30:00Z')).toBe(0.5); // 00:30
    expect(at('2026-11-23T22:59:00Z')).toBe(0.5); // 06:59
    expect(at('2026-11-23T23:00:00Z')).toBe(0.9); // 07:00
    expect(at('2026-11-23T04:00:00Z')).toBe(0.9); // 12:00
  });
  it('handles a range within one day', () => {
    const nap = { ...schedule, quietFrom: '12:00', quietTo: '14:00' };
    expect(volumeAt(new Date('2026-11-23T04:30:00Z'), nap)).toBe(0.5);
    expect(volumeAt(new Date('2026-11-23T06:00:00Z'), nap)).toBe(0.9);
  });
  it('is applied to each announcement when it starts', async () => {
    const { audio, announcer, clock, started } = setup('2026-11-23T12:59:58Z');
    announcer.handleTripEvents([ev('approaching', 'hongfu-jiayuan'), ev('passing', 'hongshiya-market')]);
    clock.advance(3000);
    await audio.drain();
    expect(audio.played.map((u) => u.volume)).toEqual([0.9, 0.5]);
    expect(started.map((a) => a.volume)).toEqual([0.9, 0.5]);
  });
});

describe('announcement texts from the office', () => {
  const memory = () => {
    let saved: string | null = null;
    return { load: () => saved, save: (json: string) => void (saved = json), get saved() { return saved; } };
  };
  const newer = { approaching: { zh: '下一站即将到达：{stop}', en: 'Arriving soon: {stop}' } };

  it('replaces the texts when the version is newer, and keeps the built-in wording for keys left out', async () => {
    const { audio, announcer, content } = setup();
    expect(content.apply(3, JSON.stringify(newer))).toEqual({ ok: true, value: { version: 3 } });
    expect(content.texts.arrived).toEqual(defaultTexts.arrived);
    announcer.handleTripEvents([ev('approaching', 'hongfu-jiayuan')]);
    await audio.drain();
    expect(audio.played[0]!.parts.map((p) => p.text)).toEqual(['下一站即将到达：宏福佳苑', 'Arriving soon: Hongfu Jiayuan']);
  });

  it('refuses a version that is not newer', () => {
    const content = new AnnouncementContent();
    expect(content.apply(5, newer).ok).toBe(true);
    for (const v of [5, 4]) {
      expect(content.apply(v, { approaching: { zh: '旧{stop}', en: 'old {stop}' } })).toMatchObject({ ok: false, error: { code: 'not-newer' } });
    }
    expect(content.apply(0, newer)).toMatchObject({ ok: false, error: { code: 'invalid-version' } });
    expect(content.texts.approaching).toEqual(newer.approaching);
    expect(content.version).toBe(5);
  });

  it('never applies half a set: one bad text rejects the whole version', () => {
    const store = memory();
    const content = new AnnouncementContent(store);
    const bad = [
      { ...newer, arrived: { zh: '到了', en: 'Arrived at {stop}' } }, // zh lacks {stop}
      { ...newer, passing: { zh: '即将经过{stop}', en: 'Passing {node}' } }, // wrong placeholder
      { ...newer, holdOn: { zh: '请扶好{stop}', en: 'Hold on' } }, // placeholder where none belongs
      { ...newer, farewell: { zh: '再见', en: 'Bye' } }, // unknown key
      { ...newer, departed: { zh: '下一站：{next}' } }, // English missing
      '{"approaching": ', // not JSON
    ];
    for (const [i, json] of bad.entries()) {
      const result = content.apply(10 + i, json);
      expect(result.ok, `case ${i}`).toBe(false);
    }
    expect(content.version).toBe(0);
    expect(content.texts).toEqual(defaultTexts);
    expect(store.saved).toBeNull();
  });

  it('is not applied when it cannot be saved, and survives a restart when it was', () => {
    const failing = new AnnouncementContent({ load: () => null, save: () => { throw new Error('disk full'); } });
    expect(failing.apply(2, newer)).toMatchObject({ ok: false, error: { code: 'not-saved' } });
    expect(failing.texts).toEqual(defaultTexts);

    const store = memory();
    expect(new AnnouncementContent(store).apply(7, newer).ok).toBe(true);
    const rebooted = new AnnouncementContent(store);
    expect(rebooted.version).toBe(7);
    expect(rebooted.texts.approaching).toEqual(newer.approaching);
  });
});
