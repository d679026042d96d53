import { dateTime } from '../format.ts';
import { officeCall } from '../client.ts';
import { useLoad, useOffice } from '../store.ts';

/**
 * What the receiver set aside: malformed or mismatched messages, a second event under a known seq,
 * seqs lost to a restored office database, and events stored but refused by their kind's schema
 * (never projected). What the bounded quarantine did not keep is counted per bus. Empty is normal.
 */
export function Quarantine() {
  const positions = useOffice((s) => s.positions);
  const { data, error } = useLoad(() => officeCall('officeQuarantine'), [positions]);
  if (error) return <p role="alert">无法读取隔离记录：{error}</p>;
  if (!data) return null;
  const { messages, dropped } = data;
  return (
    <section aria-labelledby="quarantine-title" className="quarantine">
      <h3 id="quarantine-title">同步异常（隔离的消息）</h3>
      {dropped.length > 0 && (
        <p role="status" data-testid="quarantine-dropped">
          隔离区已满，未保存：{dropped.map((d) => `${d.busId || '未知车辆'} ${d.dropped} 条`).join('，')}
        </p>
      )}
      {messages.length === 0 ? (
        <p>没有异常：收到的数据都已保存。</p>
      ) : (
        <table data-testid="quarantine">
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">主题</th>
              <th scope="col">原因</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((q, i) => (
              <tr key={i}>
                <td>{dateTime(q.receivedAt)}</td>
                <td className="payload">{q.topic}</td>
                <td className="payload">{q.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
