import { useState } from 'react';
import { checkDraft } from './check.ts';
import { Field, GeneralProblems, problemsAt, type Problems } from './FormField.tsx';

/** A handbook article as the bus's handbook schema takes it (src/services/handbook/articles.ts). */
export interface Article {
  id: string;
  title: { zh: string; en: string };
  body: { zh: string; en?: string };
  tags: string[];
}

interface Draft extends Record<string, string> {
  id: string;
  titleZh: string;
  titleEn: string;
  tags: string;
  bodyZh: string;
  bodyEn: string;
}

/** The form's field for each path of an article the bus's schema may complain about. */
const fields = { id: 'id', title: 'titleZh', 'title.zh': 'titleZh', 'title.en': 'titleEn', tags: 'tags', body: 'bodyZh', 'body.zh': 'bodyZh', 'body.en': 'bodyEn' };
const splitTags = (text: string): string[] => text.split(/[,，、\s]+/).filter(Boolean);
const blank: Draft = { id: '', titleZh: '', titleEn: '', tags: '', bodyZh: '', bodyEn: '' };
const toDraft = (a: Article): Draft => ({ id: a.id, titleZh: a.title.zh, titleEn: a.title.en, tags: a.tags.join('、'), bodyZh: a.body.zh, bodyEn: a.body.en ?? '' });
const toArticle = (d: Draft): Article => ({
  id: d.id.trim(),
  title: { zh: d.titleZh.trim(), en: d.titleEn.trim() },
  body: { zh: d.bodyZh.trim(), ...(d.bodyEn.trim() ? { en: d.bodyEn.trim() } : {}) },
  tags: splitTags(d.tags),
});

/** How the kiosk's handbook page shows the article: paragraphs, in normal or large text. */
function Preview({ article, lang }: { article: Article; lang: 'zh' | 'en' }) {
  const [large, setLarge] = useState(false);
  const body = lang === 'en' ? (article.body.en ?? article.body.zh) : article.body.zh;
  return (
    <section className={`kiosk-preview${large ? ' large' : ''}`} aria-label="车上显示效果">
      <label className="no-print">
        <input type="checkbox" checked={large} onChange={(e) => setLarge(e.target.checked)} /> 大字模式
      </label>
      <h4 lang={lang}>{lang === 'en' ? article.title.en : article.title.zh}</h4>
      {body.split(/\n\s*\n/).map((para, i) => (
        <p key={i} lang={lang}>
          {para}
        </p>
      ))}
    </section>
  );
}

/**
 * The handbook as staff edit it: a list of articles, each editable or deletable, a form with the
 * Chinese and English title and body, and a preview as the kiosk shows it. Publishing sends the list.
 */
export function HandbookEditor({ articles, onChange }: { articles: Article[]; onChange: (articles: Article[], said: string) => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [previewLang, setPreviewLang] = useState<'zh' | 'en'>('zh');
  const open = (a: Article | null) => {
    setEditing(a?.id ?? null);
    setDraft(a ? toDraft(a) : blank);
    setProblems({});
    setGeneral([]);
  };
  async function save() {
    if (!draft) return;
    const article = toArticle(draft);
    const index = editing === null ? articles.length : articles.findIndex((a) => a.id === editing);
    const next = editing === null ? [...articles, article] : articles.map((a) => (a.id === editing ? article : a));
    const found = problemsAt(await checkDraft('policy-handbook', { articles: next }), ['articles', index], fields);
    setProblems(found.problems);
    setGeneral(found.general);
    if (Object.keys(found.problems).length > 0 || found.general.length > 0) return;
    onChange(next, `条目“${article.title.zh}”已${editing === null ? '加入' : '改入'}草稿，发布后车辆可见。`);
    setDraft(null);
  }
  return (
    <div className="handbook-editor">
      <table data-testid="articles">
        <caption>手册条目（{articles.length} 条）</caption>
        <thead>
          <tr>
            <th scope="col">编号</th>
            <th scope="col">标题</th>
            <th scope="col">关键词</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {articles.map((a) => (
            <tr key={a.id} data-testid={`article-${a.id}`}>
              <td>{a.id}</td>
              <td>{a.title.zh}</td>
              <td>{a.tags.join('、')}</td>
              <td className="actions">
                <button type="button" onClick={() => open(a)} aria-label={`编辑“${a.title.zh}”`}>
                  编辑
                </button>
                {deleting === a.id ? (
                  <button type="button" className="danger" onClick={() => (onChange(articles.filter((x) => x.id !== a.id), `条目“${a.title.zh}”已从草稿删除，发布后车辆上也删除。`), setDeleting(null))}>
                    确认删除
                  </button>
                ) : (
                  <button type="button" className="secondary" onClick={() => setDeleting(a.id)} aria-label={`删除“${a.title.zh}”`}>
                    删除
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!draft && (
        <button type="button" onClick={() => open(null)}>
          新建条目
        </button>
      )}
      {draft && (
        <form
          className="article"
          aria-label={editing === null ? '新建手册条目' : `编辑手册条目 ${editing}`}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h3>{editing === null ? '新建条目' : `编辑条目 ${editing}`}</h3>
          <Field form="article" name="id" label="编号" draft={draft} problems={problems} onChange={setDraft} />
          <Field form="article" name="titleZh" label="中文标题" draft={draft} problems={problems} onChange={setDraft} />
          <Field form="article" name="titleEn" label="英文标题" draft={draft} problems={problems} onChange={setDraft} lang="en" />
          <Field form="article" name="tags" label="关键词（用顿号或逗号分开）" draft={draft} problems={problems} onChange={setDraft} />
          <Field form="article" name="bodyZh" label="中文正文（空一行分段）" draft={draft} problems={problems} onChange={setDraft} multiline />
          <Field form="article" name="bodyEn" label="英文正文（可不填，不填时显示中文）" draft={draft} problems={problems} onChange={setDraft} multiline lang="en" />
          <GeneralProblems general={general} />
          <div className="form-actions">
            <button type="submit">保存到草稿</button>
            <button type="button" className="secondary" onClick={() => setDraft(null)}>
              取消
            </button>
            <label>
              预览语言
              <select value={previewLang} onChange={(e) => setPreviewLang(e.target.value as 'zh' | 'en')}>
                <option value="zh">中文</option>
                <option value="en">英文</option>
              </select>
            </label>
          </div>
          <Preview article={toArticle(draft)} lang={previewLang} />
        </form>
      )}
    </div>
  );
}
