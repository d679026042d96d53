import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRoutePath } from '../../src/config/load.ts';
import { unwrap } from '../../src/core/result.ts';
import { loadRouteFile } from '../../src/route/geojson.ts';
import { hashPin } from '../../src/services/desk/staff-auth.ts';
import { axeViolations, badTargets, launchChromium, lowContrast, newKioskPage, saveScreen, seriousViolations, viewports } from '../helpers/browser.ts';
import { fixesAlong } from '../helpers/drive-fixes.ts';
import { withApp, type App } from '../helpers/with-app.ts';

/**
 * Every main screen, as residents, the driver and staff see it: screenshots (zh/en, normal/large
 * text) to tests/artifacts/screens, axe-core with no serious or critical findings, contrast, and
 * touch targets of at least 60×60 px with room between them.
 */
describe('screens: accessibility, targets, screenshots', () => {
  let app: App;
  let browser: Browser;
  const route = unwrap(loadRouteFile(demoRoutePath));

  beforeAll(async () => {
    app = await withApp({ config: { desk: { staff: [{ id: 'li', name: '李明', pinHash: hashPin('1357') }] } } });
    browser = await launchChromium();
    const stop = route.stops.find((s) => s.id === 'hongfu-jiayuan')!;
    for (const fix of fixesAlong(route, stop.distance - 800, stop.distance - 300)) app.gps.fix(fix);
    const token = unwrap(await app.api.deskStaffLogin({ staffId: 'li', pin: '1357' })).token;
    await app.api.announceServiceCall({ token, zh: '车上义诊上午十点开始，欢迎参加', en: 'Free clinic on board from 10 am' });
    await app.api.deskTakeTicket({ itemId: 'elderly-subsidy', priority: 'elderly', name: '张先生', phone: '13700001111', print: false });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** axe findings and target problems of what is on screen now, as readable lines. */
  async function audit(page: Page): Promise<{ serious: string[]; contrast: string[]; targets: string[] }> {
    const serious = seriousViolations(await axeViolations(page));
    const contrast = [
      ...(await axeViolations(page, { runOnly: ['color-contrast'] })).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ...(await lowContrast(page)),
    ];
    return { serious, contrast, targets: await badTargets(page) };
  }

  const residentViews: { name: string; open: (page: Page) => Promise<void> }[] = [
    { name: 'home', open: async (page) => void (await page.locator('.loop .bus').waitFor()) },
    {
      name: 'take-number',
      open: async (page) => {
        await page.locator('.service-take').click();
        await page.locator('.choice').first().waitFor();
      },
    },
    {
      name: 'ticket',
      open: async (page) => {
        await page.locator('.service-take').click();
        await page.locator('.choice').nth(1).click();
        await page.locator('.choice').nth(4).click();
        await page.locator('.choice').nth(3).click();
        await page.locator('.compose-top button.primary').click();
        await page.locator('.contact button.primary').click();
        await page.getByTestId('ticket-number').waitFor();
      },
    },
    {
      name: 'rating-code',
      open: async (page) => {
        await page.locator('.service-rating').click();
        for (const key of 'A001') await page.locator('.code-pad .key', { hasText: new RegExp(`^${key}$`) }).click();
        await page.locator('.contact button.primary').click();
        await page.getByTestId('ticket-secret-input').waitFor();
      },
    },
    {
      name: 'comment-keyboard',
      open: async (page) => {
        await page.locator('.service-comment').click();
        await page.locator('.choice').first().click();
        await page.locator('.keyboard').waitFor();
      },
    },
    {
      name: 'handbook',
      open: async (page) => {
        await page.locator('.service-handbook').click();
        await page.locator('.chip').first().click();
        await page.locator('.hit').first().waitFor();
      },
    },
    {
      name: 'handbook-article',
      open: async (page) => {
        await page.locator('.service-handbook').click();
        await page.locator('.chip').nth(1).click();
        await page.locator('.hit').first().click();
        await page.getByTestId('article').waitFor();
      },
    },
  ];

  for (const lang of ['zh', 'en'] as const) {
    for (const large of [false, true]) {
      it(`resident screen (${lang}${large ? ', large text' : ''}): no serious axe findings, contrast, 60 px targets`, async () => {
        const { page, context, errors } = await newKioskPage(browser, viewports.tablet);
        const problems: string[] = [];
        for (const view of residentViews) {
          await page.goto(`${app.url}/resident/?lang=${lang}${large ? '&large=1' : ''}`);
          await view.open(page);
          await saveScreen(page, `resident-${view.name}-${lang}${large ? '-large' : ''}`);
          const found = await audit(page);
          const overflow = await page.evaluate(() => {
            const view = document.querySelector('.view')!;
            return view.scrollHeight - view.clientHeight;
          });
          if (overflow > 1) problems.push(`${view.name} needs scrolling: ${overflow} px below the screen`);
          for (const [kind, lines] of Object.entries(found)) for (const line of lines) problems.push(`${view.name} ${kind}: ${line}`);
        }
        expect(problems).toEqual([]);
        expect(errors).toEqual([]);
        await context.close();
      });
    }
  }

  it('resident screen at 1920×1080: every view fits without scrolling', async () => {
    const { page, context } = await newKioskPage(browser, viewports.hd);
    const problems: string[] = [];
    for (const view of residentViews) {
      await page.goto(`${app.url}/resident/`);
      await view.open(page);
      await saveScreen(page, `resident-${view.name}-zh-1920`);
      const overflow = await page.evaluate(() => {
        const el = document.querySelector('.view')!;
        return el.scrollHeight - el.clientHeight;
      });
      if (overflow > 1) problems.push(`${view.name} needs scrolling: ${overflow} px below the screen`);
      problems.push(...(await audit(page)).serious);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('driver screen: no serious axe findings, contrast, 60 px targets', async () => {
    const { page, context } = await newKioskPage(browser, viewports.tablet);
    await page.goto(`${app.url}/driver/`);
    await page.getByRole('status').waitFor();
    await expect.poll(() => page.getByRole('status').getAttribute('data-code')).not.toBe('gnss-lost');
    await saveScreen(page, 'driver-zh');
    expect(await audit(page)).toEqual({ serious: [], contrast: [], targets: [] });
    await page.goto(`${app.url}/driver/?lang=en`);
    await page.getByRole('status').waitFor();
    await saveScreen(page, 'driver-en');
    await context.close();
  });

  it('staff console, locked and unlocked: no serious axe findings, contrast, 60 px targets', async () => {
    const { page, context } = await newKioskPage(browser, viewports.tablet);
    await page.goto(`${app.url}/staff/`);
    await page.getByRole('button', { name: '解锁' }).waitFor();
    await saveScreen(page, 'staff-locked-zh');
    expect(await audit(page)).toEqual({ serious: [], contrast: [], targets: [] });
    await page.getByLabel('工号').fill('li');
    for (const digit of '1357') await page.getByRole('group', { name: '密码（PIN）' }).getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: '解锁' }).click();
    await page.getByRole('button', { name: '叫下一位' }).click();
    await page.getByRole('button', { name: '开始办理' }).click();
    await page.getByRole('button', { name: '办结', exact: true }).waitFor();
    await saveScreen(page, 'staff-console-zh');
    expect(await audit(page)).toEqual({ serious: [], contrast: [], targets: [] });
    await context.close();
  });
});
