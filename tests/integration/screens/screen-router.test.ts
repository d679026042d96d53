import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScreenRouter } from '../../../src/api/screen-router.ts';
import type { LiveEvent } from '../../../src/api/live.ts';
import { demoRoutePath } from '../../../src/config/load.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { startOnboard, type OnboardCore } from '../../../src/host/onboard.ts';
import { loadRouteFile } from '../../../src/route/geojson.ts';
import { ScriptedGps } from '../../helpers/scripted-gps.ts';
import { staffToken, testStaffConfig } from '../../helpers/staff.ts';
import { tempDir } from '../../helpers/temp.ts';

/**
 * The Electron main process's routing, without Electron: main/ipc.ts hands every call to this router
 * with the sender's webContents id and frame URL, exactly as ipcMain reports them.
 */
describe('IPC screen router over the real onboard core', () => {
  const dir = tempDir();
  let core: OnboardCore;
  let router: ScreenRouter;
  const resident = { contentsId: 1, frameUrl: 'app://resident/resident/index.html' };
  const driver = { contentsId: 2, frameUrl: 'app://driver/driver/index.html' };
  const staff = { contentsId: 3, frameUrl: 'app://staff/staff/index.html' };

  beforeAll(() => {
    const config = configSchema.parse({ ...testStaffConfig, busId: 'router-bus', dataDir: dir.path, audio: { output: 'simulator' } });
    const route = unwrap(loadRouteFile(demoRoutePath));
    core = unwrap(startOnboard({ config, clock: new ManualClock('2026-11-23T02:00:00.000Z'), gps: new ScriptedGps(), route }));
    router = new ScreenRouter(core.api);
    router.register(resident.contentsId, 'resident');
    router.register(driver.contentsId, 'driver');
    router.register(staff.contentsId, 'staff');
  });
  afterAll(async () => {
    await core.stop();
    dir.cleanup();
  });

  it('a resident window cannot call driver or staff methods; nothing of theirs runs', async () => {
    const spoken = core.announce.announcer.recent(50).length;
    for (const [method, input] of [
      ['announceServiceCall', { token: 'x', zh: '请所有乘客立即下车' }],
      ['tripResyncTo', { stopId: 'hongfu-jiayuan' }],
      ['announceNextStopNow', undefined],
      ['ridershipTally', { action: 'board' }],
      ['deskCallNext', { token: 'x', counter: 1 }],
      ['deskCase', { token: 'x', ticketId: 'x' }],
      ['systemStatus', undefined],
      ['constructor', undefined],
      ['__proto__', undefined],
    ] as const) {
      await expect(router.invoke(resident, method, input), method).rejects.toThrow(/resident screen has no method/);
    }
    expect((await core.api.ridershipOccupancy()).occupancy).toBe(0);
    expect(core.announce.announcer.recent(50)).toHaveLength(spoken);
  });

  it('each window reaches its own methods', async () => {
    expect(await router.invoke(resident, 'tripState', undefined)).toMatchObject({ synced: false });
    expect(await router.invoke(driver, 'ridershipTally', { action: 'board' })).toMatchObject({ ok: true, value: { occupancy: 1 } });
    await expect(router.invoke(driver, 'deskCallNext', { token: 'x', counter: 1 })).rejects.toThrow(/driver screen has no method/);
    await expect(router.invoke(staff, 'ridershipTally', { action: 'board' })).rejects.toThrow(/staff screen has no method/);
  });

  it('a service call needs a staff session even from the staff window', async () => {
    expect(await router.invoke(staff, 'announceServiceCall', { token: 'guess', zh: '请所有乘客立即下车' })).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    const token = await staffToken(core.api);
    expect(await router.invoke(staff, 'announceServiceCall', { token, zh: '请A001号到1号桌' })).toMatchObject({ ok: true });
    expect(core.announce.announcer.recent(5).map((a) => a.text.zh)).not.toContain('请所有乘客立即下车');
  });

  it('refuses a window it does not know, and a registered window showing another screen\'s origin', async () => {
    await expect(router.invoke({ contentsId: 99, frameUrl: resident.frameUrl }, 'tripState', undefined)).rejects.toThrow(/unknown sender/);
    // The resident window navigated (or framed) the driver's origin: it is still only the resident window.
    await expect(router.invoke({ contentsId: 1, frameUrl: 'app://driver/driver/index.html' }, 'ridershipTally', { action: 'board' })).rejects.toThrow(/unknown sender/);
    await expect(router.invoke({ contentsId: 1, frameUrl: 'https://evil.example/' }, 'tripState', undefined)).rejects.toThrow(/unknown sender/);
    await expect(router.invoke({ contentsId: 1, frameUrl: undefined }, 'tripState', undefined)).rejects.toThrow(/unknown sender/);
    const forget = router.register(7, 'driver');
    forget();
    await expect(router.invoke({ contentsId: 7, frameUrl: driver.frameUrl }, 'tripState', undefined)).rejects.toThrow(/unknown sender/);
  });

  it('each window hears only its own events; public screens get numbers, never ticket ids or names', async () => {
    const heard: { contentsId: number; event: unknown }[] = [];
    const off = core.live.on((event: LiveEvent) => heard.push(...router.deliveries(event)));
    const taken = unwrap(await core.api.deskTakeTicket({ itemId: 'elderly-subsidy', name: '张先生', phone: '13700001111', print: false }));
    const token = await staffToken(core.api);
    unwrap(await core.api.deskCallNext({ token, counter: 1 }));
    core.live.emit({ type: 'driver-prompt', code: 'none', level: 'info', text: { zh: '', en: '' } } as unknown as LiveEvent);
    off();
    const to = (id: number) => heard.filter((h) => h.contentsId === id).map((h) => h.event as { type: string });
    const residentText = JSON.stringify(to(1));
    expect(residentText).toContain(taken.ticket.number);
    expect(residentText).not.toContain(taken.ticket.id);
    expect(residentText).not.toContain('张');
    expect(to(1).map((e) => e.type)).not.toContain('driver-prompt');
    expect(to(2).map((e) => e.type)).toContain('driver-prompt');
    expect(JSON.stringify(to(2))).not.toContain(taken.ticket.id);
    expect(JSON.stringify(to(3))).toContain(taken.ticket.id);
    expect(to(3).map((e) => e.type)).not.toContain('driver-prompt');
  });

  it('the public queue board has numbers and no ids', async () => {
    const board = JSON.stringify(await router.invoke(resident, 'deskQueue', undefined));
    const full = await core.api.deskQueue();
    expect(full.called.length + full.waiting.length + full.serving.length).toBeGreaterThan(0);
    for (const t of [...full.waiting, ...full.called, ...full.serving]) {
      expect(board).toContain(t.number);
      expect(board).not.toContain(t.id);
    }
  });
});
