import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { dictionary, fill, type Lang } from '../../shared/i18n.ts';

const words = dictionary({ previous: '上一页', next: '下一页', page: '第 {n} / {m} 页' }, { previous: 'Previous page', next: 'Next page', page: 'Page {n} of {m}' });

/**
 * Long text a page at a time, turned with two large buttons: the kiosk never asks for a swipe or a
 * scroll. Each page keeps the last line of the one before, so no line is cut between pages.
 */
export function Paged({ children, lang }: { children: ReactNode; lang: Lang }) {
  const w = words[lang];
  const body = useRef<HTMLDivElement>(null);
  const [page, setPage] = useState(0);
  const [pages, setPages] = useState(1);

  const step = (el: HTMLElement) => Math.max(1, el.clientHeight - (parseFloat(getComputedStyle(el).lineHeight) || 0));

  useLayoutEffect(() => {
    const el = body.current;
    if (!el) return;
    const measure = () => {
      const count = el.scrollHeight <= el.clientHeight + 1 ? 1 : Math.ceil((el.scrollHeight - el.clientHeight) / step(el)) + 1;
      setPages(count);
      setPage((p) => Math.min(p, count - 1));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = body.current;
    if (el) el.scrollTop = page * step(el);
  }, [page]);

  return (
    <div className="paged">
      <div className="paged-body" ref={body}>
        {children}
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
