import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { delays } from '../../../src/core/delays.ts';
import { Emitter } from '../../../src/core/emitter.ts';
import { unwrap } from '../../../src/core/result.ts';
import { createGuardedServer } from '../../../src/host/http-helpers.ts';
import { startHttpHost, type RunningHost } from '../../../src/host/http-server.ts';
import { officeParts, type OfficeLiveEvent } from '../../../src/office/app.ts';
import { startOfficeHttp } from '../../../src/office/http.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import { rawRequest } from '../../helpers/raw-http.ts';
import { tempDir } from '../../helpers/temp.ts';

/** Short timeouts so a slow client is cut off within the test; the product's are in `delays`. */
const timeouts = { headersMs: 400, requestMs: 800, checkMs: 50 };

/**
 * Both hosts as hostile clients meet them: a rebinding page's Host header, a cross-scheme Origin,
 * a huge declared or streamed body, a request dribbled out to hold a socket.
 */
describe.each(['onboard', 'office'] as const)('%s HTTP host hardening', (which) => {
  const dir = tempDir();
  const calls: unknown[] = [];
  let host: RunningHost;
  let store: OfficeStore | null = null;
  /** A POST that reaches a method: the onboard's resident surface, the office's login. */
  let path: string;

  beforeAll(async () => {
    if (which === 'onboard') {
      const methods = { echo: async (input: unknown) => (calls.push(input), { ok: true }) };
      host = await startHttpHost({ surfaces: { resident: { methods } }, live: new Emitter(), host: '127.0.0.1', port: 0, staticDir: dir.path, home: '/', hostNames: ['bus-07.lan'], timeouts });
      path = '/api/resident/echo';
    } else {
      const clock = new ManualClock(new Date());
      store = unwrap(await OfficeStore.open(join(dir.path, 'office.db'), clock));
      const parts = officeParts(store, clock, { publishCaseUpdate: async () => unwrap({ ok: true, value: null }), publishContent: async () => unwrap({ ok: true, value: null }) } as never, null, null);
      host = await startOfficeHttp({ deps: parts.deps, auth: parts.auth, live: new Emitter<OfficeLiveEvent>(), host: '127.0.0.1', port: 0, staticDir: dir.path, hostNames: ['bus-07.lan'], timeouts });
      path = '/auth/login';
    }
  });
  afterAll(async () => {
    await host.close();
    await store?.close();
    dir.cleanup();
  });

  const port = () => new URL(host.url).port;
  const post = (hostHeader: string, body: string, extra = '') =>
    `POST ${path} HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`;

  it('refuses a Host header that is not loopback or a configured name (DNS rebinding)', async () => {
    for (const hostile of [`evil.example:${port()}`, `127.0.0.1.evil.example`, `bus-07.lan.evil.example`, `user@127.0.0.1:${port()}`, '']) {
      const answer = await rawRequest(host.url, [post(hostile, '{}')]);
      expect(answer.status, hostile).toBe(421);
    }
    for (const good of [`127.0.0.1:${port()}`, `localhost:${port()}`, `bus-07.lan:${port()}`, `BUS-07.LAN`]) {
      const answer = await rawRequest(host.url, [post(good, '{}')]);
      expect([200, 400], good).toContain(answer.status);
    }
    const page = await rawRequest(host.url, [`GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n`]);
    expect(page.status).toBe(421);
  });

  it('compares the Origin with scheme, host and port', async () => {
    const origin = (o: string) => rawRequest(host.url, [post(`127.0.0.1:${port()}`, '{}', `Origin: ${o}\r\n`)]);
    expect((await origin(`https://127.0.0.1:${port()}`)).status).toBe(403);
    expect((await origin(`http://127.0.0.1:${Number(port()) + 1}`)).status).toBe(403);
    expect((await origin('null')).status).toBe(403);
    expect((await origin(`http://127.0.0.1:${port()}`)).status).not.toBe(403);
  });

  it('refuses an over-limit body from its Content-Length before reading it, and closes the connection', async () => {
    const before = calls.length;
    const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n`;
    // Only the headers are sent: the 413 must come without waiting for the 50 MB.
    const answer = await rawRequest(host.url, [head], { waitMs: 2000 });
    expect(answer.status).toBe(413);
    expect(answer.closedByServer).toBe(true);
    expect(calls.length).toBe(before);
  });

  it('stops reading a chunked body at the cap and closes the connection', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const piece = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    // 64 × 64 KiB = 4 MiB offered, over both hosts' caps; the server hangs up long before the end.
    const answer = await rawRequest(host.url, [head, ...Array.from({ length: 64 }, () => piece)], { gapMs: 5, waitMs: 3000 });
    expect(answer.status).toBe(413);
    expect(answer.closedByServer).toBe(true);
  });

  it('closes a slow half-sent request: headers never finished, or a body never finished', async () => {
    const started = Date.now();
    const headers = await rawRequest(host.url, [`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\n`, 'X-Slow: 1\r\n'], { gapMs: 100, waitMs: 5000 });
    expect(headers.closedByServer).toBe(true);
    expect(Date.now() - started).toBeLessThan(4000);
    const body = await rawRequest(host.url, [post(`127.0.0.1:${port()}`, '').replace('Content-Length: 0', 'Content-Length: 100'), '{"a":'], { gapMs: 100, waitMs: 5000 });
    expect(body.closedByServer).toBe(true);
    expect(body.status === null || body.status === 408).toBe(true);
  });
});

describe('HTTP bind and timeouts as configured', () => {
  it('refuses a non-loopback bind in the config unless http.allowRemote is set', () => {
    const refused = configSchema.safeParse({ http: { host: '0.0.0.0' } });
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.error?.issues)).toContain('allowRemote');
    expect(configSchema.safeParse({ office: { http: { host: '192.168.1.20' } } }).success).toBe(false);
    expect(configSchema.parse({ http: { host: '0.0.0.0', allowRemote: true } }).http.allowRemote).toBe(true);
    expect(configSchema.parse({ http: { host: '::1' } }).http.host).toBe('::1');
  });

  it('the hosts refuse a non-loopback bind without allowRemote, and warn loudly with it', async () => {
    const dir = tempDir();
    const options = { surfaces: {}, live: new Emitter(), port: 0, staticDir: dir.path, home: '/' };
    await expect(startHttpHost({ ...options, host: '0.0.0.0' })).rejects.toThrow(/allowRemote/);
    const warned: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void warned.push(args.join(' '));
    try {
      const open = await startHttpHost({ ...options, host: '0.0.0.0', allowRemote: true });
      await open.close();
    } finally {
      console.warn = original;
    }
    expect(warned.join('\n')).toMatch(/!!! host: listening on 0\.0\.0\.0:\d+, reachable from the network/);
    dir.cleanup();
  });

  it('servers are built with the product timeouts by default', () => {
    const server = createGuardedServer('t', async () => {}, { host: '127.0.0.1' });
    expect(server.headersTimeout).toBe(delays.httpHeadersTimeoutMs);
    expect(server.requestTimeout).toBe(delays.httpRequestTimeoutMs);
    expect(delays.httpHeadersTimeoutMs).toBeLessThan(60_000);
  });
});
