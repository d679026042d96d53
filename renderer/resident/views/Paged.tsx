import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { dictionary, fill, type Lang } from '../../shared/i18n.ts';

const words = dictionary({ previous: '上一页', next: '下一页', page: '第 {n} / {m} 页' }, { previous: 'Previous page', next: 'Next page', page: 'Page {n} of {m}' });

/** A page: where it starts in the text and how much of the box it shows (never a cut line). */
interface PageSpan {
  top: number;
  height: number;
}

/**
 * Pages that end between lines: each page runs to the last line that fits whole, and the next one
 * starts with the line that did not. Lines are the text's own line boxes, measured in the DOM.
 */
function pageSpans(body: HTMLElement, content: HTMLElement): PageSpan[] {
  const box = body.clientHeight;
  if (content.offsetHeight <= box + 1) return [{ top: 0, height: box }];
  const origin = body.getBoundingClientRect().top - body.scrollTop;
  const lines: { top: number; bottom: number }[] = [];
  const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent?.trim()) continue;
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) if (r.height > 0) lines.push({ top: r.top - origin, bottom: r.bottom - origin });
  }
  lines.sort((a, b) => a.top - b.top);
  const spans: PageSpan[] = [];
  let top = 0;
  while (spans.length < 200) {
    const limit = top + box;
    const cut = lines.find((l) => l.bottom > limit + 0.5 && l.top >= top - 0.5);
    if (!cut) {
      spans.push({ top, height: box });
      break;
    }
    // A line taller than the box (never in practice) is shown cut rather than looping forever.
    const next = cut.top > top + 1 ? cut.top : limit;
    spans.push({ top, height: next - top });
    top = next;
  }
  return spans;
}

/**
 * Long text a page at a time, turned with two large buttons: the kiosk never asks for a swipe or a
 * scroll. A page ends after its last whole line, so no line is ever split between two pages.
 */
export function Paged({ children, lang }: { children: ReactNode; lang: Lang }) {
  const w = words[lang];
  const body = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const [page, setPage] = useState(0);
  const [spans, setSpans] = useState<PageSpan[]>([{ top: 0, height: 0 }]);

  useLayoutEffect(() => {
    const el = body.current;
    const inner = content.current;
    if (!el || !inner) return;
    const measure = () => {
      const scroll = el.scrollTop;
      el.scrollTop = 0;
      const found = pageSpans(el, inner);
      el.scrollTop = scroll;
      setSpans(found);
      setPage((p) => Math.min(p, found.length - 1));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    observer.observe(inner);
    return () => observer.disconnect();
  }, []);

  const span = spans[Math.min(page, spans.length - 1)]!;
  useLayoutEffect(() => {
    const el = body.current;
    if (el) el.scrollTop = span.top;
  }, [span.top]);

  const pages = spans.length;
  // What lies below the page's last whole line is hidden, not shown half.
  const hidden = body.current ? Math.max(0, body.current.clientHeight - span.height) : 0;
  return (
    <div className="paged">
      <div className="paged-body" ref={body} style={hidden > 0 ? { clipPath: `inset(0 0 ${hidden}px 0)` } : undefined}>
        <div ref={content}>{children}</div>
        {/* Room below the text, so the last page can start at its first line like every other page. */}
        {pages > 1 && <div aria-hidden="true" style={{ height: '100%' }} />}
      </div>
      {pages > 1 && (
        <div className="pager">
          <button type="button" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
            ‹ {w.previous}
          </button>
          <span data-testid="page">{fill(w.page, { n: page + 1, m: pages })}</span>
          <button type="button" className="primary" disabled={page === pages - 1} onClick={() => setPage((p) => p + 1)}>
            {w.next} ›
          </button>
        </div>
      )}
    </div>
  );
}
