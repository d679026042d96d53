import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRoutePath } from '../../src/config/load.ts';
import { unwrap } from '../../src/core/result.ts';
import { loadRouteFile } from '../../src/route/geojson.ts';
import { badTargets, launchChromium, newKioskPage, saveScreen } from '../helpers/browser.ts';
import { fixesAlong } from '../helpers/drive-fixes.ts';
import { withApp, type App } from '../helpers/with-app.ts';

/** The driver takes over when GNSS fails: 报站 and 校准到站 on the real screen, through the real tracker and announcer. */
describe('driver screen: manual control with GNSS lost', () => {
  let app: App;
  let browser: Browser;
  const route = unwrap(loadRouteFile(demoRoutePath));
  const [first, second] = route.stops;

  beforeAll(async () => {
    // A broker port nobody listens on: every attempt is refused.
    app = await withApp({ config: { mqtt: { url: 'mqtt://127.0.0.1:9' } } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(query = '', viewport = { width: 1280, height: 800 }): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await newKioskPage(browser, viewport);
    await page.goto(`${app.url}/driver/${query}`);
    await page.getByTestId('clock').waitFor();
    return { page, errors };
  }

  it('with GNSS lost the driver aligns to a stop and announces the next one; the footer reads in plain words', async () => {
    // The bus drove a while, then lost its signal between stops.
    for (const fix of fixesAlong(route, first!.distance + 100, first!.distance + 300, { start: new Date(Date.now() - 60_000) })) app.gps.fix(fix);
    app.gps.setStatus('no-fix');
    const { page, errors } = await open();
    const prompt = page.getByRole('status').first();
    await expect.poll(() => page.locator('.prompt').getAttribute('data-code')).toBe('gnss-lost');
    expect(await prompt.innerText()).toContain('请手动报站');
    expect(await page.getByTestId('gnss').innerText()).toBe('定位: ○ 无卫星信号');
    expect(await page.locator('.manual').getAttribute('class')).toContain('urgent');

    // 校准到站: the bus stands at the second stop.
    await page.getByRole('button', { name: '校准到站' }).click();
    await page.getByRole('dialog').getByRole('button', { name: second!.name.zh, exact: true }).click();
    await expect.poll(() => page.getByTestId('manual-result').innerText()).toBe(`已报站：${second!.name.zh}`);
    await expect.poll(() => app.api.announceRecent({ limit: 5 }).then((r) => (r.ok ? r.value.map((a) => a.key) : []))).toContain(`arrived:${second!.id}`);

    // 报站：下一站 — the one after it, spoken by the announcer.
    const third = route.stops[(route.stops.indexOf(second!) + 1) % route.stops.length]!;
    await page.getByRole('button', { name: '报站：下一站' }).click();
    await expect.poll(() => page.getByTestId('manual-result').innerText()).toBe(`已报站：${third.name.zh}`);
    await expect.poll(() => app.api.announceRecent({ limit: 5 }).then((r) => (r.ok ? r.value.map((a) => a.text.zh).join('|') : '')), { timeout: 30_000 }).toContain(third.name.zh);
    expect(await page.locator('body').innerText()).not.toMatch(/no-fix|no-device|stale/);
    expect(await badTargets(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows 未连接 with the reason after refused connections, not 连接中 forever', async () => {
    await expect.poll(() => app.core.uplink.status().failedAttempts, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const { page, errors } = await open();
    const link = page.getByTestId('link');
    await expect.poll(() => link.innerText()).toMatch(/^网络: ○ 未连接（.*ECONNREFUSED.*） · 启动后未连接过$/);
    expect(errors).toEqual([]);
  });

  it('shows Beijing date and time on a machine running on UTC', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC' });
    const page = await context.newPage();
    await page.clock.install({ time: new Date('2026-12-06T23:30:00Z') });
    await page.goto(`${app.url}/driver/`);
    // 23:30 UTC on Sunday 6 December is 07:30 on Monday 7 December in Beijing.
    await expect.poll(() => page.getByTestId('clock').textContent()).toBe('12月7日（周一） 07:30');
    await page.clock.runFor(60_000);
    await expect.poll(() => page.getByTestId('clock').textContent()).toBe('12月7日（周一） 07:31');
    await context.close();
  });

  it('screenshots at 1280×800: normal and 大字, zh and en', async () => {
    for (const [name, query] of [
      ['driver-gnss-lost-zh', ''],
      ['driver-gnss-lost-large-zh', '?large=1'],
      ['driver-gnss-lost-en', '?lang=en'],
      ['driver-gnss-lost-large-en', '?lang=en&large=1'],
    ] as const) {
      const { page, errors } = await open(query);
      await page.locator('.prompt[data-code="gnss-lost"]').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth && document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
      expect(await badTargets(page)).toEqual([]);
      // Every control and the coming stops fully on screen, above the status strip (nothing clipped by it).
      const hidden = await page.evaluate(() => {
        const strip = document.querySelector('.status-strip')!.getBoundingClientRect();
        return [...document.querySelectorAll<HTMLElement>('.driver-main button, .driver-main .panel, .coming-stop, .prompt')]
          .filter((el) => getComputedStyle(el).display !== 'none')
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.bottom > strip.top + 0.5 || r.right > window.innerWidth || r.left < 0 || el.scrollWidth > el.clientWidth + 1;
          })
          .map((el) => `${el.className} "${el.innerText.slice(0, 20)}"`);
      });
      await saveScreen(page, name);
      expect(hidden, name).toEqual([]);
      if (name === 'driver-gnss-lost-zh') {
        await page.getByRole('button', { name: '校准到站' }).click();
        await saveScreen(page, 'driver-align-dialog-zh');
      }
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});
