import type { Page } from 'playwright-core';

/**
 * What a resident would see as broken on the screen now, measured from the DOM: controls outside
 * the window, text running out of its box (or out of a box that clips it), a horizontal scroll,
 * and a line of paged text cut at a page's edge. Each problem is one readable line.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  // No named helpers inside the page function: tsx (benchmarks) would wrap them in a helper the page lacks.
  return page.evaluate(() => {
    const out: string[] = [];
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const slack = 1;
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} "${(el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24)}"`;
    const outside = (r: DOMRect, box: { left: number; top: number; right: number; bottom: number }) =>
      r.left < box.left - slack || r.top < box.top - slack || r.right > box.right + slack || r.bottom > box.bottom + slack;
    const screen = { left: 0, top: 0, right: vw, bottom: vh };

    if (document.documentElement.scrollWidth > vw + slack) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} px wide in ${vw}`);
    for (const el of document.querySelectorAll<HTMLElement>('.view, .kiosk, .top-bar')) {
      if (el.scrollWidth > el.clientWidth + slack) out.push(`${name(el)} scrolls sideways by ${el.scrollWidth - el.clientWidth} px`);
    }

    for (const el of document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role="button"]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (outside(r, screen)) out.push(`${name(el)} is outside the window (${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)})`);
    }

    const range = document.createRange();
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.closest('svg') || el.closest('.visually-hidden')) continue;
      const texts = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (texts.length === 0) continue;
      const paged = el.closest('.paged-body');
      // The box the text belongs to: the nearest element that is not inline.
      let box: HTMLElement = el;
      while (getComputedStyle(box).display === 'inline' && box.parentElement) box = box.parentElement;
      const clips: HTMLElement[] = [box];
      // Paged text is clipped by its page on purpose (the cut check below covers it): only boxes inside the page count.
      for (let a = box.parentElement; a && a !== document.body && a !== paged; a = a.parentElement) {
        const style = getComputedStyle(a);
        // Chromium clips a button's content to the button whatever its overflow says.
        if (a.tagName === 'BUTTON' || style.overflowX !== 'visible' || style.overflowY !== 'visible') clips.push(a);
      }
      // The glyphs fill the em box; the range's content area is taller (CJK fonts' ascent + descent ≈ 1.45 em).
      const em = parseFloat(getComputedStyle(el).fontSize);
      for (const text of texts) {
        range.selectNodeContents(text);
        for (const line of range.getClientRects()) {
          if (line.width === 0) continue;
          const pad = Math.max(0, (line.height - em) / 2);
          const r = new DOMRect(line.left, line.top + pad, line.width, line.height - 2 * pad);
          const clip = clips.find((c) => outside(r, c.getBoundingClientRect()));
          if (clip) out.push(`text ${name(el)} runs out of ${clip === box ? 'its box' : name(clip)}`);
          else if (!paged && outside(r, screen)) out.push(`text ${name(el)} is outside the window`);
          if (clip || (!paged && outside(r, screen))) break;
        }
      }
    }

    // Paged text: every line that shows on this page shows whole.
    for (const body of document.querySelectorAll<HTMLElement>('.paged-body')) {
      const r = body.getBoundingClientRect();
      const inset = /inset\(0(?:px)? 0(?:px)? ([\d.]+)px/.exec(getComputedStyle(body).clipPath);
      const bottom = r.bottom - (inset ? Number(inset[1]) : 0);
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        range.selectNodeContents(node);
        for (const line of range.getClientRects()) {
          const shows = line.bottom > r.top + slack && line.top < bottom - slack;
          const whole = line.top >= r.top - slack && line.bottom <= bottom + slack;
          if (shows && !whole) out.push(`paged line "${node.textContent!.trim().slice(0, 24)}" is cut at the page edge`);
        }
      }
    }
    return [...new Set(out)];
  });
}

/** Where an element sits on the screen, as fractions of the window's height (0 top, 1 bottom). */
export async function verticalSpan(page: Page, selector: string): Promise<{ top: number; bottom: number }> {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top / window.innerHeight, bottom: r.bottom / window.innerHeight };
  });
}
