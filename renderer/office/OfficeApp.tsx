import { logout, officeCall } from './client.ts';
import { Audit } from './pages/Audit.tsx';
import { Cases } from './pages/Cases.tsx';
import { Comments } from './pages/Comments.tsx';
import { Content } from './pages/Content.tsx';
import { Desk } from './pages/Desk.tsx';
import { Export } from './pages/Export.tsx';
import { Fleet } from './pages/Fleet.tsx';
import { MapPage } from './pages/MapPage.tsx';
import { Ratings } from './pages/Ratings.tsx';
import { Ridership } from './pages/Ridership.tsx';
import { Today } from './pages/Today.tsx';
import { pages, useLoad, useOffice, type Page } from './store.ts';

const titles: Record<Page, string> = {
  today: '今日',
  fleet: '车辆',
  map: '地图',
  ridership: '客流',
  desk: '服务台',
  cases: '办件',
  comments: '留言与议题',
  ratings: '好差评',
  content: '内容发布',
  export: '导出',
  audit: '操作日志',
};

const views: Record<Page, () => React.JSX.Element> = {
  today: Today,
  fleet: Fleet,
  map: MapPage,
  ridership: Ridership,
  desk: Desk,
  cases: Cases,
  comments: Comments,
  ratings: Ratings,
  content: Content,
  export: Export,
  audit: Audit,
};

/** What needs action, as a badge on its page's menu entry (the same counts as 今日). */
function useBadges(): Partial<Record<Page, { n: number; says: string }>> {
  const { data } = useLoad(() => officeCall('officeToday'), []);
  if (!data) return {};
  const cases = data.cases.overdue + data.cases.dueToday;
  return {
    cases: { n: cases, says: `${data.cases.overdue} 件超期，${data.cases.dueToday} 件今日到期` },
    comments: { n: data.newComments, says: `${data.newComments} 条新留言` },
    ratings: { n: data.ratingsToFollowUp, says: `${data.ratingsToFollowUp} 条差评待回访` },
    fleet: { n: data.quarantinedToday, says: `今日 ${data.quarantinedToday} 条异常消息` },
  };
}

/** The office dashboard: one page per concern, chosen in the navigation (URL hash). */
export function OfficeApp() {
  const { me, page, query } = useOffice();
  const badges = useBadges();
  const notice = useLoad(() => officeCall('officeNotice'), []).data;
  const View = views[page];
  return (
    <div className="office">
      <header className="bar no-print">
        <h1>红芙连心线 · 社区办公室</h1>
        <nav aria-label="页面">
          {pages.map((p) => (
            <a key={p} href={`#${p}`} aria-current={p === page ? 'page' : undefined} data-testid={`nav-${p}`}>
              {titles[p]}
              {(badges[p]?.n ?? 0) > 0 && (
                <span className="badge" title={badges[p]!.says}>
                  {badges[p]!.n}
                  <span className="visually-hidden">（{badges[p]!.says}）</span>
                </span>
              )}
            </a>
          ))}
        </nav>
        <span className="me">
          {me?.displayName}
          <button type="button" onClick={() => void logout()}>
            退出
          </button>
        </span>
      </header>
      <main>
        {notice && (
          <p className="notice" role="note">
            {notice}
          </p>
        )}
        <h2>{titles[page]}</h2>
        {/* A link with another filter (#cases?due=…) opens the page afresh with it. */}
        <View key={JSON.stringify(query)} />
      </main>
    </div>
  );
}
