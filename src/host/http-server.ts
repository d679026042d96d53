import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { createGuardedServer, EventStreams, isSameOrigin, listen, readBody, send, serveFile, type LiveSource, type RunningHost } from './http-helpers.ts';

export type { LiveSource, RunningHost } from './http-helpers.ts';

/** Any object of async methods taking one JSON input: the onboard API or the office API. */
export type MethodTable = Record<string, (input: never) => unknown>;

export interface HostOptions {
  api: MethodTable;
  /** Anything with `on(listener)`: every event it emits goes to every open event stream. */
  live: LiveSource;
  host: string;
  port: number;
  /** Built renderer files (dist/renderer); pages are served from here. */
  staticDir: string;
  /** Where `/` sends a browser. */
  home: string;
  maxBodyBytes?: number;
}

/**
 * The headless host: the same API object Electron serves over IPC, as `POST /api/<method>` JSON,
 * plus `GET /api/events` (server-sent events) and the screens' static files. Loopback by default.
 */
export async function startHttpHost(options: HostOptions): Promise<RunningHost> {
  const staticRoot = resolve(options.staticDir);
  const streams = new EventStreams(options.live);

  const server = createGuardedServer('host', handle);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://host');
    if (url.pathname === '/api/events' && req.method === 'GET') return streams.open(res);
    if (url.pathname.startsWith('/api/')) return callMethod(req, res, url.pathname.slice('/api/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: { code: 'method', message: 'GET only' } });
    if (url.pathname === '/') {
      res.writeHead(302, { Location: options.home });
      return void res.end();
    }
    return serveFile(staticRoot, url.pathname, res);
  }

  async function callMethod(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, { error: { code: 'method', message: 'use POST' } });
    if (!isSameOrigin(req)) return send(res, 403, { error: { code: 'origin', message: 'cross-origin call refused' } });
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name) || !Object.hasOwn(options.api, name)) {
      return send(res, 404, { error: { code: 'unknown-method', message: `no API method "${name}"` } });
    }
    const body = await readBody(req, options.maxBodyBytes ?? 256 * 1024);
    if (body === null) return send(res, 413, { error: { code: 'too-large', message: 'request body too large' } });
    let input: unknown;
    try {
      input = body.length === 0 ? undefined : JSON.parse(body);
    } catch {
      return send(res, 400, { error: { code: 'bad-json', message: 'request body is not JSON' } });
    }
    const method = options.api[name] as (input: unknown) => unknown;
    const value = await method(input);
    send(res, 200, value === undefined ? null : value);
  }

  return listen(server, options.host, options.port, streams);
}
