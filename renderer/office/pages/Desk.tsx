import { officeCall } from '../client.ts';
import { RangePicker } from '../RangePicker.tsx';
import { unwrapResult, useLoad, useOffice } from '../store.ts';

const min = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} 分钟`);

/** Tickets per service item and day; Qmatic wait (called − taken) and service (finished − started); no-shows. */
export function Desk() {
  const { from, to } = useOffice();
  const { data, error } = useLoad(
    () => Promise.all([officeCall('officeDesk', { from, to }).then(unwrapResult), officeCall('officeRoute')]),
    [from, to],
  );
  const name = (id: string) => data?.[1].itemNames[id] ?? id;
  const days = data ? [...new Set(data[0].byDay.map((d) => d.day))] : [];
  const items = data ? [...new Set(data[0].byDay.map((d) => d.itemId))] : [];
  return (
    <>
      <RangePicker />
      {error && <p role="alert">无法读取：{error}</p>}
      {data && (
        <>
          <h3>按服务事项</h3>
          {data[0].byItem.length === 0 ? (
            <p>所选日期内没有取号。</p>
          ) : (
            <table data-testid="desk-items">
              <thead>
                <tr>
                  <th scope="col">服务事项</th>
                  <th scope="col">取号数</th>
                  <th scope="col">平均等候</th>
                  <th scope="col">平均办理</th>
                  <th scope="col">过号率</th>
                  <th scope="col">转办</th>
                </tr>
              </thead>
              <tbody>
                {data[0].byItem.map((r) => (
                  <tr key={r.itemId}>
                    <th scope="row">{name(r.itemId)}</th>
                    <td>{r.tickets}</td>
                    <td>{min(r.waitMin)}</td>
                    <td>{min(r.serviceMin)}</td>
                    <td>{(r.noShowRate * 100).toFixed(1)}%</td>
                    <td>{r.handedOver}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {days.length > 0 && (
            <>
              <h3>按日期</h3>
              <div className="scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">日期</th>
                      {items.map((i) => (
                        <th scope="col" key={i}>
                          {name(i)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {days.map((d) => (
                      <tr key={d}>
                        <th scope="row">{d}</th>
                        {items.map((i) => (
                          <td key={i}>{data[0].byDay.find((r) => r.day === d && r.itemId === i)?.tickets ?? 0}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
    </>
  );
}
