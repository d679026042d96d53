import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { checkBind, isSameOrigin, type HttpGuardOptions } from './http-guard.ts';
import { createGuardedServer, EventStreams, listen, readBody, send, sendTooLarge, serveFile, type LiveSource, type RunningHost } from './http-helpers.ts';

export type { LiveSource, RunningHost } from './http-helpers.ts';

/** Any object of async methods taking one JSON input: the onboard API or the office API. */
export type MethodTable = Record<string, (input: never) => unknown>;

/** One screen's reach: its methods, and what it hears of each live event (null: nothing). */
export interface Surface {
  methods: MethodTable;
  events?: (event: unknown) => unknown;
}

export interface HostOptions extends HttpGuardOptions {
  /** By screen name: served as /api/<name>/<method> and /api/<name>/events. */
  surfaces: Record<string, Surface>;
  /** Anything with `on(listener)`: each event goes to each open stream as its surface projects it. */
  live: LiveSource;
  host: string;
  port: number;
  /** Built renderer files (dist/renderer); pages are served from here. */
  staticDir: string;
  /** Where `/` sends a browser. */
  home: string;
  maxBodyBytes?: number;
}

const namePattern = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * The headless host: per screen the same methods Electron's IPC router allows that screen, as
 * `POST /api/<screen>/<method>` JSON plus `GET /api/<screen>/events` (server-sent events), and the
 * screens' static files. Loopback by default.
 */
export async function startHttpHost(options: HostOptions): Promise<RunningHost> {
  checkBind('host', options, options.port);
  const staticRoot = resolve(options.staticDir);
  const streams = new EventStreams(options.live);
  const maxBody = options.maxBodyBytes ?? 256 * 1024;

  const server = createGuardedServer('host', handle, options);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://host');
    const apiPath = /^\/api\/([^/]*)\/([^/]*)$/.exec(url.pathname);
    if (apiPath) {
      const [, screen = '', name = ''] = apiPath;
      const surface = Object.hasOwn(options.surfaces, screen) ? options.surfaces[screen] : undefined;
      if (!surface) return send(res, 404, { error: { code: 'unknown-screen', message: `no screen "${screen}"` } });
      if (name === 'events' && req.method === 'GET') return streams.open(res, surface.events);
      return callMethod(req, res, surface, screen, name);
    }
    if (url.pathname.startsWith('/api/')) return send(res, 404, { error: { code: 'unknown-method', message: 'use /api/<screen>/<method>' } });
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: { code: 'method', message: 'GET only' } });
    if (url.pathname === '/') {
      res.writeHead(302, { Location: options.home });
      return void res.end();
    }
    return serveFile(staticRoot, url.pathname, res);
  }

  async function callMethod(req: IncomingMessage, res: ServerResponse, surface: Surface, screen: string, name: string): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, { error: { code: 'method', message: 'use POST' } });
    if (!isSameOrigin(req, options.scheme)) return send(res, 403, { error: { code: 'origin', message: 'cross-origin call refused' } });
    if (!namePattern.test(name) || !Object.hasOwn(surface.methods, name)) {
      return send(res, 404, { error: { code: 'unknown-method', message: `the ${screen} screen has no API method "${name}"` } });
    }
    const body = await readBody(req, maxBody);
    if (body === null) return sendTooLarge(req, res, maxBody);
    let input: unknown;
    try {
      input = body.length === 0 ? undefined : JSON.parse(body);
    } catch {
      return send(res, 400, { error: { code: 'bad-json', message: 'request body is not JSON' } });
    }
    const method = surface.methods[name] as (input: unknown) => unknown;
    const value = await method(input);
    send(res, 200, value === undefined ? null : value);
  }

  return listen(server, options.host, options.port, streams);
}
