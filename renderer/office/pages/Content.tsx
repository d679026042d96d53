import { dateTime } from '../format.ts';
import { useEffect, useState } from 'react';
import { officeCall } from '../client.ts';
import { unwrapResult, useLoad } from '../store.ts';

const kinds = [
  ['policy-handbook', '政策手册'],
  ['service-catalogue', '服务事项目录'],
  ['activity-schedule', '活动安排'],
  ['announcements', '播报文字'],
] as const;
type Kind = (typeof kinds)[number][0];

const empty: Record<Kind, unknown> = {
  'policy-handbook': { articles: [] },
  'service-catalogue': { categories: [] },
  'activity-schedule': { activities: [] },
  announcements: { texts: {} },
};

/** Edit and publish content to one bus or the fleet; each publication is a new version. */
export function Content() {
  const [kind, setKind] = useState<Kind>('policy-handbook');
  const [target, setTarget] = useState('fleet');
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const { data, reload } = useLoad(
    () => Promise.all([officeCall('officeContent', { kind }).then(unwrapResult), officeCall('officeBuses'), Promise.resolve(kind)]),
    [kind],
  );
  const loadedKind = data?.[2];
  const versions = data?.[0].versions ?? [];
  const shipped = data?.[0].shipped ?? null;
  // The draft starts from the newest published version, else from what every bus shipped with.
  const base = versions[0] ?? shipped;
  useEffect(() => {
    if (loadedKind === undefined) return;
    setText(JSON.stringify(base?.body ?? empty[loadedKind], null, 2));
    // Refill the editor when another kind has loaded or a newer version exists, not on every reload.
  }, [loadedKind, base?.version]);

  function addArticle(form: FormData) {
    let body: { articles?: unknown[] };
    try {
      body = JSON.parse(text) as { articles?: unknown[] };
    } catch {
      return setMessage('内容不是有效的 JSON，请先修正。');
    }
    const field = (name: string) => String(form.get(name) ?? '').trim();
    const id = field('id');
    const tags = field('tags').split(/[,，、\s]+/).filter(Boolean);
    const article = { id, title: { zh: field('title'), en: field('titleEn') }, body: { zh: field('body') }, tags };
    const articles = (body.articles ?? []).filter((a) => (a as { id?: string }).id !== id);
    setText(JSON.stringify({ ...body, articles: [...articles, article] }, null, 2));
    setMessage(`已将条目“${article.title.zh}”加入草稿，发布后车辆可见。`);
  }

  async function publish() {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return setMessage('内容不是有效的 JSON，未发布。');
    }
    const result = await officeCall('officeContentPublish', { kind, target: target === 'fleet' ? 'fleet' : { busId: target }, body });
    setMessage(result.ok ? `已发布第 ${result.value.version} 版。` : `未发布：${result.error.message}`);
    if (result.ok) reload();
  }

  return (
    <>
      <div className="filters">
        <label>
          内容
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {kinds.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          发布到
          <select value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="fleet">全部车辆</option>
            {(data?.[1] ?? []).map((b) => (
              <option key={b.busId} value={b.busId}>
                {b.busId}
              </option>
            ))}
          </select>
        </label>
      </div>
      {kind === 'policy-handbook' && (
        <form
          className="article"
          onSubmit={(e) => {
            e.preventDefault();
            addArticle(new FormData(e.currentTarget));
          }}
        >
          <h3>手册条目</h3>
          <label>
            编号
            <input name="id" required pattern="[a-z0-9-]{1,64}" title="小写字母、数字和连字符" />
          </label>
          <label>
            标题
            <input name="title" required maxLength={80} />
          </label>
          <label>
            英文标题
            <input name="titleEn" required maxLength={160} lang="en" />
          </label>
          <label>
            关键词
            <input name="tags" maxLength={120} placeholder="养老、补贴" />
          </label>
          <label className="grow">
            正文
            <textarea name="body" required rows={4} maxLength={20000} />
          </label>
          <button type="submit">加入草稿</button>
        </form>
      )}
      <label className="json">
        草稿（JSON）
        <textarea value={text} rows={14} spellCheck={false} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="button" onClick={() => void publish()}>
        发布
      </button>
      {message && <p role="status">{message}</p>}
      <h3>已发布版本</h3>
      {versions.length === 0 ? (
        <p>尚未发布过{shipped ? `；车辆使用随软件发布的第 ${shipped.version} 版` : ''}。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">版本</th>
              <th scope="col">发布到</th>
              <th scope="col">发布时间</th>
              <th scope="col">发布人</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{v.target === 'fleet' ? '全部车辆' : v.target}</td>
                <td>{dateTime(v.publishedAt)}</td>
                <td>{v.publishedBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
