import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRoutePath } from '../../src/config/load.ts';
import { unwrap } from '../../src/core/result.ts';
import { loadRouteFile } from '../../src/route/geojson.ts';
import { launchChromium, newKioskPage, saveScreen } from '../helpers/browser.ts';
import { fixesAlong } from '../helpers/drive-fixes.ts';
import { withApp, type App } from '../helpers/with-app.ts';

/** The driver display in real Chromium, fed by the real tracker from scripted GNSS fixes. */
describe('driver screen', () => {
  let app: App;
  let browser: Browser;
  const route = unwrap(loadRouteFile(demoRoutePath));
  const stop = route.stops.find((s) => s.id === 'hongfu-jiayuan')!;

  beforeAll(async () => {
    app = await withApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('warns of lost GNSS, shows the approach prompt for the next stop with a chime, counts a boarding, warns off route', async () => {
    const { page, errors } = await newKioskPage(browser, { width: 1280, height: 800 });
    await page.addInitScript(() => {
      const w = window as unknown as { __tones: number };
      w.__tones = 0;
      const original = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        w.__tones++;
        return original.call(this);
      };
    });
    await page.goto(`${app.url}/driver/`);
    const prompt = page.getByRole('status');
    await expect.poll(() => prompt.getAttribute('data-code')).toBe('gnss-lost');
    expect(await prompt.innerText()).toContain('手动报站');

    const start = new Date();
    for (const fix of fixesAlong(route, stop.distance - 700, stop.distance - 120, { start })) app.gps.fix(fix);
    await expect.poll(() => prompt.getAttribute('data-code'), { timeout: 5000 }).toBe('slow-down');
    expect(await prompt.innerText()).toContain('宏福佳苑');
    expect(await prompt.innerText()).toContain('前方到站');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __tones: number }).__tones)).toBeGreaterThan(0);

    await page.getByRole('button', { name: '上车 +1' }).click();
    await expect.poll(() => page.getByTestId('occupancy').innerText()).toMatch(/^1/);
    expect(await page.getByTestId('link').innerText()).toMatch(/网络/);
    expect(await page.getByTestId('backlog').innerText()).toMatch(/待上传 \d+ 条/);

    // A detour on a parallel street 150 m away: the driver is warned that announcements pause.
    const detourStart = new Date(start.getTime() + 600_000);
    for (const fix of fixesAlong(route, stop.distance + 200, stop.distance + 600, { start: detourStart, offsetM: 150 })) app.gps.fix(fix);
    await expect.poll(() => prompt.getAttribute('data-code')).toBe('off-route');
    expect(await prompt.innerText()).toContain('偏离线路');
    await saveScreen(page, 'driver-off-route-zh');

    app.gps.setStatus('no-fix');
    await expect.poll(() => prompt.getAttribute('data-code')).toBe('gnss-lost');
    expect(errors).toEqual([]);
  });
});
