import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids.ts';
import { localDayHour } from '../../src/core/local-time.ts';
import { outboxPriority } from '../../src/store/outbox.ts';
import { axeViolations, launchChromium, seriousViolations } from '../helpers/browser.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { signIn, simulatedBus, staff, startOfficeProcess, type OfficeProcess, type SimulatedBus } from '../helpers/office.ts';
import { tempDir, waitFor } from '../helpers/temp.ts';

const shots = fileURLToPath(new URL('../artifacts/office/', import.meta.url));
const today = localDayHour(new Date()).day;

describe('office daily work: 今日 counts and badges, cases found by search with their history (office process + bus over mosquitto, Chromium)', () => {
  const dir = tempDir('lianxin-office-daily-');
  let broker: Mosquitto;
  let office: OfficeProcess;
  let bus: SimulatedBus;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let db: Database.Database;
  const errors: string[] = [];
  let reference = '';

  const shot = async (name: string) => {
    for (const viewport of [{ width: 1440, height: 900 }, { width: 1280, height: 800 }]) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: `${shots}${name}-${viewport.width}.png`, fullPage: true });
      expect(seriousViolations(await axeViolations(page)), `${name} at ${viewport.width}`).toEqual([]);
    }
  };
  const count = async (id: string) => (await page.getByTestId(id).locator('.value').textContent())?.trim();
  const n = (sql: string, ...params: unknown[]) => String(db.prepare(sql).pluck().get(...params));

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    broker = await startMosquitto({ dir: `${dir.path}/broker` });
    office = await startOfficeProcess(dir.path, broker.url);
    bus = simulatedBus(dir.path, 'bus-07', broker.url);
    bus.uplink.start();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, office.url, staff.chief);
    db = new Database(join(dir.path, 'office', 'office.db'), { readonly: true, fileMustExist: true });
  }, 60_000);

  afterAll(async () => {
    db?.close();
    await context?.close();
    await browser?.close();
    await bus?.stop();
    await office?.stop();
    await broker?.stop();
    dir.cleanup();
  });

  it('lands on 今日, whose counts match the office database and link to their pages, with badges in the menu', async () => {
    await expect.poll(() => page.locator('main h2').textContent()).toBe('今日');
    const help = bus.feedback.submit({ category: 'help', phraseIds: ['call-me'], text: '楼道灯坏了，请来看看', contact: '13812345678' });
    expect(help.ok).toBe(true);
    reference = help.ok ? help.value.reference : '';
    expect(bus.feedback.submit({ category: 'topic', phraseIds: ['ebike-charging'], text: '宏福佳苑需要电动车充电桩' }).ok).toBe(true);
    // A help request from a bus that was offline for ten days: long past its 7135 deadline.
    const at = new Date(Date.now() - 10 * 86_400_000).toISOString();
    bus.store.outbox.add({
      kind: 'comment',
      at,
      payload: { id: uuidv7(), reference: 'OLD777', at, day: localDayHour(new Date(at)).day, category: 'help', phrases: ['repair'], text: '路灯不亮', contact: null },
      priority: outboxPriority.resident,
    });
    await waitFor(async () => (await count('today-overdue')) === '1' && (await count('today-comments')) === '3', 'the overdue case and three new comments counted', 15_000);
    expect(await count('today-overdue')).toBe(n(`SELECT count(*) FROM office_case WHERE state <> 'closed' AND due_day < ?`, today));
    expect(await count('today-due')).toBe(n(`SELECT count(*) FROM office_case WHERE state <> 'closed' AND due_day = ?`, today));
    expect(await count('today-comments')).toBe(n(`SELECT count(*) FROM p_comment WHERE triage = 'new'`));
    expect(await count('today-topics')).toBe(n(`SELECT count(*) FROM p_comment WHERE category = 'topic' AND meeting_day >= ?`, today));
    expect(await count('today-ratings')).toBe(n('SELECT count(*) FROM p_rating WHERE follow_up = 1 AND follow_up_done_at IS NULL'));
    expect(await count('today-riders')).toBe(n('SELECT coalesce(sum(boarded), 0) FROM p_ride_hour WHERE day = ?', today));
    expect(await count('today-online')).toBe('1 / 1');
    // Badges: the overdue case on 办件, the new comments on 留言与议题.
    await expect.poll(() => page.getByTestId('nav-cases').locator('.badge').textContent()).toContain('1');
    expect(await page.getByTestId('nav-comments').locator('.badge').textContent()).toContain('3');
    await shot('today');
    await page.getByTestId('today-overdue').click();
    await expect.poll(() => page.locator('main h2').textContent()).toBe('办件');
    await expect.poll(() => page.getByTestId('case-count').textContent()).toBe('共 1 件');
    expect(await page.getByTestId('case-OLD777').isVisible()).toBe(true);
    expect(await page.locator('form.filters select[name=due]').inputValue()).toBe('overdue');
  });

  it('finds a case by its reference (typed in lower case); its history shows the reply sent to the bus and received there', async () => {
    await page.goto(`${office.url}/office/#cases`);
    await page.locator('form.filters input[name=search]').fill(reference.toLowerCase());
    await expect.poll(() => page.getByTestId('case-count').textContent()).toBe('共 1 件');
    const item = page.getByTestId(`case-${reference}`);
    await item.getByLabel('状态').selectOption('in-progress');
    await item.getByLabel('答复居民').fill('已安排物业明天上午维修。');
    await item.getByRole('button', { name: '保存并下发' }).click();
    await expect.poll(() => item.getByRole('status').textContent()).toContain('已保存并下发');
    await item.getByText('办理经过').click();
    const history = item.locator('.history-list');
    await expect.poll(() => history.textContent()).toContain('王主任：状态改为「办理中」；答复居民：“已安排物业明天上午维修。”；已发往车辆 bus-07（第 1 版）');
    expect(await history.locator('li').first().textContent()).toContain('车上：居民在车辆 bus-07 上留言求助');
    const onBus = await waitFor(() => {
      const found = bus.feedback.lookup(reference);
      return found.ok && found.value.replyText ? found.value : null;
    }, 'the reply applied on the bus', 15_000);
    expect(onBus.replyText).toBe('已安排物业明天上午维修。');
    // The bus reported it applied the reply: the history says it is on the bus, after it was sent.
    await expect.poll(() => history.textContent(), { timeout: 15_000 }).toContain('车辆 bus-07 已收到第 1 版，居民查进度时可见');
    expect(await history.locator('li').last().textContent()).toContain('车辆 bus-07 已收到第 1 版');
    await shot('cases-search');
    // The export says what the page says, codes in their own columns at the end.
    const csv = (await (await page.request.get(`${office.url}/export/comments.csv?from=${today}&to=${today}`)).text()).replace(/^\uFEFF/, '');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    expect(header).toBe('查询码,日期,类别,内容,联系方式,处理,答复,类别代码,处理代码');
    expect(lines.find((l) => l.startsWith(reference))).toMatch(/,求助,.*,已答复,已安排物业明天上午维修。,help,replied$/);
    // Filters combine: the same case is not among the closed ones.
    await page.locator('form.filters select[name=state]').selectOption('closed');
    await expect.poll(() => page.getByTestId('case-count').textContent()).toBe('共 0 件');
  });

  it('creates, edits and deletes a handbook article through the form; each version reaches the bus; a bad entry is refused in Chinese beside its field', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${office.url}/office/#content`);
    await page.getByTestId('article-rule-7135').waitFor();
    await page.getByRole('button', { name: '新建条目' }).click();
    await page.getByLabel('编号').fill('Winter Help');
    await page.getByLabel('中文标题').fill('冬季取暖补助申领');
    await page.getByRole('button', { name: '保存到草稿' }).click();
    const idProblem = page.locator('#article-id-problem');
    await expect.poll(() => idProblem.textContent()).toContain('编号只能用小写英文字母、数字和“-”');
    // Beside its field, and read out with it.
    expect(await page.getByLabel('编号').getAttribute('aria-describedby')).toBe('article-id-problem');
    expect(await page.locator('#article-titleEn-problem').textContent()).toContain('请填写英文标题');
    await shot('content-problem');
    await page.getByLabel('编号').fill('winter-help');
    await page.getByLabel('英文标题').fill('Winter heating help');
    const long = Array.from({ length: 40 }, (_, i) => `第 ${i + 1} 段：低保、特困家庭可在每年11月申请冬季取暖补助，持身份证、户口簿到车上登记。`).join('\n\n');
    await page.getByLabel('中文正文').fill(long);
    await page.getByLabel('英文正文').fill('Families on minimum income can apply every November.');
    await page.getByLabel('大字模式').check();
    expect(await page.locator('.kiosk-preview.large p').count()).toBe(40);
    await page.getByRole('button', { name: '保存到草稿' }).click();
    await page.getByRole('button', { name: '发布到全部车辆' }).click();
    await expect.poll(() => page.getByRole('status').last().textContent()).toContain('已发布第 2 版');
    const created = await waitFor(() => bus.handbook.article('winter-help'), 'the new article on the bus', 15_000);
    expect(created.body.en).toBe('Families on minimum income can apply every November.');

    await page.getByRole('button', { name: '编辑“冬季取暖补助申领”' }).click();
    await page.getByLabel('中文标题').fill('冬季取暖补助');
    await page.getByRole('button', { name: '保存到草稿' }).click();
    await page.getByRole('button', { name: '发布到全部车辆' }).click();
    await expect.poll(() => page.getByRole('status').last().textContent()).toContain('已发布第 3 版');
    await waitFor(() => bus.handbook.article('winter-help')?.title.zh === '冬季取暖补助', 'the edited title on the bus', 15_000);
    await shot('content');

    await page.getByRole('button', { name: '删除“冬季取暖补助”' }).click();
    await page.getByRole('button', { name: '确认删除' }).click();
    await page.getByRole('button', { name: '发布到全部车辆' }).click();
    await expect.poll(() => page.getByRole('status').last().textContent()).toContain('已发布第 4 版');
    await waitFor(() => bus.handbook.article('winter-help') === null, 'the article gone from the bus', 15_000);
    expect(bus.handbook.article('rule-7135')).not.toBeNull();
    await expect.poll(() => page.locator('table tbody tr').filter({ hasText: '王主任' }).count()).toBe(3);
    expect(errors).toEqual([]);
  });
});
