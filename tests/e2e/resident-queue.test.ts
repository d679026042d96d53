import { readdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/core/result.ts';
import { launchChromium, newKioskPage } from '../helpers/browser.ts';
import { staffToken, testStaffConfig } from '../helpers/staff.ts';
import { tempDir } from '../helpers/temp.ts';
import { withApp, type App } from '../helpers/with-app.ts';

const portrait = { width: 1080, height: 1920 };

async function typeCode(page: Page, code: string): Promise<void> {
  for (const key of code) await page.locator('.code-pad .key', { hasText: new RegExp(`^${key}$`) }).click();
}

/** The queue as a resident follows it on the kiosk: the ticket, 取消 with its code, the queue on home, 查进度. */
describe('resident screen: queue, cancel and 查进度', () => {
  let app: App;
  let browser: Browser;
  const printerDir = tempDir('lianxin-printer-');

  beforeAll(async () => {
    app = await withApp({ config: { ...testStaffConfig, desk: { ...testStaffConfig.desk, printer: { kind: 'simulator', path: printerDir.path } } } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    printerDir.cleanup();
  });

  it('takes a number with nobody ahead, says so plainly, labels the service time, and cancels it from the ticket', async () => {
    const { page, context, errors } = await newKioskPage(browser, portrait);
    await page.goto(`${app.url}/resident/`);
    await expect.poll(() => page.getByTestId('queue-now').innerText()).toContain('现在不用排队');
    await page.locator('.service-take').click();
    await page.locator('.choice').first().click();
    // An item's minutes are how long it takes, not a wait.
    expect(await page.locator('.choice-hint').first().innerText()).toMatch(/^办理约需 \d+ 分钟$/);
    await page.locator('.choice').first().click();
    await page.locator('.choice').nth(3).click();
    await page.locator('.compose-top button.primary').click();
    await page.locator('.contact button.primary').click();
    const number = await page.getByTestId('ticket-number').innerText();
    const ticketText = await page.locator('.ticket').innerText();
    expect(ticketText).toContain('前面没有人，马上就到您');
    expect(ticketText).not.toMatch(/0 人|0 分钟/);

    await page.getByRole('button', { name: '取消这个号' }).click();
    await page.getByRole('heading', { name: `确定要取消 ${number} 号吗？` }).waitFor();
    await page.getByRole('button', { name: '确定取消' }).click();
    await page.getByRole('heading', { name: `${number} 号已取消` }).waitFor();
    expect(unwrap(await app.api.deskTicket({ number })).state).toBe('cancelled');
    await page.getByRole('button', { name: '完成' }).click();
    await expect.poll(() => page.getByTestId('queue-now').innerText()).toContain('现在不用排队');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('cancels from 查进度 only with the code printed on the ticket, and home follows the queue', async () => {
    const mine = unwrap(await app.api.deskTakeTicket({ itemId: 'elderly-subsidy', print: false }));
    const other = unwrap(await app.api.deskTakeTicket({ itemId: 'elderly-subsidy', print: false }));
    const { page, context, errors } = await newKioskPage(browser, portrait);
    await page.goto(`${app.url}/resident/?lang=en`);
    await expect.poll(() => page.getByTestId('queue-length').innerText()).toBe('2 waiting');

    await page.locator('.service-progress').click();
    await typeCode(page, other.ticket.number);
    await page.locator('.contact button.primary').click();
    expect(await page.locator('.receipt').innerText()).toContain('1 person ahead of you');
    await page.getByRole('button', { name: 'Cancel this number' }).click();
    // Someone else's number: the code from my own ticket does not cancel it.
    await typeCode(page, mine.secret);
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.getByRole('alert').filter({ hasText: 'The number and code do not match' }).waitFor();
    expect(unwrap(await app.api.deskTicket({ number: other.ticket.number })).state).toBe('waiting');
    await page.getByRole('button', { name: 'Clear' }).click();
    await typeCode(page, other.secret);
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await expect.poll(() => page.getByTestId('status').innerText()).toBe('Cancelled');
    expect(unwrap(await app.api.deskTicket({ number: other.ticket.number })).state).toBe('cancelled');
    expect(await page.getByRole('button', { name: 'Cancel this number' }).count()).toBe(0);

    // Staff serve the other ticket: home shows it being served and nobody waiting.
    await page.getByRole('button', { name: 'Done' }).click();
    const token = await staffToken(app.api);
    const called = unwrap(await app.api.deskCallNext({ token, counter: 1 }));
    await expect.poll(() => page.getByTestId('queue-now').innerText()).toContain(`Number ${called.ticket.number} to counter 1`);
    unwrap(await app.api.deskStart({ token, ticketId: called.ticket.id }));
    await expect.poll(() => page.getByTestId('now-serving').innerText()).toBe(`Now serving ${mine.ticket.number}`);
    expect(await page.getByTestId('queue-length').innerText()).toBe('nobody waiting');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a handed-over case with one status and a Beijing date, and a comment with its Beijing time and printed code', async () => {
    const token = await staffToken(app.api);
    unwrap(await app.api.deskTakeTicket({ itemId: 'elderly-subsidy', print: false }));
    const called = unwrap(await app.api.deskCallNext({ token, counter: 2 }));
    unwrap(await app.api.deskStart({ token, ticketId: called.ticket.id }));
    const handed = unwrap(await app.api.deskHandOver({ token, ticketId: called.ticket.id, note: '需社区上门核实' }));
    const { page, context, errors } = await newKioskPage(browser, portrait);
    await page.goto(`${app.url}/resident/`);
    await page.locator('.service-progress').click();
    await typeCode(page, handed.caseReference!);
    await page.locator('.contact button.primary').click();
    const receipt = page.locator('.receipt');
    await receipt.waitFor();
    expect(await receipt.locator('.label', { hasText: '办理状态' }).count()).toBe(1);
    expect(await page.getByTestId('status').count()).toBe(1);
    expect(await receipt.innerText()).toMatch(/将于 \d{1,2}月\d{1,2}日（周[一二三四五六日]） 前答复您/);

    await page.getByRole('button', { name: '完成' }).click();
    await page.locator('.service-comment').click();
    await page.locator('.choice').first().click();
    await page.locator('.chip').first().click();
    await page.locator('.compose-top button.primary').click();
    await page.getByRole('button', { name: '不留电话，直接提交' }).click();
    const reference = await page.getByTestId('reference').innerText();
    await page.getByTestId('reference-printed').waitFor();
    expect(readdirSync(printerDir.path).filter((f) => f.endsWith(`-comment-${reference}.escpos`))).toHaveLength(1);

    await page.getByRole('button', { name: '完成' }).click();
    await page.locator('.service-progress').click();
    await typeCode(page, reference);
    await page.locator('.contact button.primary').click();
    await expect.poll(() => receipt.innerText()).toMatch(/提交时间：\d{1,2}月\d{1,2}日（周[一二三四五六日]） \d\d:\d\d/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
