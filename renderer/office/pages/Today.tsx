import { officeCall } from '../client.ts';
import { busStateText } from '../map/BusMap.tsx';
import { useLoad, useOffice } from '../store.ts';

/** One figure that opens the page (filtered) where its rows are. */
function Count({ href, value, label, urgent = false, testId }: { href: string; value: number | string; label: string; urgent?: boolean; testId: string }) {
  return (
    <a className={`count${urgent ? ' urgent' : ''}`} href={href} data-testid={testId}>
      <span className="value">{value}</span>
      <span className="label">{label}</span>
    </a>
  );
}

/** 今日: the landing page. What ran today and what waits for staff; each count links to its page. */
export function Today() {
  const positions = useOffice((s) => s.positions);
  const { data, error } = useLoad(() => Promise.all([officeCall('officeToday'), officeCall('officeMap')]), [positions]);
  if (error) return <p role="alert">无法读取：{error}</p>;
  if (!data) return <p>正在读取…</p>;
  const [t, map] = data;
  return (
    <div className="today">
      <section aria-labelledby="today-wait">
        <h3 id="today-wait">待处理</h3>
        <div className="counts">
          <Count testId="today-overdue" href="#cases?due=overdue" value={t.cases.overdue} label="办件已超期" urgent={t.cases.overdue > 0} />
          <Count testId="today-due" href="#cases?due=due-today" value={t.cases.dueToday} label="办件今日到期" urgent={t.cases.dueToday > 0} />
          <Count testId="today-comments" href="#comments?triage=new" value={t.newComments} label="新留言未分办" />
          <Count testId="today-topics" href="#comments" value={t.nextMeeting?.topics ?? 0} label={t.nextMeeting ? `议事会议题（${t.nextMeeting.day.slice(5)}）` : '下次议事会议题'} />
          <Count testId="today-ratings" href="#ratings" value={t.ratingsToFollowUp} label="差评待回访" urgent={t.ratingsToFollowUp > 0} />
          <Count testId="today-quarantine" href="#fleet" value={t.quarantinedToday} label="今日异常消息" urgent={t.quarantinedToday > 0} />
        </div>
      </section>
      <section aria-labelledby="today-ran">
        <h3 id="today-ran">今日运行（{t.today}）</h3>
        <div className="counts">
          <Count testId="today-online" href="#fleet" value={`${t.buses.online} / ${t.buses.total}`} label="车辆在线" />
          <Count testId="today-laps" href="#ridership" value={t.lapsToday} label="今日圈数" />
          <Count testId="today-riders" href="#ridership" value={t.ridersToday} label="今日上车人次" />
          <Count testId="today-tickets" href="#desk" value={t.tickets.taken} label="今日取号" />
          <Count testId="today-waiting" href="#desk" value={t.tickets.waiting} label="正在等候" />
          <Count testId="today-served" href="#desk" value={t.tickets.done} label="今日办完" />
        </div>
      </section>
      <section aria-labelledby="today-where">
        <h3 id="today-where">车辆现在</h3>
        {map.buses.length === 0 ? (
          <p>尚未收到任何车辆的数据。</p>
        ) : (
          <ul className="where">
            {map.buses.map((b) => (
              <li key={b.busId}>
                <a href="#map">{b.busId}</a>：{busStateText(b)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
