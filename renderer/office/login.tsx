import { useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './office.css';

const messages: Record<number, string> = {
  401: '用户名或密码错误。',
  429: '尝试次数过多，账号已暂时锁定，请 15 分钟后再试。',
};

function Login() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const res = await fetch('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
    }).catch(() => null);
    setBusy(false);
    if (res?.ok) return window.location.assign('/office/');
    setError(res ? (messages[res.status] ?? `登录失败（${res.status}）`) : '无法连接办公室服务器。');
  }
  return (
    <main className="office login">
      <h1>红芙连心线 · 社区办公室</h1>
      <form onSubmit={(e) => void submit(e)} aria-describedby={error ? 'login-error' : undefined}>
        <label>
          用户名
          <input name="username" autoComplete="username" required />
        </label>
        <label>
          密码
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p id="login-error" role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          登录
        </button>
      </form>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<Login />);
