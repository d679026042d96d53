import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRoutePath } from '../../src/config/load.ts';
import { uuidv7 } from '../../src/core/ids.ts';
import { unwrap } from '../../src/core/result.ts';
import { loadRouteFile } from '../../src/route/geojson.ts';
import { topics } from '../../src/sync/topics.ts';
import { launchChromium, newKioskPage, spokenTexts } from '../helpers/browser.ts';
import { fixesAlong } from '../helpers/drive-fixes.ts';
import { withApp, type App } from '../helpers/with-app.ts';

/** The resident kiosk's home and handbook in real Chromium. */
describe('resident screen: home and handbook', () => {
  let app: App;
  let browser: Browser;
  const route = unwrap(loadRouteFile(demoRoutePath));

  beforeAll(async () => {
    app = await withApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('searches the handbook in Chinese with the pinyin keyboard, opens an article and reads it aloud', async () => {
    const { page, errors } = await newKioskPage(browser);
    await page.goto(`${app.url}/resident/`);
    await page.getByRole('button', { name: /政策手册/ }).click();
    const keyboard = page.getByRole('group', { name: '拼音键盘' });
    for (const letter of 'yibao') await keyboard.getByRole('button', { name: letter, exact: true }).click();
    await keyboard.getByRole('button', { name: '医保', exact: true }).click();
    expect(await page.getByTestId('query').innerText()).toBe('医保');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    const hit = page.getByRole('button', { name: /城乡居民基本医疗保险/ });
    await hit.waitFor();
    await hit.click();
    const article = page.getByTestId('article');
    expect(await article.innerText()).toContain('医保');
    await page.getByRole('button', { name: /朗读/ }).click();
    const spoken = await spokenTexts(page);
    expect(spoken.at(-1)).toContain('城乡居民基本医疗保险');

    await page.getByRole('button', { name: /上一步/ }).click();
    await page.getByRole('button', { name: '重新查找' }).click();
    await page.getByRole('button', { name: '高龄补贴', exact: true }).click();
    await page.getByRole('button', { name: /高龄老人补贴申请/ }).waitFor();
    expect(errors).toEqual([]);
  });

  it('shows the bus on the loop, the next stop with distance and time, the latest announcement, in both languages', async () => {
    // Starting now: always on today's (Beijing) calendar, whatever time the suite runs.
    const schedule = { activities: [{ id: 'clinic', title: { zh: '车上义诊（血压、血糖）', en: 'Free clinic on board' }, start: new Date().toISOString() }] };
    const sent = app.core.uplink.downlink.dispatch(
      topics.fleetDown('activity-schedule'),
      Buffer.from(JSON.stringify({ v: 1, id: uuidv7(), kind: 'activity-schedule', version: 1, issuedAt: new Date().toISOString(), body: schedule })),
    );
    expect(sent.outcome).toBe('applied');
    const stop = route.stops.find((s) => s.id === 'hongshiya-shangyejie')!;
    for (const fix of fixesAlong(route, stop.distance - 900, stop.distance - 400)) app.gps.fix(fix);
    const { page } = await newKioskPage(browser);
    await page.goto(`${app.url}/resident/`);
    const next = page.locator('.next-stop');
    await expect.poll(() => next.innerText()).toContain('红石崖商业街');
    expect(await next.innerText()).toMatch(/约 \d+ 分钟|不到 1 分钟/);
    expect(await next.innerText()).toMatch(/\d+ 米/);
    await page.locator('.loop .bus').waitFor();
    await expect.poll(() => page.locator('.activities').innerText()).toContain('车上义诊（血压、血糖）');

    await app.api.announceServiceCall({ zh: '义诊将于十点开始', en: 'The free clinic starts at ten' });
    await expect.poll(() => page.locator('.announcement-text').innerText()).toBe('义诊将于十点开始');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => page.locator('.announcement-text').innerText()).toBe('The free clinic starts at ten');
    expect(await next.innerText()).toContain('Hongshiya Commercial Street');
    expect(await page.locator('.activities').innerText()).toContain('Free clinic on board');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: '切换到中文' }).click();
    await page.getByRole('button', { name: '大字' }).click();
    const size = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    expect(size).toBe('25px');
  });
});
