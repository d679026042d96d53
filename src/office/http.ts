import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Emitter } from '../core/emitter.ts';
import { checkBind, isSameOrigin, type HttpGuardOptions } from '../host/http-guard.ts';
import { createGuardedServer, EventStreams, listen, readBody, send, sendTooLarge, serveFile, type RunningHost } from '../host/http-helpers.ts';
import { buildOfficeApi, type OfficeApiDeps } from './api.ts';
import type { OfficeLiveEvent } from './app.ts';
import type { OfficeAuth, Session } from './auth.ts';
import { serveTile } from './map/tiles.ts';
import { exportDatasets, renderExport, type ExportDataset } from './export-tables.ts';

export const sessionCookie = 'lianxin_office';
export const csrfHeader = 'x-csrf-token';
export const loginPage = '/office/login.html';

export interface OfficeHttpOptions extends HttpGuardOptions {
  deps: OfficeApiDeps;
  auth: OfficeAuth;
  /** Pushed to signed-in pages (server-sent events). */
  live: Emitter<OfficeLiveEvent>;
  host: string;
  port: number;
  staticDir: string;
  /** Adds `Secure` to the session cookie (behind TLS). */
  secureCookie?: boolean;
  /** Proxies whose X-Forwarded-For names the client (config office.trustedProxies). */
  trustedProxies?: readonly string[];
}

/**
 * Who is signing in, for login throttling: the connecting address, or behind a trusted proxy the
 * nearest address in X-Forwarded-For that is not itself one of the proxies (a client can put
 * anything at the start of that header, so it is read from the end).
 */
export function clientAddress(req: IncomingMessage, trustedProxies: readonly string[] = []): string {
  const direct = (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
  if (!trustedProxies.includes(direct)) return direct;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((h) => h.trim()).filter((h) => h !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trustedProxies.includes(hops[i]!)) return hops[i]!;
  }
  return direct;
}

/** Reachable without a session: the login page, its API, and the built scripts and styles (no data). */
function isPublic(pathname: string): boolean {
  return pathname === loginPage || pathname.startsWith('/assets/') || pathname === '/auth/login' || pathname === '/favicon.ico';
}

