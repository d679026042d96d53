import { useState } from 'react';
import { call, type ApiOutput } from '../api.ts';
import { dictionary, fill, pick, type Lang } from '../../shared/i18n.ts';
import { Chips } from '../../shared/keyboard/Chips.tsx';
import { PinyinKeyboard } from '../../shared/keyboard/PinyinKeyboard.tsx';
import { useResident } from '../store.ts';
import { problemText } from '../problems.ts';
import { useAction } from '../useAction.ts';
import { Compose, TypedField } from './Compose.tsx';
import { Paged } from './Paged.tsx';
import { Problem, Step } from './Step.tsx';

type Hit = Extract<ApiOutput<'handbookSearch'>, { ok: true }>['value']['hits'][number];
type Article = Extract<ApiOutput<'handbookArticle'>, { ok: true }>['value'];

const words = dictionary(
  {
    title: '政策手册：您想了解什么？',
    topics: '常见问题',
    query: '搜索内容',
    queryHint: '点常见问题，或用下面的键盘输入',
    search: '搜索',
    clear: '重新查找',
    results: '找到 {n} 篇',
    none: '没有找到相关内容，请换个词试试，或咨询车上工作人员',
    more: '下一页',
    article: '正文',
    noEnglish: '（本文暂无英文版）',
  },
  {
    title: 'Policy handbook: what would you like to know?',
    topics: 'Common questions',
    query: 'Search for',
    queryHint: 'Tap a common question or type with the keyboard below',
    search: 'Search',
    clear: 'New search',
    results: '{n} found',
    none: 'Nothing found; try another word or ask the staff on board',
    more: 'Next page',
    article: 'Text',
    noEnglish: '(No English version of this article yet)',
  },
);

/** The questions residents ask most; each is a search the handbook answers. */
const topics = ['医保', '养老', '高龄补贴', '电动车', '党组织', '居住证'];
/** Results on one page: fewer in large-text mode, so they fit beside the keyboard. */
const perPage = (large: boolean) => (large ? 3 : 5);

/** 政策手册: a topic chip or a pinyin search → at most five results at a time → the article. */
export function Handbook({ lang }: { lang: Lang }) {
  const w = words[lang];
  const large = useResident((s) => s.large);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  /** The search whose results are on show: 朗读 asks the core to read that search's results. */
  const [searched, setSearched] = useState('');
  const [page, setPage] = useState(0);
  const [article, setArticle] = useState<Article | null>(null);
  const { problem, setProblem, run } = useAction(lang);

  const search = async (text: string) => {
    await run(
      () => call('handbookSearch', { query: text, limit: 50 }),
      (value) => {
        setHits(value.hits);
        setSearched(text);
        setPage(0);
      },
    );
  };

  const open = async (id: string) => {
    const result = await call('handbookArticle', { id });
    if (result.ok) setArticle(result.value);
    else setProblem(problemText(result.error, lang));
  };

  if (article) {
    const body = lang === 'en' && article.body.en ? article.body.en : article.body.zh;
    return (
      <Step title={pick(article.title, lang)} lang={lang} onBack={() => setArticle(null)} fill>
        {lang === 'en' && !article.body.en && <p>{w.noEnglish}</p>}
        <Paged lang={lang}>
          <article className="article-body" data-read data-read-article={article.id} data-testid="article">
            {body.split(/\n+/).map((paragraph, i) => (
              <p key={i}>{paragraph}</p>
            ))}
          </article>
        </Paged>
      </Step>
    );
  }

  const per = perPage(large);
  const shown = hits?.slice(page * per, page * per + per) ?? [];
  return (
    <Step title={w.title} lang={lang} wide>
      <Problem message={problem} />
      <Compose
        field={<TypedField id="query-label" label={w.query} value={query} placeholder={w.queryHint} testId="query" />}
        action={
          <div className="actions">
            <button type="button" className="primary huge" disabled={query.trim() === ''} onClick={() => void search(query)}>
              {w.search}
            </button>
            {hits && (
              <button type="button" className="huge" onClick={() => { setHits(null); setQuery(''); }}>
                {w.clear}
              </button>
            )}
          </div>
        }
        side={
          hits ? (
            <div className="hits" aria-live="polite" data-read-query={searched || undefined}>
              <p className="label">{hits.length === 0 ? w.none : fill(w.results, { n: hits.length })}</p>
              {shown.map((hit) => (
                <button type="button" key={hit.id} className="hit" onClick={() => void open(hit.id)}>
                  <span className="hit-title">{pick(hit.title, lang)}</span>
                  <span className="hit-snippet">{hit.snippet}</span>
                </button>
              ))}
              {hits.length > per && (
                <button type="button" onClick={() => setPage((p) => ((p + 1) * per < hits.length ? p + 1 : 0))}>
                  {w.more} ›
                </button>
              )}
            </div>
          ) : (
            <>
              <span className="label">{w.topics}</span>
              <Chips
                phrases={topics}
                label={w.topics}
                onPick={(topic) => {
                  setQuery(topic);
                  void search(topic);
                }}
              />
            </>
          )
        }
        keyboard={<PinyinKeyboard value={query} onChange={setQuery} lang={lang} maxLength={50} />}
      />
    </Step>
  );
}
