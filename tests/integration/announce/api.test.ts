import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FakeAudio } from '../../../hardware/audio/fake.ts';
import { AnnounceService } from '../../../src/announce/service.ts';
import type { TrackerOverrides } from '../../../src/announce/types.ts';
import { announceApi } from '../../../src/api/areas/announce.ts';
import type { LiveEvent } from '../../../src/api/live.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { Emitter } from '../../../src/core/emitter.ts';
import { err, ok, unwrap } from '../../../src/core/result.ts';
import { startOnboard, type OnboardCore } from '../../../src/host/onboard.ts';
import { topics } from '../../../src/protocol/topics.ts';
import type { TripEvent } from '../../../src/trip/types.ts';
import { ScriptedGps } from '../../helpers/scripted-gps.ts';
import { staffToken, testStaff, testStaffConfig } from '../../helpers/staff.ts';
import { hashPin, StaffSessions } from '../../../src/services/desk/staff-auth.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { demoRoutePath } from '../../../src/config/load.ts';
import { loadRouteFile } from '../../../src/route/geojson.ts';

const jiayuan = { id: 'hongfu-jiayuan', name: { zh: '宏福佳苑', en: 'Hongfu Jiayuan' } };
const manualApproach: TripEvent = { type: 'approaching', stopId: jiayuan.id, lap: 1, time: '2026-11-23T02:00:00.000Z', distance: 600, name: jiayuan.name, manual: true };

/** The announce area over a service whose tracker overrides the test scripts. */
function area(overrides: TrackerOverrides | null) {
  const live = new Emitter<LiveEvent>();
  const audio = new FakeAudio();
  const clock = new ManualClock('2026-11-23T02:00:00.000Z');
  const announce = new AnnounceService({
    clock, audio, audioConfig: configSchema.parse({}).audio, stops: [jiayuan], live, textsStore: null, overrides,
  });
  // The override's events reach the announcer down the tracker's pipeline, as on the bus.
  const sessions = new StaffSessions([{ id: testStaff.id, name: testStaff.name, pinHash: hashPin(testStaff.pin) }], clock, 30);
  const api = announceApi({ announce }, sessions);
  const token = unwrap(sessions.login(testStaff.id, testStaff.pin)).token;
  return { api, announce, audio, token };
}

