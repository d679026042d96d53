import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids.ts';
import { hashPin } from '../../src/services/desk/staff-auth.ts';
import { topics } from '../../src/protocol/topics.ts';
import { launchChromium, newKioskPage, saveScreen, spokenTexts } from '../helpers/browser.ts';
import { withApp, type App } from '../helpers/with-app.ts';

const pin = '246810';

/**
 * The service desk across two screens in real Chromium: a resident takes a number on the kiosk,
 * staff call it from the console, the kiosk flashes and reads it out; then finish, rating, hand-over.
 */
describe('service desk: kiosk and staff console', () => {
  let app: App;
  let browser: Browser;

  beforeAll(async () => {
    app = await withApp({ config: { desk: { staff: [{ id: 'wang', name: '王芳', pinHash: hashPin(pin) }] } } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function takeNumber(page: Page, item: string, priority: string): Promise<string> {
    await page.getByRole('button', { name: /取号/ }).click();
    await page.getByRole('button', { name: /业务代办/ }).click();
    await page.getByRole('button', { name: new RegExp(item) }).click();
    await page.getByRole('button', { name: priority }).click();
    await page.getByRole('button', { name: 'w', exact: true }).click();
    await page.getByRole('button', { name: 'a', exact: true }).click();
    await page.getByRole('button', { name: 'n', exact: true }).click();
    await page.getByRole('button', { name: 'g', exact: true }).click();
    await page.getByRole('button', { name: '王', exact: true }).click();
    await page.getByRole('button', { name: '女士', exact: true }).click();
    await page.getByRole('button', { name: /下一步/ }).click();
    for (const digit of '13912345678') await page.getByRole('group', { name: '电话号码' }).getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: '取号', exact: true }).click();
    return (await page.getByTestId('ticket-number').innerText()).trim();
  }

  async function openConsole(): Promise<Page> {
    const { page } = await newKioskPage(browser, { width: 1280, height: 800 });
    await page.goto(`${app.url}/staff/?counter=2`);
    await page.getByLabel('工号').fill('wang');
    for (const digit of pin) await page.getByRole('group', { name: '密码（PIN）' }).getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: '解锁' }).click();
    await page.getByRole('button', { name: '叫下一位' }).waitFor();
    return page;
  }

  it('takes a number with priority, name and phone; staff call it and the kiosk flashes and reads it out', async () => {
    const { page: kiosk, errors } = await newKioskPage(browser);
    await kiosk.goto(`${app.url}/resident/`);
    const number = await takeNumber(kiosk, '高龄老人补贴', '70 岁以上老人');
    expect(number).toMatch(/^B\d{3}$/);
    const ticketText = await kiosk.locator('.ticket').innerText();
    expect(ticketText).toContain('前面没有人，马上就到您');
    expect(ticketText).toContain('请准备以下材料');
    expect(ticketText).toContain('号票已打印');
    await saveScreen(kiosk, 'resident-ticket-zh');
    await kiosk.getByRole('button', { name: '完成' }).click();

    const console = await openConsole();
    expect(await console.getByTestId('waiting').innerText()).toContain(number);
    await console.getByRole('button', { name: '叫下一位' }).click();
    await expect.poll(() => console.getByTestId('current').innerText()).toContain(number);
    const contact = await console.getByTestId('contact').innerText();
    expect(contact).toContain('王');
    expect(contact).not.toContain('13912345678');
    expect(contact).toMatch(/139\*+5678|139\*{4}5678/);

    await kiosk.getByTestId('called-number').waitFor();
    expect(await kiosk.getByTestId('called-number').innerText()).toBe(number);
    await expect.poll(() => spokenTexts(kiosk)).toEqual([expect.stringContaining(number)]);
    await saveScreen(kiosk, 'resident-called-zh');
    expect((await spokenTexts(kiosk))[0]).toContain('2');
    await kiosk.getByTestId('called-number').click();
    await kiosk.getByRole('alertdialog').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);

    // Nobody comes: the counter marks the number missed and is free again.
    await console.getByRole('button', { name: '过号' }).click();
    await console.getByRole('button', { name: '叫下一位' }).waitFor();
    const missed = await app.api.deskTicket({ number });
    expect(missed.ok && missed.value.state).toBe('no_show');
    await console.close();
  });

  it('refuses a phone number that is not one, in words the resident understands, and keeps what was entered', async () => {
    const { page: kiosk } = await newKioskPage(browser);
    await kiosk.goto(`${app.url}/resident/`);
    await kiosk.getByRole('button', { name: /取号/ }).click();
    await kiosk.getByRole('button', { name: /政策咨询/ }).click();
    await kiosk.getByRole('button', { name: /居家养老服务咨询/ }).click();
    await kiosk.getByRole('button', { name: '都不是' }).click();
    await kiosk.getByRole('button', { name: /跳过/ }).click();
    for (const digit of '12345') await kiosk.getByRole('group', { name: '电话号码' }).getByRole('button', { name: digit, exact: true }).click();
    await kiosk.getByRole('button', { name: '取号', exact: true }).click();
    await kiosk.getByRole('alert').waitFor();
    expect(await kiosk.getByRole('alert').innerText()).toContain('电话号码不对');
    expect(await kiosk.getByTestId('phone').innerText()).toBe('12345');
    expect((await app.api.deskQueue()).waiting).toHaveLength(0);
  });

  it('runs a ticket from call to finish, then the resident rates it on the kiosk', async () => {
    const { page: kiosk } = await newKioskPage(browser);
    await kiosk.goto(`${app.url}/resident/`);
    const number = await takeNumber(kiosk, '电动自行车登记', '都不是');
    // The code only this resident saw (and has on paper): rating needs it.
    const secret = (await kiosk.getByTestId('ticket-secret').innerText()).trim();
    expect(secret).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);
    await kiosk.getByRole('button', { name: '完成' }).click();

    const console = await openConsole();
    await console.getByRole('button', { name: '叫下一位' }).click();
    await expect.poll(() => console.getByTestId('current').innerText()).toContain(number);
    await console.getByRole('button', { name: '开始办理' }).click();
    await console.getByRole('button', { name: '已解答咨询' }).click();
    await console.getByRole('button', { name: '办结', exact: true }).click();
    await console.getByRole('button', { name: '叫下一位' }).waitFor();
    await expect.poll(() => console.getByTestId('stats').innerText()).toMatch(/办结\s*1/);

    await kiosk.getByTestId('called-number').click();
    await kiosk.getByRole('button', { name: /评价/ }).click();
    const pad = kiosk.getByRole('group', { name: '号码' });
    for (const key of number) await pad.getByRole('button', { name: key, exact: true }).click();
    await kiosk.getByRole('button', { name: '下一步' }).click();
    const codePad = kiosk.getByRole('group', { name: '凭证码' });
    // Another resident typing the number with a guessed code gets nowhere.
    const wrong = secret === '222222' ? '333333' : '222222';
    for (const key of wrong) await codePad.getByRole('button', { name: key, exact: true }).click();
    await kiosk.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => kiosk.getByRole('alert').innerText()).toContain('号码和凭证码不符');
    await codePad.getByRole('button', { name: '清空' }).click();
    for (const key of secret) await codePad.getByRole('button', { name: key, exact: true }).click();
    await kiosk.getByRole('button', { name: '下一步' }).click();
    await kiosk.getByRole('button', { name: '不满意', exact: true }).click();
    await kiosk.getByRole('button', { name: '等候时间太长' }).click();
    await kiosk.getByRole('button', { name: '提交评价' }).click();
    await kiosk.getByRole('heading', { name: '谢谢您的评价！' }).waitFor();
    const again = await app.api.ratingOptions({ number, secret });
    expect(again.ok && again.value.canRate).toBe(false);
    await console.close();
  });

  it('hands a case over to the office and the resident sees its due day under 查进度', async () => {
    const taken = await app.api.deskTakeTicket({ itemId: 'party-transfer', print: false });
    expect(taken.ok).toBe(true);
    const number = taken.ok ? taken.value.ticket.number : '';
    const console = await openConsole();
    await console.getByRole('button', { name: '叫下一位' }).click();
    await expect.poll(() => console.getByTestId('current').innerText()).toContain(number);
    await console.getByRole('button', { name: '重新叫号（已叫 1 次）' }).click();
    await console.getByRole('button', { name: '开始办理' }).click();
    await console.getByRole('button', { name: '需补交材料后办理' }).click();
    await console.getByRole('button', { name: '转交社区' }).click();
    await console.getByRole('button', { name: '叫下一位' }).waitFor();
    const handed = await app.api.deskTicket({ number });
    expect(handed.ok && handed.value.state).toBe('handed_over');

    const { page: kiosk } = await newKioskPage(browser);
    await kiosk.goto(`${app.url}/resident/`);
    await kiosk.getByRole('button', { name: /查进度/ }).click();
    const pad = kiosk.getByRole('group', { name: '查询码或号码' });
    for (const key of number) await pad.getByRole('button', { name: key, exact: true }).click();
    await kiosk.getByRole('button', { name: '查询', exact: true }).click();
    await expect.poll(() => kiosk.getByTestId('status').innerText()).toBe('已转交社区');
    expect(await kiosk.locator('.receipt').innerText()).toMatch(/将于 \d{1,2}月\d{1,2}日（周[一二三四五六日]） 前答复您/);
    await console.close();
    // The lasting reference (printed on the hand-over slip) finds the same case; the day's number will not tomorrow.
    const reference = handed.ok ? handed.value.caseReference ?? '' : '';
    expect(reference).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(await kiosk.getByTestId('case-reference').innerText()).toContain(reference);
    await kiosk.getByRole('button', { name: /再查一个|查询其他/ }).first().click();
    for (const key of reference) await kiosk.getByRole('group', { name: '查询码或号码' }).getByRole('button', { name: key, exact: true }).click();
    await kiosk.getByRole('button', { name: '查询', exact: true }).click();
    await expect.poll(() => kiosk.getByTestId('status').innerText()).toBe('已转交社区');

    // The office answers the case; its reply comes down and shows under the same number.
    const ticketId = handed.ok ? handed.value.id : '';
    const body = { source: 'ticket', reference: null, ticketId, status: 'answered', replyText: '<b>材料已齐</b>，请周五到社区领取', version: 1 };
    const applied = app.core.uplink.downlink.dispatch(
      topics.down('e2e-bus', 'case'),
      Buffer.from(JSON.stringify({ v: 1, id: uuidv7(), kind: 'case', issuedAt: new Date().toISOString(), body })),
    );
    expect(applied.outcome).toBe('applied');
    await kiosk.goto(`${app.url}/resident/`);
    await kiosk.getByRole('button', { name: /查进度/ }).click();
    for (const key of number) await kiosk.getByRole('group', { name: '查询码或号码' }).getByRole('button', { name: key, exact: true }).click();
    await kiosk.getByRole('button', { name: '查询', exact: true }).click();
    // One status: the office's, once the case is theirs.
    await expect.poll(() => kiosk.getByTestId('status').innerText()).toBe('已答复（已转交社区）');
    expect(await kiosk.getByTestId('case-reply').innerText()).toBe('<b>材料已齐</b>，请周五到社区领取');
  });

  it('locks the console after the idle time, and a wrong PIN does not open it', async () => {
    const { page } = await newKioskPage(browser, { width: 1280, height: 800 });
    await page.clock.install();
    await page.goto(`${app.url}/staff/`);
    await page.getByLabel('工号').fill('wang');
    const pad = page.getByRole('group', { name: '密码（PIN）' });
    for (const digit of '1111') await pad.getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: '解锁' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('工号或密码不对');

    for (const digit of pin) await pad.getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: '解锁' }).click();
    await page.getByRole('button', { name: '叫下一位' }).waitFor();
    await page.clock.fastForward(5 * 60_000 + 1_000);
    await page.getByRole('alertdialog').waitFor();
    await page.clock.fastForward(16_000);
    await page.getByRole('button', { name: '解锁' }).waitFor();
    expect(await page.getByRole('button', { name: '叫下一位' }).count()).toBe(0);
  });
});
