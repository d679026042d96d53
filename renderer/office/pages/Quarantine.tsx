import { dateTime } from '../format.ts';
import { officeCall } from '../client.ts';
import { useLoad, useOffice } from '../store.ts';

/**
 * What the receiver set aside instead of storing: malformed or mismatched messages, a second
 * event under a known seq, seqs lost to a restored office database. Empty is the normal case.
 */
export function Quarantine() {
  const positions = useOffice((s) => s.positions);
  const { data, error } = useLoad(() => officeCall('officeQuarantine'), [positions]);
  if (error) return <p role="alert">无法读取隔离记录：{error}</p>;
  if (!data) return null;
  return (
    <section aria-labelledby="quarantine-title" className="quarantine">
      <h3 id="quarantine-title">同步异常（隔离的消息）</h3>
      {data.length === 0 ? (
        <p>没有异常：收到的消息都已入库。</p>
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
            {data.map((q, i) => (
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
