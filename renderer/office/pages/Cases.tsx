import { useState } from 'react';
import type { OfficeApi } from '../../../src/office/api.ts';
import { officeCall } from '../client.ts';
import { dateTime } from '../format.ts';
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

type CaseFilter = NonNullable<Parameters<OfficeApi['officeCases']>[0]>;
const sortLabels = { due: '按办结时限', opened: '最新受理在前', updated: '最近处理在前' } as const;

/** Handed-over tickets and help requests with the 7135 deadline; status and reply go down to the bus. */
export function Cases() {
  const query = useOffice((s) => s.query);
  const [reveal, setReveal] = useState(false);
  const [filter, setFilter] = useState<CaseFilter>(() => ({ due: (query.due as CaseFilter['due']) || undefined }));
  const [search, setSearch] = useState('');
  const { data, error, reload } = useLoad(
    () => Promise.all([officeCall('officeCases', { ...filter, search: search.trim() || undefined, reveal }).then(unwrapResult), officeCall('officeRoute'), officeCall('officeBuses')]),
    [reveal, JSON.stringify(filter), search],
  );
  const set = (patch: Partial<CaseFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const [cases, route, buses] = data ?? [null, null, []];
  return (
    <>
      <RevealToggle reveal={reveal} onChange={setReveal} />
      <form className="filters no-print" role="search" aria-label="筛选办件" onSubmit={(e) => e.preventDefault()}>
        <label>
          查找
          <input type="search" name="search" value={search} maxLength={40} placeholder="查询码、居民姓名或事项" onChange={(e) => setSearch(e.target.value)} />
        </label>
        <Choice label="状态" name="state" value={filter.state} options={stateLabels} onChange={(state) => set({ state: state as CaseFilter['state'] })} />
        <Choice label="时限" name="due" value={filter.due} options={dueLabels} onChange={(due) => set({ due: due as CaseFilter['due'] })} />
        <Choice label="车辆" name="busId" value={filter.busId} options={Object.fromEntries(buses.map((b) => [b.busId, b.busId]))} onChange={(busId) => set({ busId })} />
        <Choice label="事项" name="itemId" value={filter.itemId} options={route?.itemNames ?? {}} onChange={(itemId) => set({ itemId })} />
        <Choice label="排序" name="sort" value={filter.sort ?? 'due'} options={sortLabels} all={false} onChange={(sort) => set({ sort: sort as CaseFilter['sort'] })} />
      </form>
      {error && <p role="alert">无法读取：{error}</p>}
      {cases && <p role="status" data-testid="case-count">共 {cases.cases.length} 件</p>}
      {cases && cases.cases.length === 0 && <p>没有符合条件的办件。</p>}
      {cases && cases.cases.length > 0 && (
        <ul className="cases">
          {cases.cases.map((c) => (
            <CaseItem key={c.caseId} item={c} itemName={c.itemId ? (route?.itemNames[c.itemId] ?? c.itemId) : null} onSaved={reload} />
          ))}
        </ul>
      )}
    </>
  );
}

/** One filter: a labelled select of code → words, with 全部 (no filter) first unless `all` is false. */
function Choice({ label, name, value, options, onChange, all = true }: { label: string; name: string; value: string | undefined; options: Record<string, string>; onChange: (v: string | undefined) => void; all?: boolean }) {
  return (
    <label>
      {label}
      <select name={name} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        {all && <option value="">全部</option>}
        {Object.entries(options).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}

type CaseRow = Extract<Awaited<ReturnType<OfficeApi['officeCases']>>, { ok: true }>['value']['cases'][number];

function CaseItem({ item, itemName, onSaved }: { item: CaseRow; itemName: string | null; onSaved: () => void }) {
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
        查询码 {item.reference ?? '—'} · 车辆 {item.busId}{itemName && ` · 事项 ${itemName}`} · 办结时限 {item.dueDay} · 当前状态 {stateLabels[item.state as CaseState] ?? item.state}
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
      <CaseHistory caseId={item.caseId} version={item.version} />
    </li>
  );
}

/** The case's full history, loaded when opened (and again after each change while open). */
function CaseHistory({ caseId, version }: { caseId: string; version: number }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="history" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>办理经过</summary>
      {open && <HistoryList caseId={caseId} version={version} />}
    </details>
  );
}

function HistoryList({ caseId, version }: { caseId: string; version: number }) {
  const { data, error } = useLoad(() => officeCall('officeCaseHistory', { caseId }).then(unwrapResult), [caseId, version]);
  if (error) return <p role="alert">无法读取：{error}</p>;
  if (!data) return <p>正在读取…</p>;
  return (
    <ol className="history-list">
      {data.map((h, i) => (
        <li key={i}>
          <time dateTime={h.at}>{dateTime(h.at)}</time> {h.from === 'bus' ? '车上' : (h.who ?? '办公室')}：{h.what}
        </li>
      ))}
    </ol>
  );
}
