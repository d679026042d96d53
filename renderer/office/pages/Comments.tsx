import { useState } from 'react';
import type { OfficeApi } from '../../../src/office/api.ts';
import { officeCall } from '../client.ts';
import { RangePicker } from '../RangePicker.tsx';
import { unwrapResult, useLoad, useOffice } from '../store.ts';
import { RevealToggle } from './Cases.tsx';

const categoryLabels: Record<string, string> = { suggestion: '意见建议', help: '求助', complaint: '投诉', praise: '表扬', topic: '议题' };
const triageLabels = { new: '新留言', assigned: '已分派', replied: '已答复', closed: '已关闭' } as const;
type Triage = keyof typeof triageLabels;
type CommentRow = Extract<Awaited<ReturnType<OfficeApi['officeComments']>>, { ok: true }>['value'][number];

/** The residents' meeting (the 15th) a topic raised today goes to. */
function nextMeetingDay(today: string): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const at = d <= 15 ? new Date(Date.UTC(y, m - 1, 15)) : new Date(Date.UTC(y, m, 15));
  return at.toISOString().slice(0, 10);
}

/** The inbox with triage (new → assigned → replied → closed) and the agenda of the monthly residents' meeting. */
export function Comments() {
  const { from, to } = useOffice();
  const [category, setCategory] = useState('');
  const [triage, setTriage] = useState('');
  const [reveal, setReveal] = useState(false);
  const [meeting, setMeeting] = useState(() => nextMeetingDay(to));
  const { data, error, reload } = useLoad(
    () =>
      officeCall('officeComments', { from, to, reveal, ...(category ? { category } : {}), ...(triage ? { triage: triage as Triage } : {}) }).then(unwrapResult),
    [from, to, category, triage, reveal],
  );
  const agenda = useLoad(() => officeCall('officeAgenda', { meetingDay: meeting }).then(unwrapResult), [meeting]);
  return (
    <>
      <div className="no-print">
        <RangePicker />
        <div className="filters">
          <label>
            类别
            <select value={category} onChange={(e) => setCategory(e.target.value)}>
              <option value="">全部</option>
              {Object.entries(categoryLabels).map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            处理状态
            <select value={triage} onChange={(e) => setTriage(e.target.value)}>
              <option value="">全部</option>
              {Object.entries(triageLabels).map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <RevealToggle reveal={reveal} onChange={setReveal} />
        {error && <p role="alert">无法读取：{error}</p>}
        {data && data.length === 0 && <p>没有符合条件的留言。</p>}
        {data && data.length > 0 && (
          <ul className="comments">
            {data.map((c) => (
              <CommentItem key={c.commentId} item={c} onSaved={reload} />
            ))}
          </ul>
        )}
      </div>
      <section className="agenda" aria-labelledby="agenda-title">
        <h3 id="agenda-title">居民议事会议题（{meeting}）</h3>
        <p className="no-print">
          <label>
            会议日期
            <input type="date" value={meeting} onChange={(e) => e.target.value && setMeeting(e.target.value)} />
          </label>{' '}
          <button type="button" onClick={() => window.print()}>
            打印议程
          </button>
        </p>
        <p className="print-only">提 — 议 — 决 — 做 — 评：以下议题由居民在连心线车上提出，提交 {meeting} 居民议事会讨论。</p>
        {agenda.data && agenda.data.length === 0 && <p>本次会议暂无议题。</p>}
        {agenda.data && agenda.data.length > 0 && (
          <ol data-testid="agenda">
            {agenda.data.map((t) => (
              <li key={t.reference}>
                {t.text || t.phrases.join('、')} <span className="meta">（{t.day}，车辆 {t.busId}，查询码 {t.reference}）</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

function CommentItem({ item, onSaved }: { item: CommentRow; onSaved: () => void }) {
  const [triage, setTriage] = useState<Triage>(item.triage as Triage);
  const [assignee, setAssignee] = useState(item.assignee ?? '');
  const [reply, setReply] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  async function save() {
    const result = await officeCall('officeCommentTriage', {
      commentId: item.commentId,
      triage,
      ...(assignee ? { assignee } : {}),
      ...(reply ? { replyText: reply } : {}),
    });
    setMessage(result.ok ? '已保存。' : `未完成：${result.error.message}`);
    if (result.ok) onSaved();
  }
  return (
    <li className="comment" data-testid={`comment-${item.reference}`}>
      <p>
        <strong>{categoryLabels[item.category] ?? item.category}</strong> · {item.day} · 车辆 {item.busId} · 查询码 {item.reference} ·{' '}
        {triageLabels[item.triage as Triage] ?? item.triage}
        {item.contact && ` · 联系方式 ${item.contact}`}
      </p>
      {/* Residents' text is rendered as text, never as markup. */}
      <p className="comment-text">{item.text || item.phrases.join('、')}</p>
      {item.replyText && <p className="reply">答复：{item.replyText}</p>}
      <div className="case-edit">
        <label>
          处理
          <select value={triage} onChange={(e) => setTriage(e.target.value as Triage)}>
            {Object.entries(triageLabels).map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          负责人
          <input value={assignee} maxLength={40} onChange={(e) => setAssignee(e.target.value)} />
        </label>
        <label className="grow">
          答复
          <textarea value={reply} maxLength={1000} rows={1} onChange={(e) => setReply(e.target.value)} />
        </label>
        <button type="button" onClick={() => void save()}>
          保存
        </button>
      </div>
      {message && <p role="status">{message}</p>}
    </li>
  );
}
