import ExcelJS from 'exceljs';
import mqtt from 'mqtt';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRoutePath } from '../../src/config/load.ts';
import { systemClock } from '../../src/core/clock.ts';
import { uuidv7 } from '../../src/core/ids.ts';
import { localDayHour } from '../../src/core/local-time.ts';
import { unwrap } from '../../src/core/result.ts';
import { loadRouteFile } from '../../src/route/geojson.ts';
import { addWorkingDays } from '../../src/services/desk/working-days.ts';
import { RidershipService } from '../../src/services/ridership/ridership.ts';
import { outboxPriority } from '../../src/store/outbox.ts';
import { axeViolations, launchChromium, seriousViolations } from '../helpers/browser.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { simulatedBus, staff, startOfficeProcess, type OfficeProcess, type SimulatedBus } from '../helpers/office.ts';
import { tempDir, waitFor } from '../helpers/temp.ts';

const shots = fileURLToPath(new URL('../artifacts/office/', import.meta.url));
const today = localDayHour(new Date()).day;
const daysAgo = (n: number) => localDayHour(new Date(Date.now() - n * 86_400_000)).day;

describe('office dashboard, end to end (office process + simulated bus over mosquitto, Chromium)', () => {
  const dir = tempDir('lianxin-office-e2e-');
  let broker: Mosquitto;
  let office: OfficeProcess;
  let bus: SimulatedBus;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  let helpReference = '';

  /** Saves the page for review and checks it with axe: no serious or critical violations. */
  const shot = async (name: string) => {
    await page.screenshot({ path: `${shots}${name}.png`, fullPage: true });
    expect(seriousViolations(await axeViolations(page)), name).toEqual([]);
  };
  const open = async (name: string) => {
    await page.goto(`${office.url}/office/#${name}`);
    await page.locator('main h2').waitFor();
  };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    broker = await startMosquitto({ dir: `${dir.path}/broker` });
    office = await startOfficeProcess(dir.path, broker.url);
    bus = simulatedBus(dir.path, 'bus-07', broker.url);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await bus?.stop();
    await office?.stop();
    await broker?.stop();
    dir.cleanup();
  });

  it('sends an anonymous visitor to the login page, and signs staff in', async () => {
    await page.goto(`${office.url}/office/`);
    await page.waitForURL(/\/office\/login\.html$/);
    await page.getByLabel('用户名').fill(staff.chief.username);
    await page.getByLabel('密码').fill('not the password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名或密码错误');
    await shot('login');
    await page.getByLabel('密码').fill(staff.chief.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/office\/$/);
    await expect.poll(() => page.locator('.me').textContent()).toContain('王主任');
  });

  it('sees the bus come online and its ridership chart fill', async () => {
    await open('fleet');
    bus.uplink.start();
    await waitFor(async () => (await page.getByTestId('status-bus-07').textContent())?.includes('在线'), 'bus-07 shown online', 15_000);

    const position = { stopId: 'furonglu-center' as string | null, lastStopId: null as string | null, lap: 1 };
    const ridership = new RidershipService({ store: bus.store, clock: systemClock, context: { current: () => position } });
    const t0 = Date.now() - 40 * 60_000;
    const { stops } = unwrap(loadRouteFile(demoRoutePath));
    const at = (id: string) => stops.find((s) => s.id === id)!.distance;
    bus.store.recordTripEvents([
      { type: 'arrived', stopId: 'furonglu-center', lap: 1, time: new Date(t0).toISOString(), distance: at('furonglu-center') },
      { type: 'departed', stopId: 'furonglu-center', lap: 1, time: new Date(t0 + 60_000).toISOString(), distance: at('furonglu-center') + 5 },
      { type: 'arrived', stopId: 'hongfu-jiayuan', lap: 1, time: new Date(t0 + 600_000).toISOString(), distance: at('hongfu-jiayuan') },
    ]);
    for (let i = 0; i < 5; i++) ridership.tally('board');
    position.stopId = 'hongfu-jiayuan';
    for (let i = 0; i < 3; i++) ridership.tally('alight');
    ridership.tally('board');

    await waitFor(async () => (await page.getByTestId('last-lap-bus-07').textContent())?.includes('第 1 圈'), 'the last lap on the fleet card', 15_000);
    // The live position (QoS 0) puts the bus on the loop between stops.
    const route = unwrap(loadRouteFile(demoRoutePath));
    const between = route.line.pointAt((at('hongfu-jiayuan') + at('hongshiya-shangyejie')) / 2);
    await waitFor(() => bus.uplink.publishPosition({ lat: between.lat, lon: between.lon, time: new Date().toISOString() }), 'a live position sent');
    await waitFor(async () => (await page.locator('.loop').textContent())?.includes('实时 '), 'the live position on the loop', 15_000);
    await shot('fleet');

    await open('ridership');
    const table = page.getByTestId('ridership-table');
    await waitFor(async () => (await table.textContent().catch(() => ''))?.includes('芙蓉路社区党群服务中心'), 'ridership by stop', 15_000);
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toContain('芙蓉路社区党群服务中心50');
    expect(rows).toContain('宏福佳苑13');
    // The chart drew its bars (SVG renderer): one path per non-zero bar at least.
    expect(await page.getByTestId('ridership-chart').locator('svg path').count()).toBeGreaterThan(4);
    await shot('ridership');
  });

  it('lists a malformed message the receiver set aside, with its topic and reason', async () => {
    await open('fleet');
    await expect.poll(() => page.locator('.quarantine').textContent()).toContain('没有异常');
    const sender = await mqtt.connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
    // The PUBACK comes after the receiver recorded it.
    await sender.publishAsync('lianxin/v1/bus/bus-07/up/count', '{"v":1,"seq":', { qos: 1 });
    // A valid envelope from another bus whose payload is not a comment: stored, never projected, listed.
    const hostile = { v: 1, id: '0190a1b2-0000-7000-8000-0000000000aa', busId: 'bus-x', seq: 1, kind: 'comment', at: new Date().toISOString(), payload: { day: 'not-a-day' } };
    await sender.publishAsync('lianxin/v1/bus/bus-x/up/comment', JSON.stringify(hostile), { qos: 1 });
    await sender.endAsync();
    await page.reload();
    const table = page.getByTestId('quarantine');
    expect(await table.textContent({ timeout: 10_000 })).toContain('lianxin/v1/bus/bus-07/up/count');
    expect(await table.textContent()).toMatch(/not JSON/);
    expect(await table.textContent()).toContain('lianxin/v1/bus/bus-x/up/comment');
    expect(await table.textContent()).toMatch(/seq 1 stored, not projected: .*day/);
    await shot('fleet-quarantine');
  });

  it('shows desk statistics and ratings from the bus', async () => {
    const at = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    const ticket = (ticketId: string, action: string, to: string, when: string, extra: Record<string, unknown> = {}) => ({
      v: 1, ticketId, day: today, number: 'B003', categoryId: 'errand', itemId: 'elderly-subsidy', priority: null, action, from: null, to, at: when, staffId: 's1', counter: 1, ...extra,
    });
    const rows: [string, unknown][] = [
      ['ticket', ticket('t-1', 'take', 'waiting', at(30))],
      ['ticket', ticket('t-1', 'call', 'called', at(20))],
      ['ticket', ticket('t-1', 'start', 'serving', at(19))],
      ['ticket', ticket('t-1', 'finish', 'done', at(9))],
      ['ticket', ticket('t-2', 'take', 'waiting', at(28))],
      ['ticket', ticket('t-2', 'call', 'called', at(8))],
      ['ticket', ticket('t-2', 'no_show', 'no_show', at(5))],
      ['rating', { id: uuidv7(), ticketId: 't-1', at: at(8), level: 'very-dissatisfied', reasons: ['long-wait'], followUp: true }],
    ];
    bus.store.withTransaction(() => {
      for (const [kind, payload] of rows) {
        const p = payload as { at: string };
        bus.store.outbox.add({ kind, at: p.at, payload, priority: outboxPriority.resident });
      }
    });
    await open('desk');
    const items = page.getByTestId('desk-items');
    await waitFor(async () => (await items.textContent().catch(() => ''))?.includes('50.0%'), 'desk statistics', 15_000);
    // t-1 waited 10 minutes and was served for 10; t-2 waited 20 and did not come: average wait 15.
    expect(await items.locator('tbody tr').first().textContent()).toMatch(/2\s*15\.0 分钟\s*10\.0 分钟\s*50\.0%/);
    await shot('desk');
    await open('ratings');
    await waitFor(async () => (await page.getByTestId('rating-distribution').textContent().catch(() => ''))?.includes('1'), 'rating distribution', 15_000);
    await expect.poll(() => page.locator('ul.followups').textContent()).toContain('等候时间太长');
    await shot('ratings');
  });

  it('answers a help request as a case and the answer reaches the bus', async () => {
    const submitted = bus.feedback.submit({ category: 'help', phraseIds: ['call-me'], text: '楼道灯坏了，请来看看', contact: '13812345678' });
    expect(submitted.ok).toBe(true);
    helpReference = submitted.ok ? submitted.value.reference : '';
    // Help requests from a bus that was offline: one long past its 7135 deadline, one (on a
    // working day) due today — the day before whose next working day is today.
    const calendar = { holidays: new Set<string>(), makeUpWorkdays: new Set<string>() };
    const dueTodayAge = [1, 2, 3].find((n) => addWorkingDays(daysAgo(n), 1, calendar) === today);
    const late = (reference: string, age: number, text: string) => {
      const at = new Date(Date.now() - age * 86_400_000).toISOString();
      const payload = { id: uuidv7(), reference, at, day: daysAgo(age), category: 'help', phrases: ['repair'], text, contact: null };
      bus.store.outbox.add({ kind: 'comment', at, payload, priority: outboxPriority.resident });
    };
    bus.store.withTransaction(() => {
      late('OLD777', 10, '路灯不亮');
      if (dueTodayAge !== undefined) late('DUE111', dueTodayAge, '单元门禁坏了');
    });
    await open('cases');
    const item = page.getByTestId(`case-${helpReference}`);
    await item.waitFor({ timeout: 15_000 });
    expect(await item.textContent()).toContain('138****5678');
    expect(await page.getByTestId('case-OLD777').locator('.due-badge').textContent()).toBe('已超期');
    if (dueTodayAge !== undefined) expect(await page.getByTestId('case-DUE111').locator('.due-badge').textContent()).toBe('今日到期');
    await item.getByLabel('状态').selectOption('closed');
    await item.getByLabel('答复居民').fill('已安排物业明天上午维修，谢谢您的反映。');
    await item.getByRole('button', { name: '保存并下发' }).click();
    await expect.poll(() => item.getByRole('status').textContent()).toContain('已保存并下发');
    await shot('cases');
    const progress = await waitFor(
      () => {
        const found = bus.feedback.lookup(helpReference);
        return found.ok && found.value.status === 'closed' ? found.value : null;
      },
      'the case answer applied on the bus (查进度)',
      15_000,
    );
    expect(progress.replyText).toBe('已安排物业明天上午维修，谢谢您的反映。');
  });

  it('renders residents\u2019 HTML as text, collects 议题 and prints an agenda', async () => {
    const hostile = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    expect(bus.feedback.submit({ category: 'suggestion', text: hostile }).ok).toBe(true);
    expect(bus.feedback.submit({ category: 'suggestion', text: '=HYPERLINK("http://evil.example","点我")' }).ok).toBe(true);
    expect(bus.feedback.submit({ category: 'topic', phraseIds: ['ebike-charging'], text: '宏福佳苑需要电动车充电桩' }).ok).toBe(true);
    await open('comments');
    await waitFor(async () => (await page.locator('ul.comments').textContent().catch(() => ''))?.includes('onerror'), 'the hostile comment listed', 15_000);
    expect(await page.locator('.comment-text', { hasText: 'onerror' }).textContent()).toBe(hostile);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('ul.comments img').count()).toBe(0);
    await waitFor(async () => (await page.getByTestId('agenda').textContent().catch(() => ''))?.includes('充电桩'), 'the topic on the agenda', 15_000);
    await shot('comments');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${shots}agenda-print.png`, fullPage: true });
    expect(await page.locator('ul.comments').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });

  it('publishes a handbook article that the bus applies', async () => {
    await open('content');
    await page.getByTestId('article-rule-7135').waitFor();
    await page.getByRole('button', { name: '新建条目' }).click();
    await page.getByLabel('编号').fill('winter-heating-help');
    await page.getByLabel('中文标题').fill('冬季取暖补助申领');
    await page.getByLabel('英文标题').fill('Applying for winter heating help');
    await page.getByLabel('关键词').fill('养老、补贴');
    await page.getByLabel('中文正文').fill('低保、特困家庭可在每年11月申请冬季取暖补助，持身份证、户口簿到车上登记。');
    await page.getByRole('button', { name: '保存到草稿' }).click();
    await page.getByRole('button', { name: '发布到全部车辆' }).click();
    // The draft starts from the handbook every bus shipped with (version 1): this is version 2.
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已发布第 2 版');
    await shot('content');
    // What the kiosk's handbook pages read (handbookArticle, handbookSearch).
    const article = await waitFor(() => bus.handbook.article('winter-heating-help'), 'the article in the bus\u2019s handbook', 15_000);
    expect(article.title.zh).toBe('冬季取暖补助申领');
    expect(bus.handbook.search('取暖补助', 5).hits.map((h) => h.id)).toContain('winter-heating-help');
    expect(bus.uplink.downlink.content('policy-handbook')?.version).toBe(2);
    // The shipped articles are still there.
    expect(bus.handbook.article('rule-7135')).not.toBeNull();
  });

  it('exports CSV (BOM, Chinese intact, formulas neutralised) and XLSX, masked by default', async () => {
    await open('export');
    await shot('export');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-comments-csv').click();
    const csv = readFileSync((await (await download).path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.subarray(3).toString('utf8');
    expect(text).toContain('楼道灯坏了，请来看看');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(text).toContain('138****5678');
    expect(text).not.toContain('13812345678');

    const res = await page.request.get(`${office.url}/export/comments.xlsx?from=${daysAgo(6)}&to=${today}`);
    expect(res.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    const values = workbook.worksheets[0]!.getSheetValues().flat().map(String);
    expect(values).toContain('楼道灯坏了，请来看看');
    expect(values).toContain(`'=HYPERLINK("http://evil.example","点我")`);
    expect(values).toContain('138****5678');
    // The chief may ask for the full number; the request is in the audit log.
    const revealed = await page.request.get(`${office.url}/export/comments.csv?from=${daysAgo(6)}&to=${today}&reveal=1`);
    expect(await revealed.text()).toContain('13812345678');
    await open('audit');
    const audit = page.getByTestId('audit');
    await expect.poll(() => audit.textContent()).toContain('办件处理');
    expect(await audit.textContent()).toContain('内容发布');
    expect(await audit.locator('tbody tr', { hasText: '导出' }).first().textContent()).toContain('"reveal":true');
    await shot('audit');
    expect(errors).toEqual([]);
  });
});
