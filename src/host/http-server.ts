import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { delays } from '../core/delays.ts';
import type { Emitter } from '../core/emitter.ts';

/** Any object of async methods taking one JSON input: the onboard API or the office API. */
export type MethodTable = Record<string, (input: never) => unknown>;

export interface HostOptions {
  api: MethodTable;
  live: Emitter<unknown>;
  host: string;
  port: number;
  /** Built renderer files (dist/renderer); pages are served from here. */
  staticDir: string;
  /** Where `/` sends a browser. */
  home: string;
  maxBodyBytes?: number;
}

export interface RunningHost {
  url: string;
  close(): Promise<void>;
}

const mime: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * The headless host: the same API object Electron serves over IPC, as `POST /api/<method>` JSON,
 * plus `GET /api/events` (server-sent events) and the screens' static files. Loopback by default.
 */
export async function startHttpHost(options: HostOptions): Promise<RunningHost> {
  const staticRoot = resolve(options.staticDir);
  const streams = new Set<ServerResponse>();
  const unsubscribe = options.live.on((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of streams) res.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, delays.eventStreamHeartbeatMs);
  heartbeat.unref();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('host: request failed:', error instanceof Error ? error.message : error);
      if (!res.headersSent) send(res, 500, { error: { code: 'internal', message: 'internal error' } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://host');
    if (url.pathname === '/api/events' && req.method === 'GET') return openStream(res);
    if (url.pathname.startsWith('/api/')) return callMethod(req, res, url.pathname.slice('/api/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: { code: 'method', message: 'GET only' } });
    if (url.pathname === '/') {
      res.writeHead(302, { Location: options.home });
      return void res.end();
    }
    return serveFile(url.pathname, res);
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

  function openStream(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      ...securityHeaders,
    });
    res.write(': connected\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  function serveFile(pathname: string, res: ServerResponse): void {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, { error: { code: 'bad-path', message: 'bad path' } });
    }
    let file = normalize(join(staticRoot, decoded));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) return send(res, 404, { error: { code: 'not-found', message: 'not found' } });
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = statSync(file).size;
      res.writeHead(200, {
        'Content-Type': mime[extname(file)] ?? 'application/octet-stream',
        'Content-Length': size,
        'Cache-Control': extname(file) === '.html' ? 'no-store' : 'max-age=3600',
        ...securityHeaders,
      });
      createReadStream(file).pipe(res);
    } catch {
      send(res, 404, { error: { code: 'not-found', message: `not found: ${decoded}` } });
    }
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: async () => {
      unsubscribe();
      clearInterval(heartbeat);
      for (const res of streams) res.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** Browsers send Origin on cross-site POSTs; a page from elsewhere must not drive the bus. */
function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolveBody(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...securityHeaders,
  });
  res.end(text);
}
