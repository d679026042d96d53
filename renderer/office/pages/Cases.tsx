import { useState } from 'react';
import type { OfficeApi } from '../../../src/office/api.ts';
import { officeCall } from '../client.ts';
import { unwrapResult, useLoad, useOffice } from '../store.ts';

export const dueLabels: Record<string, string> = { overdue: '已超期', 'due-today': '今日到期', 'on-time': '未到期', closed: '已办结' };
const stateLabels = { accepted: '受理', 'in-progress': '办理中', closed: '办结' } as const;
type CaseState = keyof typeof stateLabels;

/** Personal data stays masked unless a permitted user asks; the request is audited. */
export function RevealToggle({ reveal, onChange }: { reveal: boolean; onChange: (v: boolean) => void }) {
  const me = useOffice((s) => s.me);
  if (!me?.canUnmask) return <p className="hint">居民个人信息已脱敏显示。</p>;
  return (
    <label className="no-print">
      <input type="checkbox" checked={reveal} onChange={(e) => onChange(e.target.checked)} /> 显示完整个人信息（将记入操作日志）
    </label>
  );
}

/** Handed-over tickets and help requests with the 7135 deadline; status and reply go down to the bus. */
export function Cases() {
  const [reveal, setReveal] = useState(false);
  const { data, error, reload } = useLoad(() => officeCall('officeCases', { reveal }).then(unwrapResult), [reveal]);
  return (
    <>
      <RevealToggle reveal={reveal} onChange={setReveal} />
      {error && <p role="alert">无法读取：{error}</p>}
      {data && data.cases.length === 0 && <p>暂无办件。</p>}
      {data && data.cases.length > 0 && (
        <ul className="cases">
          {data.cases.map((c) => (
            <CaseItem key={c.caseId} item={c} onSaved={reload} />
          ))}
        </ul>
      )}
    </>
  );
}

type CaseRow = Extract<Awaited<ReturnType<OfficeApi['officeCases']>>, { ok: true }>['value']['cases'][number];

function CaseItem({ item, onSaved }: { item: CaseRow; onSaved: () => void }) {
  const [state, setState] = useState<CaseState>(item.state as CaseState);
  const [reply, setReply] = useState(item.replyText ?? '');
  const [message, setMessage] = useState<string | null>(null);
  async function save() {
    const result = await officeCall('officeCaseUpdate', { caseId: item.caseId, state, replyText: reply });
    setMessage(result.ok ? `已保存并下发到车辆（第 ${result.value.version} 版）。` : `未完成：${result.error.message}`);
    if (result.ok) onSaved();
  }
  const who = [item.resident.name, item.resident.phone ?? item.resident.contact].filter(Boolean).join(' ');
  return (
    <li className={`case due-${item.due}`} data-testid={`case-${item.reference ?? item.caseId}`}>
      <p className="case-head">
        <span className={`due-badge ${item.due}`}>{dueLabels[item.due]}</span> <strong>{item.title}</strong>
      </p>
      <p>
        查询码 {item.reference ?? '—'} · 车辆 {item.busId} · 办结时限 {item.dueDay} · 当前状态 {stateLabels[item.state as CaseState] ?? item.state}
        {who && ` · 居民 ${who}`}
      </p>
      <div className="case-edit no-print">
        <label>
          状态
          <select value={state} onChange={(e) => setState(e.target.value as CaseState)}>
            {(Object.keys(stateLabels) as CaseState[]).map((s) => (
              <option key={s} value={s}>
                {stateLabels[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          答复居民
          <textarea value={reply} maxLength={1000} rows={2} onChange={(e) => setReply(e.target.value)} />
        </label>
        <button type="button" onClick={() => void save()}>
          保存并下发
        </button>
      </div>
      {message && <p role="status">{message}</p>}
    </li>
  );
}
