import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newKioskPage } from '../helpers/browser.ts';
import { withApp, type App } from '../helpers/with-app.ts';

/** 说两句 and 查进度 on the resident kiosk, typed with the on-screen keyboards, in real Chromium. */
describe('resident screen: comments and progress', () => {
  let app: App;
  let browser: Browser;

  beforeAll(async () => {
    app = await withApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(path = '/resident/'): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await newKioskPage(browser);
    await page.goto(`${app.url}${path}`);
    await page.getByRole('button', { name: /说两句/ }).waitFor();
    return { page, errors };
  }

  async function typePinyin(page: Page, letters: string, word: string): Promise<void> {
    for (const letter of letters) await page.getByRole('button', { name: letter, exact: true }).click();
    await page.getByRole('button', { name: word, exact: true }).click();
  }

  it('leaves a comment typed in pinyin and shows its reference, then finds the reply by that reference', async () => {
    const { page, errors } = await open();
    await page.getByRole('button', { name: /说两句/ }).click();
    await page.getByRole('button', { name: '意见建议' }).click();
    await page.getByRole('button', { name: /希望增加班次/ }).click();
    await typePinyin(page, 'gongjiao', '公交');
    await typePinyin(page, 'henhao', '很好');
    await expect.poll(() => page.getByTestId('comment-text').innerText()).toBe('公交很好');
    await page.getByRole('button', { name: /下一步/ }).click();
    for (const digit of '13800138000') await page.getByRole('group', { name: '电话号码' }).getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: '提交', exact: true }).click();

    const reference = (await page.getByTestId('reference').innerText()).trim();
    expect(reference).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);
    const stored = await app.api.feedbackLookup({ reference });
    expect(stored.ok && stored.value.text).toBe('公交很好');

    await page.getByRole('button', { name: '完成' }).click();
    await page.getByRole('button', { name: /查进度/ }).click();
    const pad = page.getByRole('group', { name: '查询码' });
    for (const key of reference) await pad.getByRole('button', { name: key, exact: true }).click();
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await expect.poll(() => page.getByTestId('status').innerText()).toBe('已收到');
    expect(await page.getByTestId('your-text').innerText()).toBe('公交很好');
    expect(errors).toEqual([]);
  });

  it('shows a resident\u2019s <script> as text: nothing runs', async () => {
    const hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
    const sent = await app.api.feedbackSubmit({ category: 'suggestion', text: hostile });
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    const { page, errors } = await open();
    await page.getByRole('button', { name: /查进度/ }).click();
    const pad = page.getByRole('group', { name: '查询码' });
    for (const key of sent.value.reference) await pad.getByRole('button', { name: key, exact: true }).click();
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await expect.poll(() => page.getByTestId('your-text').innerText()).toContain('<script>');
    expect(await page.getByTestId('your-text').innerText()).toBe(sent.value.text);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main script, main img').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('after the idle time and the countdown, a half-typed comment is wiped and home returns', async () => {
    const { page } = await newKioskPage(browser);
    await page.clock.install();
    await page.goto(`${app.url}/resident/`);
    await page.getByRole('button', { name: /说两句/ }).click();
    await page.getByRole('button', { name: '意见建议' }).click();
    await typePinyin(page, 'kongtiao', '空调');
    await expect.poll(() => page.getByTestId('comment-text').innerText()).toBe('空调');

    await page.clock.fastForward(89_000);
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await page.clock.fastForward(2_000);
    await page.getByRole('alertdialog').waitFor();
    expect(await page.getByRole('alertdialog').innerText()).toMatch(/\d+ 秒后将清除/);
    await page.clock.fastForward(31_000);
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /说两句/ }).waitFor();

    await page.getByRole('button', { name: /说两句/ }).click();
    await page.getByRole('button', { name: '意见建议' }).click();
    expect(await page.getByTestId('comment-text').innerText()).not.toContain('空调');
  });

  it('a touch during the countdown keeps what was typed', async () => {
    const { page } = await newKioskPage(browser);
    await page.clock.install();
    await page.goto(`${app.url}/resident/`);
    await page.getByRole('button', { name: /说两句/ }).click();
    await page.getByRole('button', { name: '表扬' }).click();
    await typePinyin(page, 'siji', '司机');
    await page.clock.fastForward(91_000);
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await page.clock.fastForward(31_000);
    expect(await page.getByTestId('comment-text').innerText()).toBe('司机');
  });
});
