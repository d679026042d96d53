import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { delays } from '../core/delays.ts';
import { defaultTimeouts, hostAllowed, type HttpGuardOptions } from './http-guard.ts';

/** Request and response pieces shared by the headless host and the office host. */

export const mime: Record<string, string> = {
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

export const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export { isSameOrigin } from './http-guard.ts';

/**
 * The body as text, or null when it is over `limit` bytes: a declared Content-Length over it is
 * refused before a byte is read, and a body that grows past it (chunked, or lying) stops being read
 * there. Answer null with `sendTooLarge`, which closes the connection on the rest.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (!Number.isFinite(declared) || declared > limit) return Promise.resolve(null);
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolveBody(null);
    };
    req.on('data', onData);
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** 413, then the socket is closed: the rest of the body is never read. */
export function sendTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  res.on('finish', () => req.socket.destroy());
  send(res, 413, { error: { code: 'too-large', message: `request body over ${limit} bytes` } }, { Connection: 'close' });
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...securityHeaders,
    ...headers,
  });
  res.end(text);
}

/**
 * An HTTP server whose handler may fail: the failure is logged under `label` and the client gets
 * a plain 500 (or the end of a response already started), never the error's detail. A request
 * naming a host other than ours is refused (421) before the handler sees it; a client too slow
 * to send its headers or its whole request is cut off.
 */
export function createGuardedServer(label: string, handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>, guard: HttpGuardOptions): Server {
  const timeouts = guard.timeouts ?? defaultTimeouts;
  const allowed = hostAllowed(guard);
  const server = createServer({ headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, connectionsCheckingInterval: timeouts.checkMs }, (req, res) => {
    if (!allowed(req)) {
      return send(res, 421, { error: { code: 'host', message: 'this host name is not served here' } }, { Connection: 'close' });
    }
    handle(req, res).catch((error: unknown) => {
      console.error(`${label}: request failed:`, error instanceof Error ? error.message : error);
      if (!res.headersSent) send(res, 500, { error: { code: 'internal', message: 'internal error' } });
      else res.end();
    });
  });
  return server;
}

/** A file under `staticRoot` (a folder gives its index.html); never anything outside it. */

export function serveFile(staticRoot: string, pathname: string, res: ServerResponse): void {
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

/** Anything events can be heard from (an Emitter of any event type). */
export interface LiveSource {
  on(listener: (event: unknown) => void): () => void;
}

export interface RunningHost {
  url: string;
  close(): Promise<void>;
}

/**
 * Server-sent events: each event of `live` goes to each open stream as that stream's projection
 * makes it (a screen hears only its own events), with a heartbeat so proxies keep them open.
 */
export class EventStreams {
  private readonly streams = new Map<ServerResponse, ((event: unknown) => unknown) | undefined>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(live: LiveSource) {
    this.unsubscribe = live.on((event) => {
      // One serialisation per projection, however many streams share it.
      const frames = new Map<((event: unknown) => unknown) | undefined, string | null>();
      for (const [res, project] of this.streams) {
        if (!frames.has(project)) {
          const shown = project ? project(event) : event;
          frames.set(project, shown === null || shown === undefined ? null : `data: ${JSON.stringify(shown)}\n\n`);
        }
        const frame = frames.get(project);
        if (frame) res.write(frame);
      }
    });
    this.heartbeat = setInterval(() => {
      for (const res of this.streams.keys()) res.write(': keep-alive\n\n');
    }, delays.eventStreamHeartbeatMs);
    this.heartbeat.unref();
  }

  /** `project` turns an event into what this stream may see (null: nothing); none sends it as it is. */
  open(res: ServerResponse, project?: (event: unknown) => unknown): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      ...securityHeaders,
    });
    res.write(': connected\n\n');
    this.streams.set(res, project);
    res.on('close', () => this.streams.delete(res));
  }

  close(): void {
    this.unsubscribe();
    clearInterval(this.heartbeat);
    for (const res of this.streams.keys()) res.end();
    this.streams.clear();
  }
}

/** Listens on host:port; closing ends the event streams and every open connection. */
export async function listen(server: Server, host: string, port: number, streams: EventStreams): Promise<RunningHost> {
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: async () => {
      streams.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
