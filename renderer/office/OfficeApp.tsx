import { useOffice } from './store.ts';

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

/** Office overview: the fleet and the latest events the buses sent. */
export function OfficeApp() {
  const { buses, events, error } = useOffice();
  return (
    <main className="office">
      <h1>红芙连心线 · 社区办公室</h1>
      {error && <p role="alert">无法读取数据：{error}</p>}
      <section aria-labelledby="fleet">
        <h2 id="fleet">车辆</h2>
        {buses.length === 0 ? (
          <p>尚未收到任何车辆的数据。</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">车辆</th>
                <th scope="col">连接</th>
                <th scope="col">已入库序号</th>
                <th scope="col">最后收到</th>
              </tr>
            </thead>
            <tbody>
              {buses.map((bus) => (
                <tr key={bus.busId}>
                  <td>{bus.busId}</td>
                  <td>{bus.online ? '● 在线' : '○ 离线'}</td>
                  <td>{bus.committedSeq}</td>
                  <td>{time(bus.lastSeen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="events">
        <h2 id="events">最新事件</h2>
        {events.length === 0 ? (
          <p>暂无事件。</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">收到时间</th>
                <th scope="col">车辆</th>
                <th scope="col">序号</th>
                <th scope="col">类型</th>
                <th scope="col">内容</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{time(e.receivedAt)}</td>
                  <td>{e.busId}</td>
                  <td>{e.seq}</td>
                  <td>{e.kind}</td>
                  <td className="payload">{JSON.stringify(e.payload)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
