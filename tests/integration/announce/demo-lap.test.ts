import { describe, expect, it } from 'vitest';
import { FakeAudio } from '../../../hardware/audio/fake.ts';
import { estimateSpeechMs } from '../../../hardware/audio/simulator.ts';
import { AnnounceService } from '../../../src/announce/service.ts';
import type { LiveEvent } from '../../../src/api/live.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { Emitter } from '../../../src/core/emitter.ts';
import { Tracker } from '../../../src/trip/tracker.ts';
import { simulateDrive } from '../../scenarios/support/drive.ts';
import { fixesOf } from '../../scenarios/support/fixes.ts';
import { receiverEpochs, urbanNoise } from '../../scenarios/support/receiver.ts';
import { demoRoute } from '../../scenarios/support/scenarios.ts';

/**
 * One lap of the demo loop (assets/routes/hongfu-loop.geojson) with a 1 Hz receiver in street
 * noise, through the real tracker into the announcer. Utterances take as long as the simulator
 * says they would, on the fixes' clock, so announcements that come close together really queue.
 */
function driveOneLap() {
  const L = demoRoute.length;
  const holds = demoRoute.stops.map((s) => ({ u: s.distance + 2, dwellS: 25, kind: 'stop' as const }));
  const drive = simulateDrive(demoRoute, { startU: 0, endU: L + 100, cruiseMps: 10, holds, startTime: '2026-11-23T01:00:00.000Z' });
  const fixes = fixesOf(receiverEpochs(drive, { rateHz: 1, noise: urbanNoise, seed: 11 }));

  const clock = new ManualClock(fixes[0]!.time!);
  const audio = new FakeAudio();
  const live = new Emitter<LiveEvent>();
  const audioConfig = configSchema.parse({}).audio;
  const service = new AnnounceService({ clock, audio, audioConfig, stops: demoRoute.stops, live, textsStore: null, overrides: null });
  const announced: Extract<LiveEvent, { type: 'announcement' }>[] = [];
  const prompts: string[] = [];
  live.on((e) => {
    if (e.type === 'announcement') announced.push(e);
    if (e.type === 'driver-prompt' && prompts.at(-1) !== e.code) prompts.push(e.code);
  });
  service.gps({ status: 'fix', device: 'test', clockOffsetMs: 0, lastFixAt: null });

  const tracker = new Tracker(demoRoute);
  return {
    async run() {
      for (const fix of fixes) {
        clock.set(fix.time!);
        // The utterance in play ends once its spoken length has gone by.
        while (audio.playing) {
          const current = audio.played.at(-1)!;
          const started = Date.parse(announced.find((a) => a.id === current.id)!.at);
          if (clock.now().getTime() < started + estimateSpeechMs(current.parts)) break;
          await audio.finish();
        }
        service.trip(tracker.update(fix), tracker.state());
      }
      await audio.drain();
      return { announced, prompts, audio, service };
    },
  };
}

describe('a demo lap, announced', () => {
  it('announces every stop and node of the loop in order, Chinese then English, one at a time', async () => {
    const { announced, prompts, audio, service } = await driveOneLap().run();
    for (const a of announced) console.log(`${a.at.slice(11, 19)}  [${a.priority}]  ${a.text.zh}  |  ${a.text.en}`);
    expect(announced.map((a) => [a.priority, a.text.zh, a.text.en])).toEqual([
      ['stop', '前方到站：宏福佳苑', 'Next stop: Hongfu Jiayuan'],
      ['stop', '宏福佳苑到了', 'We have arrived at Hongfu Jiayuan'],
      ['safety', '车辆起步，请坐稳扶好', 'The bus is moving off, please hold on'],
      ['stop', '下一站：红石崖商业街', 'Next stop: Hongshiya Commercial Street'],
      ['node', '即将经过红石崖街道办事处', 'Passing Hongshiya Subdistrict Office'],
      ['node', '即将经过红石崖大集', 'Passing Hongshiya Market'],
      ['stop', '前方到站：红石崖商业街', 'Next stop: Hongshiya Commercial Street'],
      ['stop', '红石崖商业街到了', 'We have arrived at Hongshiya Commercial Street'],
      ['safety', '车辆起步，请坐稳扶好', 'The bus is moving off, please hold on'],
      ['stop', '下一站：芙蓉路社区党群服务中心', 'Next stop: Furong Road Community Party-Masses Service Centre'],
      ['node', '即将经过红石崖小学', 'Passing Hongshiya Primary School'],
      ['node', '即将经过中德生态园小学', 'Passing Sino-German Ecopark Primary School'],
      ['node', '即将经过红石崖街道社区卫生服务中心', 'Passing Hongshiya Community Health Service Centre'],
      ['stop', '前方到站：芙蓉路社区党群服务中心', 'Next stop: Furong Road Community Party-Masses Service Centre'],
      ['stop', '芙蓉路社区党群服务中心到了', 'We have arrived at Furong Road Community Party-Masses Service Centre'],
      ['safety', '车辆起步，请坐稳扶好', 'The bus is moving off, please hold on'],
      ['stop', '下一站：宏福佳苑', 'Next stop: Hongfu Jiayuan'],
    ]);
    expect(audio.played.map((u) => u.parts.map((p) => p.lang))).toEqual(announced.map(() => ['zh', 'en']));
    expect(audio.maxConcurrent).toBe(1);
    // 09:00 Beijing time: the daytime volume.
    expect(new Set(audio.played.map((u) => u.volume))).toEqual(new Set([0.9]));
    expect(service.announcer.status().dropped).toEqual({ duplicate: 0, superseded: 0, stale: 0 });
    // The driver saw the same lap: placing, next stop, slow down on the approach, at the stop, and so on.
    expect(prompts.slice(0, 6)).toEqual(['locating', 'next-stop', 'slow-down', 'at-stop', 'next-stop', 'slow-down']);
    expect(prompts.filter((p) => p === 'at-stop')).toHaveLength(3);
  });
});
