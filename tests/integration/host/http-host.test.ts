import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emitter } from '../../../src/core/emitter.ts';
import { startHttpHost, type RunningHost } from '../../../src/host/http-server.ts';
import { openEventStream } from '../../helpers/event-stream.ts';
import { tempDir } from '../../helpers/temp.ts';

describe('headless host', () => {
  const dir = tempDir();
  const live = new Emitter<unknown>();
  const calls: unknown[] = [];
  let host: RunningHost;
  const api = {
    async echo(input: unknown) {
      calls.push(input);
      return { got: input };
    },
    async fails() {
      return { ok: false, error: { code: 'nope', message: 'expected failure' } };
    },
  };

  beforeAll(async () => {
    mkdirSync(join(dir.path, 'resident'), { recursive: true });
    writeFileSync(join(dir.path, 'resident', 'index.html'), '<!doctype html><title>resident</title>');
    writeFileSync(join(dir.path, 'secret.txt'), 'inside');
    host = await startHttpHost({
      surfaces: { resident: { methods: api, events: (e) => ((e as { type: string }).type === 'secret' ? null : e) }, driver: { methods: { tally: async () => 1 } } },
      live, host: '127.0.0.1', port: 0, staticDir: dir.path,
      home: '/resident/',
    });
  });
  afterAll(async () => {
    await host.close();
    dir.cleanup();
  });

  const post = (method: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${host.url}/api/resident/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('binds to loopback', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('round-trips a method call as JSON, and expected failures as values', async () => {
    const res = await post('echo', { text: '你好', n: 3 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: { text: '你好', n: 3 } });
    expect(await (await post('fails')).json()).toEqual({ ok: false, error: { code: 'nope', message: 'expected failure' } });
  });

  it('refuses unknown and inherited methods, bad JSON, oversize bodies and foreign origins', async () => {
    expect((await post('nothing')).status).toBe(404);
    expect((await post('constructor')).status).toBe(404);
    expect((await post('toString')).status).toBe(404);
    const bad = await fetch(`${host.url}/api/resident/echo`, { method: 'POST', body: '{nope' });
    expect(bad.status).toBe(400);
    expect((await post('echo', { big: 'x'.repeat(300 * 1024) })).status).toBe(413);
    expect((await post('echo', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await fetch(`${host.url}/api/resident/echo`)).status).toBe(405);
  });

  it('serves each screen its own methods only: another screen\'s method, an unknown screen and the old flat path are refused', async () => {
    expect((await post('tally')).status).toBe(404);
    const driver = await fetch(`${host.url}/api/driver/tally`, { method: 'POST' });
    expect(await driver.json()).toBe(1);
    expect((await fetch(`${host.url}/api/driver/echo`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${host.url}/api/office/echo`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${host.url}/api/constructor/echo`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${host.url}/api/echo`, { method: 'POST' })).status).toBe(404);
    expect(calls).toHaveLength(1);
  });

  it('streams to each screen the live events its projection lets through', async () => {
    const stream = await openEventStream(`${host.url}/api/resident/events`);
    expect(stream.res.headers.get('content-type')).toContain('text/event-stream');
    live.emit({ type: 'secret', value: 'not for residents' });
    live.emit({ type: 'trip', event: { type: 'arrived', stopId: 'S1' } });
    await stream.readUntil('"arrived"');
    expect(stream.text).not.toContain('not for residents');
    expect(stream.text).toContain('data: {"type":"trip","event":{"type":"arrived","stopId":"S1"}}');
    await stream.close();
  });

  it('serves pages with a CSP and never a file outside the static root', async () => {
    const home = await fetch(`${host.url}/`, { redirect: 'manual' });
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/resident/');
    const page = await fetch(`${host.url}/resident/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>resident</title>');
    expect((await fetch(`${host.url}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await fetch(`${host.url}/resident/..%2f..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });
});