describe('announce API: driver overrides', () => {
  it('announce next stop now: the override runs, its events are returned', async () => {
    const calls: string[] = [];
    const overrides: TrackerOverrides = {
      announceNext: () => {
        calls.push('next');
        return [manualApproach];
      },
      resyncTo: (stopId) => (stopId === jiayuan.id ? ok([{ ...manualApproach, type: 'arrived' as const }]) : err('unknown-stop', `no stop "${stopId}"`)),
    };
    const { api } = area(overrides);
    expect(await api.announceNextStopNow()).toEqual({ ok: true, value: [manualApproach] });
    expect(calls).toEqual(['next']);
    expect(await api.tripResyncTo({ stopId: jiayuan.id })).toMatchObject({ ok: true, value: [{ type: 'arrived', stopId: jiayuan.id }] });
    expect(await api.tripResyncTo({ stopId: 'nowhere' })).toMatchObject({ ok: false, error: { code: 'unknown-stop' } });
    expect(await api.tripResyncTo({ stop: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('says why when there is nothing to announce or no tracker', async () => {
    expect(await area({ announceNext: () => [], resyncTo: () => ok([]) }).api.announceNextStopNow()).toMatchObject({ ok: false, error: { code: 'no-next-stop' } });
    const { api } = area(null);
    expect(await api.announceNextStopNow()).toMatchObject({ ok: false, error: { code: 'no-tracker' } });
    expect(await api.tripResyncTo({ stopId: jiayuan.id })).toMatchObject({ ok: false, error: { code: 'no-tracker' } });
  });

  it('lists recent announcements and validates service calls', async () => {
    const { api, announce, audio, token } = area(null);
    announce.trip([manualApproach]);
    expect(await api.announceServiceCall({ token, zh: '请A001号到1号桌', en: 'Number A001 to table 1' })).toMatchObject({ ok: true });
    expect(await api.announceServiceCall({ token, zh: '' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await audio.drain();
    const recent = await api.announceRecent({ limit: 5 });
    expect(recent.ok && recent.value.map((a) => a.text.zh)).toEqual(['请A001号到1号桌', '前方到站：宏福佳苑']);
    expect(await api.announceRecent({ limit: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});

describe('service desk calls', () => {
  it('are announced from the live feed; a recall is a new call, a repeated push is not', async () => {
    const live = new Emitter<LiveEvent>();
    const audio = new FakeAudio();
    const announce = new AnnounceService({
      clock: new ManualClock('2026-11-23T02:00:00.000Z'), audio, audioConfig: configSchema.parse({}).audio, stops: [jiayuan], live, textsStore: null, overrides: null,
    });
    const call = (recalls: number): LiveEvent => ({
      type: 'desk-call',
      ticket: { id: 'ticket-1', recalls } as Extract<LiveEvent, { type: 'desk-call' }>['ticket'],
      counter: 2,
      text: { zh: '请A012号到2号服务台', en: 'Number A012, please go to counter 2' },
    });
    const announced: string[] = [];
    live.on((e) => {
      if (e.type === 'announcement') announced.push(`${e.priority}:${e.text.zh}`);
    });
    live.emit(call(0));
    live.emit(call(0));
    await audio.drain();
    live.emit(call(1));
    await audio.drain();
    expect(announced).toEqual(['service:请A012号到2号服务台', 'service:请A012号到2号服务台']);
    expect(audio.played[0]!.parts.map((p) => p.text)).toEqual(['请A012号到2号服务台', 'Number A012, please go to counter 2']);
    announce.stop();
  });
});

describe('announcements in the onboard core', () => {
  let core: OnboardCore | null = null;
  const dir = tempDir('lianxin-announce-');
  afterEach(async () => {
    await core?.stop();
    core = null;
  });
  afterAll(() => dir.cleanup());

  const start = () => {
    const config = configSchema.parse({ ...testStaffConfig, dataDir: dir.path, audio: { output: 'wav' } });
    const route = unwrap(loadRouteFile(demoRoutePath));
    core = unwrap(startOnboard({ config, clock: new ManualClock('2026-11-23T14:00:00.000Z'), gps: new ScriptedGps(), route }));
    return core;
  };

  it('a service call is pushed to the screens as it starts and written as a WAV at the night volume', async () => {
    const { api, live } = start();
    const seen: LiveEvent[] = [];
    live.on((e) => seen.push(e));
    const call = await api.announceServiceCall({ token: await staffToken(api), zh: '请A007号到2号桌', en: 'Number A007 to table 2' });
    expect(call.ok).toBe(true);
    expect(seen.filter((e) => e.type === 'announcement')).toEqual([
      { type: 'announcement', id: call.ok ? call.value.id : '', priority: 'service', text: { zh: '请A007号到2号桌', en: 'Number A007 to table 2' }, at: '2026-11-23T14:00:00.000Z' },
    ]);
    const wavDir = join(dir.path, 'announcements');
    await waitFor(() => existsSync(wavDir) && readdirSync(wavDir).length === 1, 'the announcement WAV');
    await waitFor(async () => (await api.announceStatus()).audio.played === 1, 'the WAV output to finish');
    // 22:00 in Qingdao: the quiet-hours volume.
    expect(await api.announceRecent({ limit: 1 })).toMatchObject({ ok: true, value: [{ priority: 'service', volume: 0.5 }] });
    // The scripted receiver has no fix yet: the driver is told to announce by hand.
    expect(await api.driverPrompt()).toMatchObject({ code: 'gnss-lost', gps: 'no-fix' });
  });

  it('keeps the office texts in the bus store across a restart', async () => {
    const first = start();
    expect(first.announce.applyAnnouncementTexts(4, { arrived: { zh: '{stop}站到了，请带好随身物品', en: 'This is {stop}' } }).ok).toBe(true);
    await first.stop();
    core = null;
    const again = start();
    expect(again.announce.content.version).toBe(4);
    expect(again.announce.content.texts.arrived.zh).toBe('{stop}站到了，请带好随身物品');
    expect(again.announce.applyAnnouncementTexts(4, {}).ok).toBe(false);
  });

  it('takes texts from the office downlink: newer applied, older stale, invalid rejected whole', async () => {
    const { uplink, announce } = start();
    const send = (version: number, texts: unknown) =>
      uplink.downlink.dispatch(
        topics.fleetDown('announcements'),
        Buffer.from(JSON.stringify({ v: 1, id: randomUUID(), kind: 'announcements', version, issuedAt: '2026-11-23T13:00:00.000Z', body: { texts } })),
      ).outcome;
    const base = announce.content.version;
    expect(send(base + 1, { passing: { zh: '途经{node}', en: 'Via {node}' } })).toBe('applied');
    expect(announce.content.texts.passing).toEqual({ zh: '途经{node}', en: 'Via {node}' });
    expect(send(base + 1, { passing: { zh: '再经过{node}', en: 'Again {node}' } })).toBe('stale');
    expect(send(base + 2, { passing: { zh: '途经{node}', en: 'Via {node}' }, arrived: { zh: '到了', en: 'Here' } })).toBe('rejected');
    expect(announce.content.version).toBe(base + 1);
    expect(uplink.downlink.content('announcements')?.version).toBe(base + 1);
  });
});
