import { logout } from './client.ts';
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
import { pages, useOffice, type Page } from './store.ts';

const titles: Record<Page, string> = {
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

/** The office dashboard: one page per concern, chosen in the navigation (URL hash). */
export function OfficeApp() {
  const { me, page } = useOffice();
  const View = views[page];
  return (
    <div className="office">
      <header className="bar no-print">
        <h1>红芙连心线 · 社区办公室</h1>
        <nav aria-label="页面">
          {pages.map((p) => (
            <a key={p} href={`#${p}`} aria-current={p === page ? 'page' : undefined}>
              {titles[p]}
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
        <h2>{titles[page]}</h2>
        <View />
      </main>
    </div>
  );
}
