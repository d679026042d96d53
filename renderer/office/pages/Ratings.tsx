import { dateTime } from '../format.ts';
import { useState } from 'react';
import { officeCall } from '../client.ts';
import { RangePicker } from '../RangePicker.tsx';
import { unwrapResult, useLoad, useOffice } from '../store.ts';

const levels = [
  ['very-satisfied', '非常满意'],
  ['satisfied', '满意'],
  ['basically-satisfied', '基本满意'],
  ['dissatisfied', '不满意'],
  ['very-dissatisfied', '非常不满意'],
] as const;
const levelLabel = Object.fromEntries(levels) as Record<string, string>;
const reasonLabels: Record<string, string> = {
  'not-resolved': '问题没有解决',
  'long-wait': '等候时间太长',
  attitude: '服务态度不好',
  unclear: '解释说明不清楚',
  paperwork: '材料手续繁琐',
};

/** 好差评 by service item, and the follow-up list of 不满意 / 非常不满意. */
export function Ratings() {
  const { from, to } = useOffice();
  const { data, error, reload } = useLoad(
    () => Promise.all([officeCall('officeRatings', { from, to }).then(unwrapResult), officeCall('officeRoute')]),
    [from, to],
  );
  const name = (id: string | null) => (id ? (data?.[1].itemNames[id] ?? id) : '—');
  const items = data ? [...new Set(data[0].distribution.map((d) => d.itemId))] : [];
  return (
    <>
      <RangePicker />
      {error && <p role="alert">无法读取：{error}</p>}
      {data && (
        <>
          <h3>评价分布</h3>
          {items.length === 0 ? (
            <p>所选日期内没有评价。</p>
          ) : (
            <table data-testid="rating-distribution">
              <thead>
                <tr>
                  <th scope="col">服务事项</th>
                  {levels.map(([id, label]) => (
                    <th scope="col" key={id}>
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item}>
                    <th scope="row">{name(item)}</th>
                    {levels.map(([id]) => (
                      <td key={id}>{data[0].distribution.find((d) => d.itemId === item && d.level === id)?.n ?? 0}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>差评回访</h3>
          {data[0].followUps.length === 0 ? (
            <p>没有需要回访的差评。</p>
          ) : (
            <ul className="followups">
              {data[0].followUps.map((f) => (
                <FollowUp key={f.ratingId} item={f} itemName={name(f.itemId)} onSaved={reload} />
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

function FollowUp({
  item,
  itemName,
  onSaved,
}: {
  item: { ratingId: string; at: string; level: string; reasons: string[]; number: string | null; busId: string; doneAt: string | null; note: string | null };
  itemName: string;
  onSaved: () => void;
}) {
  const [note, setNote] = useState(item.note ?? '');
  const [message, setMessage] = useState<string | null>(null);
  async function save() {
    const result = await officeCall('officeRatingFollowUp', { ratingId: item.ratingId, note });
    setMessage(result.ok ? '已记录回访。' : `未完成：${result.error.message}`);
    if (result.ok) onSaved();
  }
  return (
    <li className={item.doneAt ? 'done' : 'open'}>
      <p>
        <strong>{levelLabel[item.level] ?? item.level}</strong> · {itemName} · 号码 {item.number ?? '—'} · 车辆 {item.busId} ·{' '}
        {dateTime(item.at)} · {item.doneAt ? '已回访' : '待回访'}
      </p>
      {item.reasons.length > 0 && <p>原因：{item.reasons.map((r) => reasonLabels[r] ?? r).join('、')}</p>}
      <div className="case-edit">
        <label className="grow">
          回访记录
          <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="button" disabled={note.trim() === ''} onClick={() => void save()}>
          保存回访
        </button>
      </div>
      {message && <p role="status">{message}</p>}
    </li>
  );
}
