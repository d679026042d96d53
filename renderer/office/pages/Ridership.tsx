import { useMemo, useState } from 'react';
import { officeCall } from '../client.ts';
import { RangePicker } from '../RangePicker.tsx';
import { unwrapResult, useLoad, useOffice } from '../store.ts';
import { RidershipChart, type Series } from './RidershipChart.tsx';

type Breakdown = 'stop' | 'hour' | 'day';
const breakdowns: Record<Breakdown, string> = { stop: '按站点', hour: '按小时', day: '按日期' };

/** Boardings and alightings by stop, hour or day over the chosen range, with laps per day. */
export function Ridership() {
  const { from, to } = useOffice();
  const [by, setBy] = useState<Breakdown>('stop');
  const { data, error } = useLoad(
    () => Promise.all([officeCall('officeRidership', { from, to }).then(unwrapResult), officeCall('officeRoute')]),
    [from, to],
  );
  const table = useMemo(() => {
    if (!data) return null;
    const [r, route] = data;
    const stopName = (id: string) => route.places.find((p) => p.id === id)?.name.zh ?? (id === '' ? '站间' : id);
    if (by === 'stop') return { head: '站点', rows: r.byStop.map((s) => ({ label: stopName(s.stopId), boarded: s.boarded, alighted: s.alighted, laps: null })) };
    if (by === 'hour') return { head: '时段', rows: r.byHour.map((h) => ({ label: `${String(h.hour).padStart(2, '0')}:00`, boarded: h.boarded, alighted: h.alighted, laps: null })) };
    return { head: '日期', rows: r.byDay.map((d) => ({ label: d.day, boarded: d.boarded, alighted: d.alighted, laps: d.laps as number | null })) };
  }, [data, by]);
  const series = useMemo<Series[]>(() => {
    if (!table) return [];
    const out: Series[] = [
      { name: '上车', type: 'bar', values: table.rows.map((r) => r.boarded) },
      { name: '下车', type: 'bar', values: table.rows.map((r) => r.alighted) },
    ];
    if (by === 'day') out.push({ name: '圈数', type: 'line', values: table.rows.map((r) => r.laps ?? 0) });
    return out;
  }, [table, by]);
  const labels = useMemo(() => table?.rows.map((r) => r.label) ?? [], [table]);
  return (
    <>
      <RangePicker />
      <div role="radiogroup" aria-label="分组方式" className="segmented no-print">
        {(Object.keys(breakdowns) as Breakdown[]).map((b) => (
          <button key={b} type="button" role="radio" aria-checked={by === b} onClick={() => setBy(b)}>
            {breakdowns[b]}
          </button>
        ))}
      </div>
      {error && <p role="alert">无法读取：{error}</p>}
      {table && (
        <>
          <RidershipChart labels={labels} series={series} title={`客流${breakdowns[by]}`} />
          {table.rows.length === 0 ? (
            <p>所选日期内没有客流数据。</p>
          ) : (
            <table data-testid="ridership-table">
              <thead>
                <tr>
                  <th scope="col">{table.head}</th>
                  <th scope="col">上车人次</th>
                  <th scope="col">下车人次</th>
                  {by === 'day' && <th scope="col">圈数</th>}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r) => (
                  <tr key={r.label}>
                    <th scope="row">{r.label}</th>
                    <td>{r.boarded}</td>
                    <td>{r.alighted}</td>
                    {by === 'day' && <td>{r.laps}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}
