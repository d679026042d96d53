import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedSurfaces } from '../../../src/api/surfaces.ts';
import { demoRoutePath } from '../../../src/config/load.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { startHttpHost, type RunningHost } from '../../../src/host/http-server.ts';
import { startOnboard, type OnboardCore } from '../../../src/host/onboard.ts';
import { loadRouteFile } from '../../../src/route/geojson.ts';
import { ScriptedGps } from '../../helpers/scripted-gps.ts';
import { staffToken, testStaffConfig } from '../../helpers/staff.ts';
import { openEventStream } from '../../helpers/event-stream.ts';
import { tempDir } from '../../helpers/temp.ts';

/** The headless host as `lianxin run` builds it: /api/<screen>/<method> over the real onboard core. */
describe('headless host: one surface per screen', () => {
  const dir = tempDir();
  let core: OnboardCore;
  let host: RunningHost;

  beforeAll(async () => {
    const config = configSchema.parse({ ...testStaffConfig, busId: 'surface-bus', dataDir: dir.path, audio: { output: 'simulator' } });
    core = unwrap(startOnboard({ config, clock: new ManualClock('2026-11-23T02:00:00.000Z'), gps: new ScriptedGps(), route: unwrap(loadRouteFile(demoRoutePath)) }));
    host = await startHttpHost({ surfaces: servedSurfaces(core.api), live: core.live, host: '127.0.0.1', port: 0, staticDir: dir.path, home: '/resident/' });
  });
  afterAll(async () => {
    await host.close();
    await core.stop();
    dir.cleanup();
  });

  const post = (path: string, body?: unknown) =>
    fetch(`${host.url}/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? '' : JSON.stringify(body) });

  it('driver and staff methods are not on the resident path; the old flat path is gone', async () => {
    for (const [method, body] of [
      ['ridershipTally', { action: 'board' }],
      ['tripResyncTo', { stopId: 'hongfu-jiayuan' }],
      ['announceServiceCall', { token: 'x', zh: '请所有乘客立即下车' }],
      ['deskCallNext', { token: 'x', counter: 1 }],
    ] as const) {
      expect((await post(`resident/${method}`, body)).status, method).toBe(404);
      expect((await post(method, body)).status, method).toBe(404);
    }
    expect((await core.api.ridershipOccupancy()).occupancy).toBe(0);
    expect(await (await post('driver/ridershipTally', { action: 'board' })).json()).toMatchObject({ ok: true, value: { occupancy: 1 } });
  });

  it('a service call on the staff path needs the session and is refused without it', async () => {
    expect(await (await post('staff/announceServiceCall', { zh: '请所有乘客立即下车' })).json()).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await (await post('staff/announceServiceCall', { token: 'guess', zh: '请所有乘客立即下车' })).json()).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    const token = await staffToken(core.api);
    expect(await (await post('staff/announceServiceCall', { token, zh: '请A001号到1号桌' })).json()).toMatchObject({ ok: true });
    expect(core.announce.announcer.recent(10).map((a) => a.text.zh)).not.toContain('请所有乘客立即下车');
  });

  it('the resident event stream carries called numbers without ticket ids or names, and no driver prompts', async () => {
    const stream = await openEventStream(`${host.url}/api/resident/events`);
    const taken = unwrap(await (await post('resident/deskTakeTicket', { itemId: 'elderly-subsidy', name: '张先生', print: false })).json());
    unwrap(await core.api.deskCallNext({ token: await staffToken(core.api), counter: 1 }));
    await stream.readUntil('"desk-call"');
    await stream.readUntil(`"number":"${(taken as { ticket: { number: string } }).ticket.number}"`);
    await stream.close();
    const { text } = stream;
    expect(text).not.toContain((taken as { ticket: { id: string } }).ticket.id);
    expect(text).not.toContain('张');
    expect(text).not.toContain('driver-prompt');
  });
});
