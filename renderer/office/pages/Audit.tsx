import { dateTime } from '../format.ts';
import { officeCall } from '../client.ts';
import { useLoad } from '../store.ts';

const actions: Record<string, string> = {
  login: '登录',
  logout: '退出',
  'login-locked': '登录锁定',
  'case-update': '办件处理',
  'comment-triage': '留言处理',
  'rating-follow-up': '差评回访',
  'content-publish': '内容发布',
  export: '导出',
  'reveal-personal-data': '查看完整个人信息',
};

/** Who changed what: the newest 200 entries of the office's audit log. */
export function Audit() {
  const { data, error } = useLoad(() => officeCall('officeAudit'), []);
  if (error) return <p role="alert">无法读取：{error}</p>;
  if (!data) return <p>正在读取…</p>;
  return (
    <table data-testid="audit">
      <thead>
        <tr>
          <th scope="col">时间</th>
          <th scope="col">用户</th>
          <th scope="col">操作</th>
          <th scope="col">对象</th>
          <th scope="col">内容</th>
        </tr>
      </thead>
      <tbody>
        {data.map((e, i) => (
          <tr key={i}>
            <td>{dateTime(e.at)}</td>
            <td>{e.username}</td>
            <td>{actions[e.action] ?? e.action}</td>
            <td>{e.target ?? '—'}</td>
            <td className="payload">{e.detail === '{}' ? '' : e.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