const loginInput = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
const day = /^\d{4}-\d{2}-\d{2}$/;

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function sameToken(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The office's HTTP layer: every page, API call, event stream and export needs a signed-in staff
 * session (HTTP-only SameSite=Strict cookie); every POST also needs the session's CSRF token in a
 * header. Built on the same helpers as the onboard host, which has no users.
 */
export async function startOfficeHttp(options: OfficeHttpOptions): Promise<RunningHost> {
  checkBind('office http', options, options.port);
  const staticRoot = resolve(options.staticDir);
  const streams = new EventStreams(options.live);
  const { auth } = options;
  const scheme = options.scheme ?? (options.secureCookie ? 'https' : 'http');

  const cookie = (value: string, maxAgeS: number) =>
    `${sessionCookie}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${options.secureCookie ? '; Secure' : ''}`;

  const server = createGuardedServer('office http', handle, options);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://office');
    const method = req.method ?? 'GET';
    if (method === 'POST' && !isSameOrigin(req, scheme)) return send(res, 403, { error: { code: 'origin', message: 'cross-origin request refused' } });
    if (url.pathname === '/auth/login' && method === 'POST') return login(req, res);
    if (isPublic(url.pathname)) {
      if (method !== 'GET' && method !== 'HEAD') return send(res, 405, { error: { code: 'method', message: 'GET only' } });
      return serveFile(staticRoot, url.pathname, res);
    }
    const token = cookieValue(req, sessionCookie);
    const session = auth.session(token);
    if (!session) {
      if (method === 'GET' && (req.headers.accept ?? '').includes('text/html')) {
        res.writeHead(302, { Location: loginPage, 'Cache-Control': 'no-store' });
        return void res.end();
      }
      return send(res, 401, { error: { code: 'unauthenticated', message: 'sign in first' } });
    }
    if (method === 'POST' && !sameToken(req.headers[csrfHeader] as string | undefined, session.csrf)) {
      return send(res, 403, { error: { code: 'csrf', message: 'missing or wrong CSRF token' } });
    }
    if (url.pathname === '/auth/session' && method === 'GET') return send(res, 200, { user: session.user, csrf: session.csrf });
    if (url.pathname === '/auth/logout' && method === 'POST') {
      auth.logout(token!);
      auth.audit(session.user.username, 'logout', null, {});
      return send(res, 200, { ok: true }, { 'Set-Cookie': cookie('', 0) });
    }
    if (url.pathname === '/api/events' && method === 'GET') return streams.open(res);
    if (url.pathname.startsWith('/api/')) return callMethod(req, res, url.pathname.slice('/api/'.length), session);
    if (url.pathname.startsWith('/export/') && method === 'GET') return exportFile(url, res, session);
    if (url.pathname.startsWith('/tiles/') && method === 'GET') return serveTile(options.deps.map, url.pathname, res);
    if (method !== 'GET' && method !== 'HEAD') return send(res, 405, { error: { code: 'method', message: 'GET only' } });
    if (url.pathname === '/') {
      res.writeHead(302, { Location: '/office/' });
      return void res.end();
    }
    return serveFile(staticRoot, url.pathname, res);
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, 4096);
    if (body === null) return sendTooLarge(req, res, 4096);
    let input: unknown;
    try {
      input = body ? JSON.parse(body) : undefined;
    } catch {
      return send(res, 400, { error: { code: 'bad-json', message: 'request body is not JSON' } });
    }
    const parsed = loginInput.safeParse(input);
    if (!parsed.success) return send(res, 400, { error: { code: 'bad-input', message: 'user name and password are required' } });
    const result = auth.login(parsed.data.username, parsed.data.password, clientAddress(req, options.trustedProxies));
    if (!result.ok) return send(res, result.error.code === 'invalid' ? 401 : 429, { error: result.error });
    const maxAge = Math.round((new Date(result.value.session.expiresAt).getTime() - Date.now()) / 1000);
    send(res, 200, { user: result.value.session.user, csrf: result.value.session.csrf }, { 'Set-Cookie': cookie(result.value.token, maxAge) });
  }

  async function callMethod(req: IncomingMessage, res: ServerResponse, name: string, session: Session): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, { error: { code: 'method', message: 'use POST' } });
    const api = buildOfficeApi(options.deps, session);
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name) || !Object.hasOwn(api, name)) {
      return send(res, 404, { error: { code: 'unknown-method', message: `no API method "${name}"` } });
    }
    const body = await readBody(req, 1024 * 1024);
    if (body === null) return sendTooLarge(req, res, 1024 * 1024);
    let input: unknown;
    try {
      input = body.length === 0 ? undefined : JSON.parse(body);
    } catch {
      return send(res, 400, { error: { code: 'bad-json', message: 'request body is not JSON' } });
    }
    const value = await (api[name as keyof typeof api] as (input: unknown) => Promise<unknown>)(input);
    send(res, 200, value === undefined ? null : value);
  }

  async function exportFile(url: URL, res: ServerResponse, session: Session): Promise<void> {
    const match = /^\/export\/([a-z]+)\.(csv|xlsx)$/.exec(url.pathname);
    const from = url.searchParams.get('from') ?? '';
    const to = url.searchParams.get('to') ?? '';
    if (!match || !(exportDatasets as readonly string[]).includes(match[1]!) || !day.test(from) || !day.test(to)) {
      return send(res, 400, { error: { code: 'bad-export', message: `use /export/{${exportDatasets.join('|')}}.{csv|xlsx}?from=YYYY-MM-DD&to=YYYY-MM-DD` } });
    }
    const dataset = match[1] as ExportDataset;
    const format = match[2] as 'csv' | 'xlsx';
    const reveal = url.searchParams.get('reveal') === '1' && session.user.canUnmask;
    await options.deps.projector.catchUpLogged();
    const names = options.deps.itemNames;
    const rendered = renderExport(options.deps.queries, dataset, { from, to }, reveal, (id) => names[id] ?? id);
    auth.audit(session.user.username, 'export', `${dataset}.${format}`, { from, to, reveal, rows: rendered.rows });
    const data = format === 'csv' ? rendered.csv() : await rendered.xlsx();
    const filename = `${dataset}-${from}-${to}.${format}`;
    res.writeHead(200, {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Length': data.length,
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(data);
  }

  return listen(server, options.host, options.port, streams);
}
