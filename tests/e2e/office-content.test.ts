import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDayHour } from '../../src/core/local-time.ts';
import { findItem } from '../../src/services/desk/catalogue.ts';
import { axeViolations, launchChromium, seriousViolations } from '../helpers/browser.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { signIn, simulatedBus, staff, startOfficeProcess, type OfficeProcess, type SimulatedBus } from '../helpers/office.ts';
import { tempDir, waitFor } from '../helpers/temp.ts';

const shots = fileURLToPath(new URL('../artifacts/screens/', import.meta.url));
const today = localDayHour(new Date()).day;

describe('office content as forms: activities and the service catalogue made, changed and removed reach the bus; fleet and exports in staff words (office process + bus over mosquitto, Chromium)', () => {
  const dir = tempDir('lianxin-office-content-');
  let broker: Mosquitto;
  let office: OfficeProcess;
  let bus: SimulatedBus;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  const shot = async (name: string) => {
    for (const viewport of [{ width: 1440, height: 900 }, { width: 1280, height: 800 }]) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: `${shots}office-${name}-${viewport.width}.png`, fullPage: true });
      expect(seriousViolations(await axeViolations(page)), `${name} at ${viewport.width}`).toEqual([]);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  };
  /** Publishes the draft to the fleet; the version the page says it published. */
  const publish = async () => {
    const before = await page.getByRole('status').last().textContent().catch(() => '');
    await page.getByRole('button', { name: '发布到全部车辆' }).click();
    const said = await waitFor(async () => {
      const text = (await page.getByRole('status').last().textContent()) ?? '';
      return text !== before && /已发布第 (\d+) 版/.exec(text);
    }, 'the page to say which version it published');
    return Number(said[1]);
  };
  const kind = (value: string) => page.locator('select[name=kind]').selectOption(value);

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
    // The bus known to the office (by its first event) before anything is published to the fleet.
    expect(bus.feedback.submit({ category: 'topic', phraseIds: ['ebike-charging'], text: '需要电动车充电桩' }).ok).toBe(true);
    await page.goto(`${office.url}/office/#fleet`);
    await page.getByTestId('status-bus-07').waitFor();
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await bus?.stop();
    await office?.stop();
    await broker?.stop();
    dir.cleanup();
  });

  it('an activity: a bad time is refused in Chinese beside its field; made, changed and removed, each version on the bus’s home screen and shown applied', async () => {
    await page.goto(`${office.url}/office/#content`);
    await kind('activity-schedule');
    await page.getByRole('button', { name: '新建活动' }).click();
    await page.getByLabel('中文名称').fill('老年人义诊');
    await page.getByLabel('日期').fill(today);
    await page.getByLabel('开始时间').fill('10:00');
    await page.getByLabel('结束时间（可不填）').fill('09:00');
    await page.getByRole('button', { name: '保存到草稿' }).click();
    const endProblem = page.locator('#activity-endTime-problem');
    await expect.poll(() => endProblem.textContent()).toBe('结束时间须晚于开始时间。');
    expect(await page.getByLabel('结束时间（可不填）').getAttribute('aria-describedby')).toBe('activity-endTime-problem');
    await shot('content-activity-problem');

    await page.getByLabel('结束时间（可不填）').fill('11:30');
    await page.getByLabel('地点').fill('宏福佳苑东门');
    await page.getByLabel('说明').fill('测血压、血糖，请带医保卡。');
    await page.getByRole('button', { name: '保存到草稿' }).click();
    await page.getByTestId('activity-老年人义诊').waitFor();
    const first = await publish();
    const onBus = await waitFor(async () => (await bus.activities.activitiesToday()).activities.find((a) => a.title.zh === '老年人义诊'), 'the activity on the bus’s home screen');
    expect(onBus).toMatchObject({ time: '10:00', endTime: '11:30', place: { zh: '宏福佳苑东门' } });
    await expect.poll(() => page.getByTestId(`applied-${first}`).textContent()).toMatch(/^bus-07 已生效/);
    await shot('content-activities');

    await page.getByRole('button', { name: '编辑“老年人义诊”' }).click();
    await page.getByLabel('中文名称').fill('老年人免费义诊');
    await page.getByRole('button', { name: '保存到草稿' }).click();
    expect(await publish()).toBe(first + 1);
    await waitFor(async () => (await bus.activities.activitiesToday()).activities[0]?.title.zh === '老年人免费义诊', 'the changed title on the bus');

    await page.getByRole('button', { name: '删除“老年人免费义诊”' }).click();
    await page.getByRole('button', { name: '确认删除' }).click();
    expect(await publish()).toBe(first + 2);
    await waitFor(async () => (await bus.activities.activitiesToday()).activities.length === 0, 'the activity gone from the bus');
    // The older versions were applied in their time, the newest too.
    await expect.poll(() => page.getByTestId(`applied-${first + 2}`).textContent()).toMatch(/^bus-07 已生效/);
  });

  it('a catalogue item: a bad id and a missing English name refused beside their fields; made, changed and removed on the bus’s desk', async () => {
    await page.goto(`${office.url}/office/#content`);
    await kind('service-catalogue');
    await page.getByRole('button', { name: '新建服务事项' }).click();
    await page.getByLabel('编号').fill('Elder Card');
    await page.getByLabel('中文名称').fill('老年证办理');
    await page.getByRole('button', { name: '保存到草稿' }).click();
    await expect.poll(() => page.locator('#item-id-problem').textContent()).toContain('编号只能用小写英文字母、数字和“-”');
    expect(await page.locator('#item-nameEn-problem').textContent()).toBe('请填写英文名称。');
    expect(await page.getByLabel('英文名称').getAttribute('aria-invalid')).toBe('true');
    await shot('content-catalogue-problem');

    await page.getByLabel('编号').fill('elder-card');
    await page.getByLabel('英文名称').fill('Senior citizen card');
    await page.getByLabel('7135 分类').selectOption('large');
    await page.getByLabel('预计办理时长（分钟）').fill('15');
    await page.getByLabel('所需材料（每行一项：中文 / 英文）').fill('身份证 / ID card\n一寸照片 / Passport photo');
    await page.getByRole('button', { name: '保存到草稿' }).click();
    await page.getByTestId('item-elder-card').waitFor();
    expect(await page.getByTestId('item-elder-card').textContent()).toContain('大事（3 个工作日）');
    const first = await publish();
    const onDesk = await waitFor(() => findItem(bus.desk.catalogue().catalogue, 'elder-card')?.item, 'the item on the bus’s desk');
    expect(onDesk).toMatchObject({ followUp: 'large', serviceMinutes: 15, documents: [{ zh: '身份证', en: 'ID card' }, { zh: '一寸照片', en: 'Passport photo' }] });
    expect(bus.desk.catalogue().version).toBe(first);
    await shot('content-catalogue');

    await page.getByRole('button', { name: '编辑“老年证办理”' }).click();
    await page.getByLabel('预计办理时长（分钟）').fill('20');
    await page.getByRole('button', { name: '保存到草稿' }).click();
    await publish();
    await waitFor(() => findItem(bus.desk.catalogue().catalogue, 'elder-card')?.item.serviceMinutes === 20, 'the changed service time on the desk');

    await page.getByRole('button', { name: '删除“老年证办理”' }).click();
    await page.getByRole('button', { name: '确认删除' }).click();
    await publish();
    await waitFor(() => findItem(bus.desk.catalogue().catalogue, 'elder-card') === null, 'the item gone from the desk');
  });

  it('the fleet page says 在线, 最后联系 and 未上传条数 from the bus’s status; every export opens with Chinese headers', async () => {
    await page.goto(`${office.url}/office/#fleet`);
    expect(await page.getByTestId('status-bus-07').textContent()).toBe('● 在线');
    await expect.poll(() => page.getByTestId('unsent-bus-07').textContent(), { timeout: 15_000 }).toBe('0 条（全部已上传）');
    expect(await page.locator('.card dl').first().textContent()).not.toMatch(/已入库|收到未确认|seq/);
    await shot('fleet');
    for (const dataset of ['ridership', 'desk', 'cases', 'comments', 'ratings']) {
      const res = await page.request.get(`${office.url}/export/${dataset}.csv?from=${today}&to=${today}`);
      expect(res.status(), dataset).toBe(200);
      const header = (await res.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0]!;
      expect(header, dataset).not.toMatch(/[A-Za-z]/);
      const xlsx = await page.request.get(`${office.url}/export/${dataset}.xlsx?from=${today}&to=${today}`);
      expect(xlsx.status(), dataset).toBe(200);
      expect((await xlsx.body()).subarray(0, 2).toString(), dataset).toBe('PK');
    }
    expect(errors).toEqual([]);
  });
});
