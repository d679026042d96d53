import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';
const axeSource = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));
export const screensDir = fileURLToPath(new URL('../artifacts/screens/', import.meta.url));

/** The real Chromium the kiosks run; a missing browser fails the suite by name. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium is required for the screen tests and was not found at ${chromiumPath}`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const viewports = {
  hd: { width: 1920, height: 1080 },
  tablet: { width: 1280, height: 800 },
} as const;

/**
 * A fresh context whose page records what it would read aloud (speech synthesis is replaced by a
 * recorder before any page script runs) and fails the test on a page error.
 */
export async function newKioskPage(browser: Browser, viewport: { width: number; height: number } = viewports.tablet): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  // Screens answer in well under a second; even on a loaded 2-core machine a missing element fails in 15 s.
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => {
    const spoken: string[] = [];
    (window as unknown as { __spoken: string[] }).__spoken = spoken;
    if (window.speechSynthesis) {
      window.speechSynthesis.speak = (utterance: SpeechSynthesisUtterance) => void spoken.push(utterance.text);
    }
  });
  return { context, page, errors };
}

export async function spokenTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core in the page (evaluated through the debugging protocol, so the page's CSP allows it). */
export async function axeViolations(page: Page, options: { runOnly?: string[] } = {}): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(readFileSync(axeSource, 'utf8'));
  return page.evaluate(async (runOnly) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, runOnly ? { runOnly: { type: 'rule', values: runOnly } } : { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  }, options.runOnly);
}

/** Serious and critical violations, as readable lines for an assertion message. */
export function seriousViolations(violations: AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

export async function saveScreen(page: Page, name: string): Promise<void> {
  mkdirSync(screensDir, { recursive: true });
  await page.screenshot({ path: `${screensDir}${name}.png` });
}

/**
 * Touch targets that break the age-friendly rules: smaller than `min` CSS pixels either way, or
 * nearer than `gap` pixels to another target (a shaky finger hits the neighbour).
 */
export async function badTargets(page: Page, min = 60, gap = 6): Promise<string[]> {
  // No named helpers inside the page function: tsx (benchmarks) would wrap them in a helper the page lacks.
  return page.evaluate(
    ([minSize, minGap]) => {
      const out: string[] = [];
      const targets = [...document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role="button"]')]
        .map((el) => ({ el, r: el.getBoundingClientRect(), label: `${el.tagName.toLowerCase()} "${el.innerText.trim().replace(/\s+/g, ' ').slice(0, 20)}"` }))
        .filter(({ r }) => r.width > 0 && r.height > 0);
      for (const { r, label } of targets) {
        if (r.width < minSize || r.height < minSize) out.push(`${label} is ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
      for (let i = 0; i < targets.length; i++) {
        for (let j = i + 1; j < targets.length; j++) {
          const a = targets[i]!;
          const b = targets[j]!;
          if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
          const dx = Math.max(0, Math.max(a.r.left, b.r.left) - Math.min(a.r.right, b.r.right));
          const dy = Math.max(0, Math.max(a.r.top, b.r.top) - Math.min(a.r.bottom, b.r.bottom));
          if (Math.hypot(dx, dy) < minGap) out.push(`${a.label} and ${b.label} are ${Math.hypot(dx, dy).toFixed(1)} px apart`);
        }
      }
      return out;
    },
    [min, gap] as const,
  );
}

/**
 * Text whose contrast with the background behind it is below WCAG AA (4.5:1, or 3:1 for large
 * text), computed from the rendered colours. axe leaves some cases "incomplete" (overlapping
 * layers); this catches those too. Disabled controls are exempt, as in WCAG.
 */
export async function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const rgba = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) =>
      [r!, g!, b!].map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.closest('svg') || (el as HTMLButtonElement).disabled || el.closest('button:disabled')) continue;
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      const box = el.getBoundingClientRect();
      if (!ownText || box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || Number(style.opacity) === 0 || el.closest('.visually-hidden')) continue;
      let bg: number[] = [255, 255, 255];
      for (let node: HTMLElement | null = el; node; node = node.parentElement) {
        const c = rgba(getComputedStyle(node).backgroundColor);
        if (c.length >= 3 && (c[3] ?? 1) > 0.5) {
          bg = c;
          break;
        }
      }
      const fg = rgba(style.color);
      const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a) as [number, number];
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push(`"${el.innerText.trim().slice(0, 20)}" ${ratio.toFixed(2)}:1 (${style.color} on rgb(${bg.slice(0, 3).join(', ')}))`);
    }
    return out;
  });
}
