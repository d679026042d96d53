import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRoutePath } from '../../src/config/load.ts';
import { uuidv7 } from '../../src/core/ids.ts';
import { unwrap } from '../../src/core/result.ts';
import { loadRouteFile } from '../../src/route/geojson.ts';
import { topics } from '../../src/protocol/topics.ts';
import { launchChromium, newKioskPage, spokenTexts } from '../helpers/browser.ts';
import { fixesAlong } from '../helpers/drive-fixes.ts';
import { withApp, type App } from '../helpers/with-app.ts';
import { staffToken, testStaffConfig } from '../helpers/staff.ts';

/** The resident kiosk's home and handbook in real Chromium. */
describe('resident screen: home and handbook', () => {
  let app: App;
  let browser: Browser;
  const route = unwrap(loadRouteFile(demoRoutePath));

  beforeAll(async () => {
    app = await withApp({ config: testStaffConfig });
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
    // 朗读 goes through the core: the bus's speakers read the article (the browser says nothing).
    const reading: boolean[] = [];
    const off = app.core.live.on((e) => {
      if (e.type === 'reading') reading.push(e.speaking);
    });
    await page.getByTestId('read-aloud').click();
    await expect.poll(() => page.getByTestId('read-aloud').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('read-aloud').innerText()).toContain('停止朗读');
    expect(reading).toEqual([true]);
    expect((await app.api.announceStatus()).audio.playing).toBe(true);
    expect(await spokenTexts(page)).toEqual([]);
    await page.getByTestId('read-aloud').click();
    await expect.poll(() => page.getByTestId('read-aloud').getAttribute('aria-pressed')).toBe('false');
    expect(reading).toEqual([true, false]);
    off();

    await page.getByRole('button', { name: /上一步/ }).click();
    await page.getByRole('button', { name: '重新查找' }).click();
    await page.getByRole('button', { name: '高龄补贴', exact: true }).click();
    await page.getByRole('button', { name: /高龄老人补贴申请/ }).waitFor();
    expect(errors).toEqual([]);
  });

  it('turns a long article page by page with a tap, never a scroll', async () => {
    const paragraphs = Array.from({ length: 14 }, (_, i) => `第${i + 1}条：居家养老服务补贴按月发放，申请人需本人或家属携带身份证、户口簿到社区服务站登记，审核通过后次月起发放。`);
    const articles = [{ id: 'home-care-rules', title: { zh: '居家养老服务补贴实施细则', en: 'Home care subsidy rules' }, body: { zh: paragraphs.join('\n') }, tags: ['养老'] }];
    const sent = app.core.uplink.downlink.dispatch(
      topics.fleetDown('policy-handbook'),
      Buffer.from(JSON.stringify({ v: 1, id: uuidv7(), kind: 'policy-handbook', version: 1000, issuedAt: new Date().toISOString(), body: { articles } })),
    );
    expect(sent.outcome).toBe('applied');
    const { page } = await newKioskPage(browser);
    await page.goto(`${app.url}/resident/?large=1`);
    await page.locator('.service-handbook').click();
    await page.getByRole('button', { name: '养老', exact: true }).click();
    await page.getByRole('button', { name: /居家养老服务补贴实施细则/ }).click();
    const pageNumber = page.getByTestId('page');
    await expect.poll(() => pageNumber.innerText()).toMatch(/^第 1 \/ [2-9] 页$/);
    const pages = Number(/\/ (\d)/.exec(await pageNumber.innerText())![1]);
    const body = page.locator('.paged-body');
    const seen = [await body.evaluate((el) => el.scrollTop)];
    for (let n = 2; n <= pages; n++) {
      await page.getByRole('button', { name: /下一页/ }).click();
      await expect.poll(() => pageNumber.innerText()).toBe(`第 ${n} / ${pages} 页`);
      seen.push(await body.evaluate((el) => el.scrollTop));
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(pages);
    expect(await page.getByRole('button', { name: /下一页/ }).isDisabled()).toBe(true);
    // The last paragraph is on the last page.
    const last = await page.locator('.article-body p').last().boundingBox();
    const frame = await body.boundingBox();
    expect(last!.y + last!.height).toBeLessThanOrEqual(frame!.y + frame!.height + 1);
    expect(await page.evaluate(() => document.querySelector('.view')!.scrollHeight - document.querySelector('.view')!.clientHeight)).toBeLessThanOrEqual(1);
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

    await app.api.announceServiceCall({ token: await staffToken(app.api), zh: '义诊将于十点开始', en: 'The free clinic starts at ten' });
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
