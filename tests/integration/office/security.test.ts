import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { delays } from '../../../src/core/delays.ts';
import { Emitter } from '../../../src/core/emitter.ts';
import { ok, unwrap } from '../../../src/core/result.ts';
import type { RunningHost } from '../../../src/host/http-server.ts';
import { buildOfficeApi } from '../../../src/office/api.ts';
import { officeParts, type OfficeLiveEvent } from '../../../src/office/app.ts';
import { maxAddressFailures, maxLoginFailures, type Session } from '../../../src/office/auth.ts';
import { csrfHeader, loginPage, sessionCookie, startOfficeHttp } from '../../../src/office/http.ts';
import type { CaseUpdateBody, OfficeDownlink } from '../../../src/office/publish.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import { builtOffice, staff } from '../../helpers/office.ts';
import { tempDir } from '../../helpers/temp.ts';

/** Records what would go down to the buses. */
class RecordingDownlink implements OfficeDownlink {
  readonly cases: { busId: string; body: CaseUpdateBody }[] = [];
  async publishCaseUpdate(busId: string, body: CaseUpdateBody) {
    this.cases.push({ busId, body });
    return ok(null);
  }
  async publishContent() {
    return ok(null);
  }
}

const rendererRoot = join(builtOffice, '../..');

describe('office HTTP layer security', () => {
  const dir = tempDir('lianxin-office-sec-');
  const clock = new ManualClock(new Date());
  const downlink = new RecordingDownlink();
  let store: OfficeStore;
  let host: RunningHost;
  let parts: ReturnType<typeof officeParts>;

  beforeAll(async () => {
    store = unwrap(await OfficeStore.open(join(dir.path, 'office.db'), clock));
    parts = officeParts(store, clock, downlink, null, null);
    for (const user of Object.values(staff)) parts.auth.ensureUser(user);
    const at = clock.now().toISOString();
    // One help request with a phone number, as a bus would send it.
    await store.ledger.commitBatch([{
      v: 1, id: '0190a1b2-0000-7000-8000-000000000001', busId: 'bus-01', seq: 1, kind: 'comment', at,
      payload: { id: 'c-1', reference: 'K7P2QX', at, category: 'help', phrases: [], text: '请联系我', contact: '13912345678', unknownField: { nested: true } },
    }, {
      // A number written as a Chinese input method types it, as a bus from before the masking rules sent it.
      v: 1, id: '0190a1b2-0000-7000-8000-000000000002', busId: 'bus-01', seq: 2, kind: 'comment', at,
      payload: { id: 'c-2', reference: 'K7P2QY', at, category: 'other', phrases: [], text: '电话139\u30001234\u30005678，身份证1101\u200b0519\u200b4912\u200b3100\u200b2X' },
    }]);
    host = await startOfficeHttp({ deps: parts.deps, auth: parts.auth, live: new Emitter<OfficeLiveEvent>(), host: '127.0.0.1', port: 0, staticDir: rendererRoot });
  });
  afterAll(async () => {
    await host.close();
    await store.close();
    dir.cleanup();
  });

  async function login(user: { username: string; password: string }) {
    const res = await fetch(`${host.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: user.password }),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    const body = (await res.json()) as { csrf?: string };
    return { res, cookie, token: /lianxin_office=([^;]*)/.exec(cookie)?.[1] ?? '', csrf: body.csrf ?? '' };
  }
  const call = (method: string, input: unknown, headers: Record<string, string>) =>
    fetch(`${host.url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(input) });

  it('refuses every page, API method, stream and export to an anonymous request', async () => {
    const fakeSession = { user: { username: 'x', displayName: 'x', canUnmask: false }, csrf: 'x', expiresAt: '' } satisfies Session;
    const methods = Object.keys(buildOfficeApi(parts.deps, fakeSession));
    expect(methods.length).toBeGreaterThan(15);
    for (const method of methods) {
      const res = await call(method, {}, {});
      expect(res.status, method).toBe(401);
    }
    const pages = readdirSync(rendererRoot, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'assets')
      .map((d) => `/${d.name}/`);
    expect(pages).toContain('/office/');
    for (const path of [...pages, '/office/index.html', '/', '/api/events', '/auth/session', '/export/comments.csv?from=2026-01-01&to=2026-12-31']) {
      const res = await fetch(`${host.url}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(401);
      const browser = await fetch(`${host.url}${path}`, { redirect: 'manual', headers: { accept: 'text/html' } });
      expect(browser.status, path).toBe(302);
      expect(browser.headers.get('location')).toBe(loginPage);
    }
    expect((await fetch(`${host.url}/auth/logout`, { method: 'POST' })).status).toBe(401);
    // The login page itself is served.
    expect((await fetch(`${host.url}${loginPage}`)).status).toBe(200);
    // A forged cookie is no session.
    expect((await call('officeFleet', undefined, { cookie: `${sessionCookie}=forged` })).status).toBe(401);
  });

  it('sets an HTTP-only SameSite=Strict session cookie', async () => {
    const { res, cookie } = await login(staff.clerk);
    expect(res.status).toBe(200);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
  });

  it('requires the session\u2019s CSRF token on every POST', async () => {
    const { token, csrf } = await login(staff.clerk);
    const cookie = `${sessionCookie}=${token}`;
    expect((await call('officeFleet', undefined, { cookie })).status).toBe(403);
    expect((await call('officeFleet', undefined, { cookie, [csrfHeader]: 'wrong' })).status).toBe(403);
    const other = await login(staff.chief);
    expect((await call('officeFleet', undefined, { cookie, [csrfHeader]: other.csrf })).status).toBe(403);
    expect((await call('officeFleet', undefined, { cookie, [csrfHeader]: csrf })).status).toBe(200);
    // A cross-site form post is refused before anything else.
    expect((await call('officeFleet', undefined, { cookie, [csrfHeader]: csrf, origin: 'http://evil.example' })).status).toBe(403);
    expect((await fetch(`${host.url}/auth/logout`, { method: 'POST', headers: { cookie } })).status).toBe(403);
  });

  /** A sign-in sent from another loopback address (127.0.0.0/8 is all this machine's), optionally with a forwarded-for header. */
  function loginFrom(localAddress: string, user: { username: string; password: string }, forwardedFor?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const body = JSON.stringify({ username: user.username, password: user.password });
      const req = request(`${host.url}/auth/login`, {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      });
      req.once('error', reject);
      req.end(body);
    });
  }

  it(`locks a user after ${maxLoginFailures} failures from any addresses for 15 minutes, even with the right password`, async () => {
    const wrong = { username: staff.clerk.username, password: 'guessing-1234' };
    // Guesses spread over several addresses add up.
    for (let i = 0; i < maxLoginFailures; i++) expect(await loginFrom(`127.0.0.${10 + i}`, wrong)).toBe(401);
    expect(await loginFrom('127.0.0.99', staff.clerk)).toBe(429);
    expect((await login(staff.clerk)).res.status).toBe(429);
    // Someone else is not locked out, from the same addresses.
    expect(await loginFrom('127.0.0.10', staff.chief)).toBe(200);
    clock.advance(delays.officeLoginLockMs + 1000);
    expect((await login(staff.clerk)).res.status).toBe(200);
    // Failures spread wider apart than a lock period never add up to a lock.
    for (let i = 0; i < maxLoginFailures + 1; i++) {
      expect((await login(wrong)).res.status).toBe(401);
      clock.advance(delays.officeLoginLockMs);
    }
    expect((await login(staff.clerk)).res.status).toBe(200);
    expect(parts.auth.auditLog().some((e) => e.action === 'login-locked' && e.username === staff.clerk.username)).toBe(true);
  });

  it(`holds off an address after ${maxAddressFailures} failures whatever names it tries, and no one else`, async () => {
    clock.advance(delays.officeLoginLockMs + 1000);
    for (let i = 0; i < maxAddressFailures; i++) expect(await loginFrom('127.0.0.50', { username: `nobody${i}`, password: 'guessing-1234' })).toBe(401);
    expect(await loginFrom('127.0.0.50', staff.chief)).toBe(429);
    expect(await loginFrom('127.0.0.51', staff.chief)).toBe(200);
    expect(parts.auth.auditLog().some((e) => e.action === 'address-throttled' && e.target === '127.0.0.50')).toBe(true);
    clock.advance(delays.officeLoginLockMs + 1000);
    expect(await loginFrom('127.0.0.50', staff.chief)).toBe(200);
  });

  it('believes X-Forwarded-For only from a trusted proxy, read from its end', async () => {
    clock.advance(delays.officeLoginLockMs + 1000);
    const proxied = await startOfficeHttp({ deps: parts.deps, auth: parts.auth, live: new Emitter<OfficeLiveEvent>(), host: '127.0.0.1', port: 0, staticDir: rendererRoot, trustedProxies: ['127.0.0.60'] });
    try {
      const from = (local: string, xff: string, user: { username: string; password: string }) => {
        const saved = host;
        host = proxied;
        return loginFrom(local, user, xff).finally(() => (host = saved));
      };
      const wrong = (i: number) => ({ username: `nobody${i}`, password: 'guessing-1234' });
      // One client behind the proxy guessing: held off; the proxy's other clients still get in.
      for (let i = 0; i < maxAddressFailures; i++) expect(await from('127.0.0.60', `spoofed-${i}, 10.0.0.7`, wrong(i))).toBe(401);
      expect(await from('127.0.0.60', '10.0.0.7', staff.chief)).toBe(429);
      expect(await from('127.0.0.60', '10.0.0.8', staff.chief)).toBe(200);
      // Not from the trusted proxy: the header means nothing and the connecting address counts.
      expect(await from('127.0.0.61', '10.0.0.8', staff.chief)).toBe(200);
      expect(parts.auth.auditLog().some((e) => e.action === 'address-throttled' && e.target === '10.0.0.7')).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it('a disabled user cannot sign in and their open sessions end; revoking sessions signs a user out everywhere', async () => {
    clock.advance(delays.officeLoginLockMs + 1000);
    const headers = (s: { token: string; csrf: string }) => ({ cookie: `${sessionCookie}=${s.token}`, [csrfHeader]: s.csrf });
    const first = await login(staff.clerk);
    const second = await login(staff.clerk);
    expect((await call('officeFleet', undefined, headers(first))).status).toBe(200);
    // Earlier tests signed the clerk in too: at least these two end.
    const revoked = parts.auth.revokeSessions(staff.clerk.username, 'chief');
    expect(revoked.ok && revoked.value.sessionsEnded).toBeGreaterThanOrEqual(2);
    expect((await call('officeFleet', undefined, headers(first))).status).toBe(401);
    expect((await call('officeFleet', undefined, headers(second))).status).toBe(401);
    const again = await login(staff.clerk);
    expect(again.res.status).toBe(200);
    expect(parts.auth.disableUser(staff.clerk.username, 'chief')).toEqual({ ok: true, value: { sessionsEnded: 1 } });
    expect((await call('officeFleet', undefined, headers(again))).status).toBe(401);
    expect((await login(staff.clerk)).res.status).toBe(401);
    expect(parts.auth.auditLog().map((e) => e.action)).toEqual(expect.arrayContaining(['sessions-revoked', 'user-disabled', 'login-disabled']));
    expect(parts.auth.enableUser(staff.clerk.username, 'chief')).toEqual({ ok: true, value: null });
    expect((await login(staff.clerk)).res.status).toBe(200);
  });

  it('masks personal data by default and reveals it only to a permitted user, audited', async () => {
    const clerk = await login(staff.clerk);
    const chief = await login(staff.chief);
    const headers = (s: { token: string; csrf: string }) => ({ cookie: `${sessionCookie}=${s.token}`, [csrfHeader]: s.csrf });
    const cases = async (s: { token: string; csrf: string }, reveal: boolean) =>
      JSON.stringify(await (await call('officeCases', { reveal }, headers(s))).json());
    expect(await cases(chief, false)).toContain('139****5678');
    expect(await cases(clerk, true)).not.toContain('13912345678');
    expect(await cases(chief, true)).toContain('13912345678');
    const comments = async (s: { token: string; csrf: string }, reveal: boolean) =>
      JSON.stringify(await (await call('officeComments', { from: '2000-01-01', to: '2100-01-01', reveal }, headers(s))).json());
    for (const shown of [await comments(clerk, false), await comments(clerk, true), await comments(chief, false)]) {
      expect(shown).toContain('电话139****5678');
      expect(shown).toContain('身份证110***********002X');
      expect(shown).not.toMatch(/1234|4912/);
    }
    expect(await comments(chief, true)).toContain('139\u30001234\u30005678');
    const commentsCsv = await (await fetch(`${host.url}/export/comments.csv?from=2000-01-01&to=2100-01-01`, { headers: { cookie: `${sessionCookie}=${clerk.token}` } })).text();
    expect(commentsCsv).toContain('电话139****5678');
    expect(parts.auth.auditLog().some((e) => e.action === 'reveal-personal-data' && e.username === staff.chief.username)).toBe(true);
    const csv = await (await fetch(`${host.url}/export/cases.csv?from=2000-01-01&to=2100-01-01&reveal=1`, { headers: { cookie: `${sessionCookie}=${clerk.token}` } })).text();
    expect(csv).toContain('139****5678');
    expect(csv).not.toContain('13912345678');
  });

  it('treats SQL metacharacters in filters as data', async () => {
    const s = await login(staff.chief);
    const headers = { cookie: `${sessionCookie}=${s.token}`, [csrfHeader]: s.csrf };
    const hostile = "x' OR '1'='1' --";
    const comments = await (await call('officeComments', { from: '2000-01-01', to: '2100-01-01', category: hostile }, headers)).json();
    expect(comments).toEqual({ ok: true, value: [] });
    const dropper = "'); DROP TABLE p_comment; --";
    const list = (await (await call('officeComments', { from: '2000-01-01', to: '2100-01-01' }, headers)).json()) as { value: { commentId: string }[] };
    const triaged = await (await call('officeCommentTriage', { commentId: list.value[0]!.commentId, triage: 'assigned', assignee: dropper }, headers)).json();
    expect(triaged).toMatchObject({ ok: true });
    const badBus = await (await call('officeRidership', { from: '2000-01-01', to: '2100-01-01', busId: hostile }, headers)).json();
    expect(badBus).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const badDay = await (await call('officeDesk', { from: "2026-01-01' OR 1=1 --", to: '2100-01-01' }, headers)).json();
    expect(badDay).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const all = (await (await call('officeComments', { from: '2000-01-01', to: '2100-01-01' }, headers)).json()) as { value: { commentId: string; assignee: string }[] };
    expect(all.value).toHaveLength(2);
    expect(all.value.find((c) => c.commentId === list.value[0]!.commentId)!.assignee).toBe(dropper);
    const exportRes = await fetch(`${host.url}/export/comments.csv?from=${encodeURIComponent("2000-01-01' --")}&to=2100-01-01`, { headers: { cookie: headers.cookie } });
    expect(exportRes.status).toBe(400);
  });

  it('records who changed what, and sends a case answer down', async () => {
    const s = await login(staff.clerk);
    const headers = { cookie: `${sessionCookie}=${s.token}`, [csrfHeader]: s.csrf };
    const list = (await (await call('officeCases', {}, headers)).json()) as { value: { cases: { caseId: string }[] } };
    const caseId = list.value.cases[0]!.caseId;
    const answer = await (await call('officeCaseUpdate', { caseId, state: 'in-progress', replyText: '已联系社区网格员' }, headers)).json();
    expect(answer).toEqual({ ok: true, value: { version: 1, sent: true } });
    expect(downlink.cases.at(-1)).toEqual({
      busId: 'bus-01',
      body: { source: 'comment', reference: 'K7P2QX', ticketId: null, status: 'in-progress', replyText: '已联系社区网格员', version: 1 },
    });
    const entry = parts.auth.auditLog().find((e) => e.action === 'case-update');
    expect(entry).toMatchObject({ username: staff.clerk.username, target: caseId });
    expect(JSON.parse(entry!.detail)).toMatchObject({ state: 'in-progress', version: 1 });
  });
});
