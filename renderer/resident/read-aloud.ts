import type { Lang } from '../shared/i18n.ts';
import { call } from './api.ts';
import { useResident, type View } from './store.ts';

type Target = Parameters<typeof call<'readAloud'>>[1] extends infer I ? (I extends { what: infer W } ? W : never) : never;

/**
 * What 朗读 reads on this view, named by what the core already holds: the article or the search on
 * show (marked `data-read-article` / `data-read-query` by the handbook), the home summary, or the
 * view's guidance. The window never sends words to speak (GUIDE §6).
 */
function targetOf(view: View, root: ParentNode = document): Target {
  const article = root.querySelector<HTMLElement>('[data-read-article]')?.dataset.readArticle;
  if (article) return { kind: 'article', id: article };
  const query = root.querySelector<HTMLElement>('[data-read-query]')?.dataset.readQuery;
  if (query) return { kind: 'search', query };
  if (view === 'home' || view === 'handbook') return { kind: 'home' };
  return { kind: 'screen', key: view };
}

/** 朗读 / 停止: the bus's speakers read the view (after any announcement), or stop. */
export async function toggleReadAloud(view: View, lang: Lang): Promise<void> {
  if (useResident.getState().reading) {
    await call('readAloudStop');
    useResident.setState({ reading: false });
    return;
  }
  const result = await call('readAloud', { lang, what: targetOf(view) });
  if (result.ok) useResident.setState({ reading: true });
}
