import { useState } from 'react';
import { checkArticle, splitTags, type Article, type ArticleField, type ArticleProblems } from './article-check.ts';

interface Draft {
  id: string;
  titleZh: string;
  titleEn: string;
  tags: string;
  bodyZh: string;
  bodyEn: string;
}

const blank: Draft = { id: '', titleZh: '', titleEn: '', tags: '', bodyZh: '', bodyEn: '' };
const toDraft = (a: Article): Draft => ({ id: a.id, titleZh: a.title.zh, titleEn: a.title.en, tags: a.tags.join('、'), bodyZh: a.body.zh, bodyEn: a.body.en ?? '' });
const toArticle = (d: Draft): Article => ({
  id: d.id.trim(),
  title: { zh: d.titleZh.trim(), en: d.titleEn.trim() },
  body: { zh: d.bodyZh.trim(), ...(d.bodyEn.trim() ? { en: d.bodyEn.trim() } : {}) },
  tags: splitTags(d.tags),
});

/** One labelled field with its problem right beside it (read out with the field). */
function Field({ name, label, draft, problems, onChange, multiline = false, lang }: { name: ArticleField; label: string; draft: Draft; problems: ArticleProblems; onChange: (d: Draft) => void; multiline?: boolean; lang?: string }) {
  const id = `article-${name}`;
  const problem = problems[name];
  const common = {
    id,
    name,
    value: draft[name],
    lang,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': problem ? `${id}-problem` : undefined,
    onChange: (e: { target: { value: string } }) => onChange({ ...draft, [name]: e.target.value }),
  };
  return (
    <div className={`field${multiline ? ' grow' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={8} {...common} /> : <input {...common} />}
      {problem && (
        <p className="field-problem" id={`${id}-problem`}>
          {problem}
        </p>
      )}
    </div>
  );
}

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
  const [problems, setProblems] = useState<ArticleProblems>({});
  const [deleting, setDeleting] = useState<string | null>(null);
  const [previewLang, setPreviewLang] = useState<'zh' | 'en'>('zh');
  const open = (a: Article | null) => {
    setEditing(a?.id ?? null);
    setDraft(a ? toDraft(a) : blank);
    setProblems({});
  };
  function save() {
    if (!draft) return;
    const article = toArticle(draft);
    const others = articles.filter((a) => a.id !== editing);
    const found = checkArticle(article, others);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    const next = editing === null ? [...articles, article] : articles.map((a) => (a.id === editing ? article : a));
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
            save();
          }}
        >
          <h3>{editing === null ? '新建条目' : `编辑条目 ${editing}`}</h3>
          <Field name="id" label="编号" draft={draft} problems={problems} onChange={setDraft} />
          <Field name="titleZh" label="中文标题" draft={draft} problems={problems} onChange={setDraft} />
          <Field name="titleEn" label="英文标题" draft={draft} problems={problems} onChange={setDraft} lang="en" />
          <Field name="tags" label="关键词（用顿号或逗号分开）" draft={draft} problems={problems} onChange={setDraft} />
          <Field name="bodyZh" label="中文正文（空一行分段）" draft={draft} problems={problems} onChange={setDraft} multiline />
          <Field name="bodyEn" label="英文正文（可不填，不填时显示中文）" draft={draft} problems={problems} onChange={setDraft} multiline lang="en" />
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
