import { LoopDiagram } from '../../shared/LoopDiagram.tsx';
import { officeCall } from '../client.ts';
import { clockTime, dateTime } from '../format.ts';
import { BusMap, busStateText } from '../map/BusMap.tsx';
import { useLoad, useOffice } from '../store.ts';
import { Quarantine } from './Quarantine.tsx';

/** How the bus found its old database (its storage-reset report). */
const resetWords: Record<string, string> = { corrupt: '损坏', 'not-a-database': '无法识别', empty: '变为空文件', missing: '丢失' };

const age = (s: number | null) => (s === null ? '无' : s < 90 ? `${s} 秒` : s < 5400 ? `${Math.round(s / 60)} 分钟` : `${Math.round(s / 3600)} 小时`);

/** What is still on the bus, not yet at the office, as the bus last said (offline: as of its last status). */
function unsentText(unsent: { count: number; at: string } | null, online: boolean): string {
  if (!unsent) return '车辆未报告';
  const count = unsent.count === 0 ? '0 条（全部已上传）' : `${unsent.count} 条`;
  return online ? count : `${count}，截至 ${dateTime(unsent.at)}`;
}

/** Each bus: on the map, whether it is in contact, where it is on the loop, what has not arrived yet, laps. */
export function Fleet() {
  const positions = useOffice((s) => s.positions);
  const { data, error } = useLoad(() => Promise.all([officeCall('officeFleet'), officeCall('officeRoute'), officeCall('officeMap')]), [positions]);
  if (error) return <p role="alert">无法读取：{error}</p>;
  if (!data) return <p>正在读取…</p>;
  const [buses, route, map] = data;
  if (buses.length === 0) {
    return (
      <>
        <p>尚未收到任何车辆的数据。</p>
        <BusMap view={map} />
        <Quarantine />
      </>
    );
  }
  const onMap = new Map(map.buses.map((b) => [b.busId, b]));
  return (
    <>
      <BusMap view={map} />
      <p>
        <a href="#map">全屏查看地图</a>
      </p>
      <div className="fleet">
        {buses.map((bus) => {
          const where = onMap.get(bus.busId);
          return (
            <section key={bus.busId} className="card" aria-labelledby={`bus-${bus.busId}`}>
              <h3 id={`bus-${bus.busId}`}>
                {bus.busId}{' '}
                <span className={`status ${bus.online ? 'online' : 'offline'}`} data-testid={`status-${bus.busId}`}>
                  {bus.online ? '● 在线' : '○ 离线'}
                </span>
              </h3>
              <dl>
                <dt>现在</dt>
                <dd data-testid={`state-${bus.busId}`}>{where ? busStateText(where) : '—'}</dd>
                <dt>最后联系</dt>
                <dd>{dateTime(bus.lastContact)}</dd>
                <dt>实时位置</dt>
                <dd>{bus.live ? `${dateTime(bus.live.time)}${bus.liveDistance === null ? '（不在线路上）' : ''}` : '—'}</dd>
                {bus.reset && (
                  <>
                    <dt>数据重置</dt>
                    <dd data-testid={`reset-${bus.busId}`} className="reset">
                      {`${dateTime(bus.reset.at)} 车上数据库${resetWords[bus.reset.report?.reason ?? ''] ?? '重建'}，记录从 1 重新编号`}
                      {bus.reset.report ? `；转存未确认记录 ${bus.reset.report.carried} 条${bus.reset.report.unreadable > 0 ? `，无法读出 ${bus.reset.report.unreadable} 条` : ''}${bus.reset.report.movedTo ? `；旧文件保留为 ${bus.reset.report.movedTo}` : ''}` : ''}
                    </dd>
                  </>
                )}
                <dt>未上传条数</dt>
                <dd data-testid={`unsent-${bus.busId}`}>{unsentText(bus.unsent, bus.online)}</dd>
                <dt>今日圈数</dt>
                <dd>{bus.lapsToday}</dd>
                <dt>最近一圈</dt>
                <dd data-testid={`last-lap-${bus.busId}`}>{bus.lastLap ? `第 ${bus.lastLap.lap} 圈，${dateTime(bus.lastLap.started)} – ${dateTime(bus.lastLap.ended)}` : '—'}</dd>
              </dl>
              <details className="sync-details">
                <summary>同步详情</summary>
                <dl>
                  <dt>已收到记录</dt>
                  <dd>{bus.committedSeq} 条</dd>
                  <dt>待补齐记录</dt>
                  <dd title="已收到、但前面还缺记录的条数：缺的补到后一并确认">{bus.pendingBeyondGap} 条</dd>
                  <dt>最早待补齐</dt>
                  <dd>{age(bus.oldestUnsyncedS)}</dd>
                </dl>
              </details>
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
          );
        })}
      </div>
      <Quarantine />
    </>
  );
}
