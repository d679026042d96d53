import { describe, expect, it } from 'vitest';
import { delays } from '../../../src/core/delays.ts';
import { ev, setup, zhOf } from './support.ts';

describe('announcer queue', () => {
  it('plays the most urgent first: safety, then stops, then nodes, then service calls', async () => {
    const { audio, announcer } = setup();
    // Something is already playing, so everything below has to wait and be ordered.
    announcer.announceServiceCall({ zh: '请A001号到1号桌', en: 'Number A001 to table 1' });
    announcer.announceServiceCall({ zh: '请A002号到2号桌', en: 'Number A002 to table 2' });
    announcer.handleTripEvents([ev('passing', 'hongshiya-market'), ev('approaching', 'hongfu-jiayuan')]);
    announcer.handleTripEvents([ev('departed', 'furonglu-center')]);
    await audio.drain();
    expect(audio.played.map(zhOf)).toEqual([
      '请A001号到1号桌',
      '车辆起步，请坐稳扶好',
      '前方到站：宏福佳苑',
      '下一站：宏福佳苑',
      '即将经过红石崖大集',
      '请A002号到2号桌',
    ]);
  });

  it('never plays two at once, whatever arrives while one plays', async () => {
    const { audio, announcer } = setup();
    announcer.handleTripEvents([ev('approaching', 'hongfu-jiayuan')]);
    for (let i = 0; i < 5; i++) announcer.announceServiceCall({ zh: `请A00${i}号`, en: `Number A00${i}` });
    announcer.handleTripEvents([ev('passing', 'hongshiya-market')]);
    expect(audio.played).toHaveLength(1);
    expect(announcer.status().waiting).toBe(6);
    await audio.drain();
    expect(audio.played).toHaveLength(7);
    expect(audio.maxConcurrent).toBe(1);
  });

  it('keeps going after an utterance fails to play', async () => {
    const { audio, announcer } = setup();
    announcer.handleTripEvents([ev('approaching', 'hongfu-jiayuan'), ev('passing', 'hongshiya-market')]);
    await audio.fail('speaker unplugged');
    expect(audio.played).toHaveLength(2);
    expect(announcer.status()).toMatchObject({ failures: 1, lastError: 'speaker unplugged' });
  });

  it('drops duplicates while queued or playing and within the repeat window, not after it', async () => {
    const { audio, announcer, clock } = setup();
    announcer.handleTripEvents([ev('approaching', 'hongfu-jiayuan'), ev('approaching', 'hongfu-jiayuan')]);
    announcer.handleTripEvents([ev('passing', 'hongshiya-market'), ev('passing', 'hongshiya-market')]);
    expect(announcer.announceServiceCall({ zh: '请A001号', en: 'A001' }).ok).toBe(true);
    expect(announcer.announceServiceCall({ zh: '请A001号', en: 'A001' })).toMatchObject({ ok: false, error: { code: 'duplicate' } });
    // A deliberate recall of the same number is a new call, a second push of the same one is not.
    expect(announcer.announceServiceCall({ zh: '请A009号', en: 'A009' }, 'ticket-9:0').ok).toBe(true);
    expect(announcer.announceServiceCall({ zh: '请A009号', en: 'A009' }, 'ticket-9:0').ok).toBe(false);
    expect(announcer.announceServiceCall({ zh: '请A009号', en: 'A009' }, 'ticket-9:1').ok).toBe(true);
    await audio.drain();
    expect(audio.played.map(zhOf)).toEqual(['前方到站：宏福佳苑', '即将经过红石崖大集', '请A001号', '请A009号', '请A009号']);

    clock.advance(delays.announceRepeatWindowMs - 1000);
    announcer.handleTripEvents([ev('approaching', 'hongfu-jiayuan')]);
    expect(audio.played).toHaveLength(5);
    // The driver asking again is not jitter: the window does not apply to a manual request.
    announcer.handleTripEvents([ev('approaching', 'hongfu-jiayuan', { manual: true })]);
    expect(audio.played).toHaveLength(6);
    await audio.drain();

    clock.advance(delays.announceRepeatWindowMs);
    announcer.handleTripEvents([ev('passing', 'hongshiya-market')]);
    expect(audio.played.map(zhOf).at(-1)).toBe('即将经过红石崖大集');
    expect(announcer.status().dropped.duplicate).toBe(5);
  });

  it('holds stop and node announcements while off route and releases them on route', async () => {
    const { audio, announcer, started } = setup();
    announcer.handleTripEvents([ev('off_route', null, { offset: 80 })]);
    announcer.handleTripEvents([ev('approaching', 'hongshiya-shangyejie'), ev('passing', 'hongshiya-market')]);
    expect(audio.played).toHaveLength(0);
    expect(announcer.status()).toMatchObject({ holding: true, waiting: 2 });
    // Service calls and safety prompts are not about the route: they still play.
    announcer.announceServiceCall({ zh: '请A003号到3号桌', en: 'Number A003 to table 3' });
    await audio.drain();
    expect(audio.played.map(zhOf)).toEqual(['请A003号到3号桌']);

    announcer.handleTripEvents([ev('on_route')]);
    await audio.drain();
    expect(audio.played.map(zhOf)).toEqual(['请A003号到3号桌', '前方到站：红石崖商业街', '即将经过红石崖大集']);
    expect(started.map((a) => a.priority)).toEqual(['service', 'stop', 'node']);
  });

  it('drops a held announcement that went out of date during a long detour', async () => {
    const { audio, announcer, clock } = setup();
    announcer.handleTripEvents([ev('off_route'), ev('passing', 'hongshiya-market')]);
    clock.advance(delays.announceStaleAfterMs + 1000);
    announcer.handleTripEvents([ev('on_route')]);
    await audio.drain();
    expect(audio.played).toHaveLength(0);
    expect(announcer.status().dropped.stale).toBe(1);
  });

  it('drops a waiting announcement made moot by a later event at the same stop', async () => {
    const { audio, announcer } = setup();
    announcer.announceServiceCall({ zh: '请A004号', en: 'A004' });
    announcer.handleTripEvents([ev('approaching', 'hongfu-jiayuan'), ev('arrived', 'hongfu-jiayuan')]);
    announcer.handleTripEvents([ev('approaching', 'hongshiya-shangyejie'), ev('passed', 'hongshiya-shangyejie', { reason: 'drove-through' })]);
    await audio.drain();
    expect(audio.played.map(zhOf)).toEqual(['请A004号', '宏福佳苑到了']);
    expect(announcer.status().dropped.superseded).toBe(2);
  });

  it('says nothing for late passings, passed stops and route events', async () => {
    const { audio, announcer } = setup();
    announcer.handleTripEvents([ev('passing', 'hongshiya-market', { late: true }), ev('passed', 'hongfu-jiayuan'), ev('off_route'), ev('on_route')]);
    await audio.drain();
    expect(audio.played).toHaveLength(0);
  });

  it('lets a driver request through while off route', async () => {
    const { audio, announcer } = setup();
    announcer.handleTripEvents([ev('off_route'), ev('approaching', 'hongfu-jiayuan', { manual: true })]);
    expect(audio.played.map(zhOf)).toEqual(['前方到站：宏福佳苑']);
    await audio.drain();
  });

  it('stops cleanly: what waits is dropped and nothing new starts', async () => {
    const { audio, announcer } = setup();
    announcer.handleTripEvents([ev('approaching', 'hongfu-jiayuan'), ev('passing', 'hongshiya-market')]);
    announcer.stop();
    announcer.announceServiceCall({ zh: '请A005号', en: 'A005' });
    await audio.drain();
    expect(audio.played.map(zhOf)).toEqual(['前方到站：宏福佳苑']);
  });

  it('emits each announcement when it starts playing, with the start time, and keeps the recent ones', async () => {
    const { audio, announcer, clock, started } = setup();
    announcer.handleTripEvents([ev('approaching', 'hongfu-jiayuan'), ev('passing', 'hongshiya-market')]);
    expect(started.map((a) => a.key)).toEqual(['approaching:hongfu-jiayuan']);
    clock.advance(4000);
    await audio.finish();
    expect(started.map((a) => a.key)).toEqual(['approaching:hongfu-jiayuan', 'passing:hongshiya-market']);
    expect(started[1]!.at).toBe('2026-11-23T02:00:04.000Z');
    expect(started[1]!.text).toEqual({ zh: '即将经过红石崖大集', en: 'Passing Hongshiya Market' });
    expect(started[1]!.id).toBe(audio.played[1]!.id);
    await audio.drain();
    expect(announcer.recent(5).map((a) => a.key)).toEqual(['passing:hongshiya-market', 'approaching:hongfu-jiayuan']);
  });
});
