import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRoutePath } from '../../src/config/load.ts';
import { unwrap } from '../../src/core/result.ts';
import { loadRouteFile } from '../../src/route/geojson.ts';
import { axeViolations, badTargets, launchChromium, newKioskPage, saveScreen, seriousViolations } from '../helpers/browser.ts';
import { fixesAlong } from '../helpers/drive-fixes.ts';
import { layoutProblems, verticalSpan } from '../helpers/layout-audit.ts';
import { withApp, type App } from '../helpers/with-app.ts';

/**
 * The resident kiosk at the two sizes a bus mounts it (1920×1080 landscape, 1080×1920 portrait), in
 * normal and large text, Chinese and English: every view keeps its controls inside the window and
 * at least 60×60 px, no text leaves its box, nothing scrolls sideways, axe finds nothing serious.
 */
const kiosks = [
  { name: 'landscape', viewport: { width: 1920, height: 1080 } },
  { name: 'portrait', viewport: { width: 1080, height: 1920 } },
] as const;

/** Types on the code pad, key by key, as a resident would. */
async function typeCode(page: Page, code: string): Promise<void> {
  for (const key of code) await page.locator('.code-pad .key', { hasText: new RegExp(`^${key}$`) }).click();
}

describe('resident screen: both orientations, both text sizes, both languages', () => {
  let app: App;
  let browser: Browser;
  let waitingNumber = '';
  let commentReference = '';
  const route = unwrap(loadRouteFile(demoRoutePath));

  beforeAll(async () => {
    app = await withApp();
    browser = await launchChromium();
    const stop = route.stops.find((s) => s.id === 'hongfu-jiayuan')!;
    for (const fix of fixesAlong(route, stop.distance - 800, stop.distance - 300)) app.gps.fix(fix);
    waitingNumber = unwrap(await app.api.deskTakeTicket({ itemId: 'elderly-subsidy', print: false })).ticket.number;
    const reply = '您好，关于增设公交站台遮阳棚的建议已收到。社区已联系街道城管科，计划在下个月完成红芙家园站的遮阳棚安装，届时请留意社区公告。如有其他问题，欢迎再次反映。';
    commentReference = unwrap(await app.api.feedbackSubmit({ category: 'suggestion', text: `${reply}\n${reply}` })).reference;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const views: { name: string; open: (page: Page) => Promise<void>; keypad?: string }[] = [
    { name: 'home', open: async (page) => void (await page.getByTestId('queue-now').waitFor()) },
    {
      name: 'take-item',
      open: async (page) => {
        await page.locator('.service-take').click();
        await page.locator('.choice').first().click();
        await page.locator('.choice-hint').first().waitFor();
      },
    },
    {
      name: 'take-name',
      keypad: '.keyboard',
      open: async (page) => {
        await page.locator('.service-take').click();
        await page.locator('.choice').first().click();
        await page.locator('.choice').first().click();
        await page.locator('.choice').nth(3).click();
        // English starts on plain letters; the candidate bar is what this view is about.
        if (await page.getByRole('button', { name: '拼音', exact: true }).isVisible()) await page.getByRole('button', { name: '拼音', exact: true }).click();
        await page.locator('.keyboard .key', { hasText: /^w$/ }).click();
        await page.locator('.keyboard .key', { hasText: /^a$/ }).click();
        await page.locator('.keyboard .key', { hasText: /^n$/ }).click();
        await page.locator('.candidate').first().waitFor();
      },
    },
    {
      name: 'take-phone',
      keypad: '.digit-pad',
      open: async (page) => {
        await page.locator('.service-take').click();
        await page.locator('.choice').first().click();
        await page.locator('.choice').first().click();
        await page.locator('.choice').nth(3).click();
        await page.locator('.compose-top button.primary').click();
        await page.locator('.digit-pad').waitFor();
      },
    },
    {
      name: 'ticket',
      open: async (page) => {
        await page.locator('.service-take').click();
        await page.locator('.choice').first().click();
        await page.locator('.choice').first().click();
        await page.locator('.choice').nth(3).click();
        await page.locator('.compose-top button.primary').click();
        await page.locator('.contact button.primary').click();
        await page.getByTestId('ticket-number').waitFor();
      },
    },
    {
      name: 'rating-number',
      keypad: '.code-pad',
      open: async (page) => {
        await page.locator('.service-rating').click();
        await typeCode(page, 'A001');
      },
    },
    {
      name: 'comment-keyboard',
      keypad: '.keyboard',
      open: async (page) => {
        await page.locator('.service-comment').click();
        await page.locator('.choice').first().click();
        await page.locator('.keyboard').waitFor();
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
    {
      name: 'progress-entry',
      keypad: '.code-pad',
      open: async (page) => {
        await page.locator('.service-progress').click();
        await page.locator('.code-pad').waitFor();
      },
    },
    {
      name: 'progress-ticket',
      open: async (page) => {
        await page.locator('.service-progress').click();
        await typeCode(page, waitingNumber);
        await page.locator('.contact button.primary').click();
        await page.getByTestId('status').waitFor();
      },
    },
    {
      name: 'progress-cancel',
      keypad: '.code-pad',
      open: async (page) => {
        await page.locator('.service-progress').click();
        await typeCode(page, waitingNumber);
        await page.locator('.contact button.primary').click();
        await page.getByRole('button', { name: /取消这个号|Cancel this number/ }).click();
        await page.getByTestId('cancel-code').waitFor();
      },
    },
    {
      name: 'progress-comment',
      open: async (page) => {
        await page.locator('.service-progress').click();
        await typeCode(page, commentReference);
        await page.locator('.contact button.primary').click();
        await page.getByTestId('reply').waitFor();
      },
    },
  ];

  for (const kiosk of kiosks) {
    for (const lang of ['zh', 'en'] as const) {
      for (const large of [false, true]) {
        const label = `${kiosk.name} ${kiosk.viewport.width}×${kiosk.viewport.height}, ${lang}${large ? ', large text' : ''}`;
        it(`${label}: every view in the window, 60 px targets, no overflow, axe clean`, { timeout: 240_000 }, async () => {
          const { page, context, errors } = await newKioskPage(browser, kiosk.viewport);
          const problems: string[] = [];
          for (const view of views) {
            await page.goto(`${app.url}/resident/?lang=${lang}${large ? '&large=1' : ''}`);
            await page.getByTestId('queue-now').waitFor();
            await view.open(page);
            await saveScreen(page, `resident-${kiosk.name}-${view.name}-${lang}${large ? '-large' : ''}`);
            for (const line of await layoutProblems(page)) problems.push(`${view.name}: ${line}`);
            for (const line of await badTargets(page)) problems.push(`${view.name} target: ${line}`);
            for (const line of seriousViolations(await axeViolations(page))) problems.push(`${view.name} axe: ${line}`);
            const below = await page.evaluate(() => {
              const el = document.querySelector('.view')!;
              return el.scrollHeight - el.clientHeight;
            });
            if (below > 1) problems.push(`${view.name} needs scrolling: ${below} px below the screen`);
            if (view.keypad && kiosk.name === 'portrait') {
              // At hand height: the keys sit in the lower half of a portrait screen, clear of its bottom edge.
              const span = await verticalSpan(page, view.keypad);
              if (span.top < 0.45 || span.bottom > 0.97) problems.push(`${view.name}: keypad spans ${span.top.toFixed(2)}–${span.bottom.toFixed(2)} of the height`);
            }
          }
          expect(problems).toEqual([]);
          expect(errors).toEqual([]);
          await context.close();
        });
      }
    }
  }
});
