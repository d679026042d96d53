import { dateTime } from '../format.ts';
import { useEffect, useState } from 'react';
import { officeCall } from '../client.ts';
import type { Article } from '../content/HandbookEditor.tsx';
import { HandbookEditor } from '../content/HandbookEditor.tsx';
import { ActivityEditor, type Activity } from '../content/ActivityEditor.tsx';
import { CatalogueEditor, type CatalogueCategory } from '../content/CatalogueEditor.tsx';
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

  const draft = parseDraft(text);
  // Each kind with a form edits its list in the draft; the rest of the body is kept as it was.
  const edit = (key: string) => (list: unknown[], said: string) => {
    setText(JSON.stringify({ ...draft, [key]: list }, null, 2));
    setMessage(said);
  };

  async function publish() {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return setMessage('内容不是有效的 JSON，未发布。');
    }
    const result = await officeCall('officeContentPublish', { kind, target: target === 'fleet' ? 'fleet' : { busId: target }, body });
    setMessage(result.ok ? `已发布第 ${result.value.version} 版。` : result.error.issues ? result.error.message : `未发布：${result.error.message}`);
    if (result.ok) reload();
  }

  return (
    <>
      <div className="filters">
        <label>
          内容
          <select name="kind" value={kind} onChange={(e) => (setKind(e.target.value as Kind), setMessage(null))}>
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
      {kind === 'policy-handbook' && Array.isArray(draft?.articles) ? (
        <HandbookEditor articles={draft.articles as Article[]} onChange={edit('articles')} />
      ) : kind === 'activity-schedule' && Array.isArray(draft?.activities) ? (
        <ActivityEditor activities={draft.activities as Activity[]} onChange={edit('activities')} />
      ) : kind === 'service-catalogue' && Array.isArray(draft?.categories) ? (
        <CatalogueEditor categories={draft.categories as CatalogueCategory[]} onChange={edit('categories')} />
      ) : (
        <label className="json">
          草稿（JSON）
          <textarea value={text} rows={14} spellCheck={false} onChange={(e) => setText(e.target.value)} />
        </label>
      )}
      <div className="publish-bar">
        <button type="button" onClick={() => void publish()}>
          {target === 'fleet' ? '发布到全部车辆' : `发布到 ${target}`}
        </button>
        {message && <p role="status">{message}</p>}
      </div>
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
              <th scope="col">车上生效情况</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{v.target === 'fleet' ? '全部车辆' : v.target}</td>
                <td>{dateTime(v.publishedAt)}</td>
                <td>{v.publishedBy}</td>
                <td data-testid={`applied-${v.version}`}>
                  {v.buses.length === 0
                    ? '尚无车辆'
                    : v.buses.map((b) => `${b.busId} ${b.state === 'applied' ? `已生效（${dateTime(b.at)}）` : b.state === 'superseded' ? '已由更新的版本取代' : '等待车辆确认'}`).join('；')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The draft as an object, or null while the JSON text does not parse (only announcements are edited as text). */
function parseDraft(text: string): Record<string, unknown> | null {
  try {
    const body = JSON.parse(text) as unknown;
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
