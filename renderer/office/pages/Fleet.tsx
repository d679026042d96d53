import { LoopDiagram } from '../../shared/LoopDiagram.tsx';
import { officeCall } from '../client.ts';
import { useLoad, useOffice } from '../store.ts';
import { Quarantine } from './Quarantine.tsx';

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' }) : '—');
const clockTime = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
const age = (s: number | null) => (s === null ? '无' : s < 90 ? `${s} 秒` : s < 5400 ? `${Math.round(s / 60)} 分钟` : `${Math.round(s / 3600)} 小时`);

/** Each bus: connection (retained status), where it last was on the loop, what has not arrived yet, laps. */
export function Fleet() {
  const positions = useOffice((s) => s.positions);
  const { data, error } = useLoad(() => Promise.all([officeCall('officeFleet'), officeCall('officeRoute')]), [positions]);
  if (error) return <p role="alert">无法读取：{error}</p>;
  if (!data) return <p>正在读取…</p>;
  const [buses, route] = data;
  if (buses.length === 0) {
    return (
      <>
        <p>尚未收到任何车辆的数据。</p>
        <Quarantine />
      </>
    );
  }
  return (
    <>
      <div className="fleet">
        {buses.map((bus) => (
          <section key={bus.busId} className="card" aria-labelledby={`bus-${bus.busId}`}>
            <h3 id={`bus-${bus.busId}`}>
              {bus.busId}{' '}
              <span className={`status ${bus.online ? 'online' : 'offline'}`} data-testid={`status-${bus.busId}`}>
                {bus.online ? '● 在线' : '○ 离线'}
              </span>
            </h3>
            <dl>
              <dt>状态时间</dt>
              <dd>{time(bus.statusAt)}</dd>
              <dt>最后收到</dt>
              <dd>{time(bus.lastSeen)}</dd>
              <dt>已入库序号</dt>
              <dd>{bus.committedSeq}</dd>
              <dt>收到未确认</dt>
              <dd>{bus.pendingBeyondGap}</dd>
              <dt>最早未确认</dt>
              <dd>{age(bus.oldestUnsyncedS)}</dd>
              <dt>实时位置</dt>
              <dd>{bus.live ? `${time(bus.live.time)}${bus.liveDistance === null ? '（不在线路上）' : ''}` : '—'}</dd>
              <dt>今日圈数</dt>
              <dd>{bus.lapsToday}</dd>
              <dt>最近一圈</dt>
              <dd>{bus.lastLap ? `第 ${bus.lastLap.lap} 圈，${time(bus.lastLap.started)} – ${time(bus.lastLap.ended)}` : '—'}</dd>
            </dl>
            {route.length !== null && (
              <div className="loop-small">
                <LoopDiagram
                  length={route.length}
                  places={route.places}
                  busDistance={bus.liveDistance ?? bus.position?.distance ?? null}
                  nextStopId={null}
                  lang="zh"
                  labels={{ stop: '停靠站', node: '服务点', bus: bus.liveDistance !== null && bus.live ? `实时 ${clockTime(bus.live.time)}` : bus.position ? `最后 ${clockTime(bus.position.at)}` : '位置未知', next: '下一站', title: `${bus.busId} 在环线上的最后位置` }}
                />
              </div>
            )}
          </section>
        ))}
      </div>
      <Quarantine />
    </>
  );
}
