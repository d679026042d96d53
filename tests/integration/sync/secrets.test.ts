/**
 * "Secrets never logged": both ends run with a wrong password against a real mosquitto while
 * everything they write (console, stdout, stderr), the uplink's status, the receiver's refusal and
 * `lianxin sync status` beside the running bus are captured; the password appears in none of it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeGpsSource } from '../../../hardware/gps/fake.ts';
import { systemApi } from '../../../src/api/areas/system.ts';
import type { ApiDeps } from '../../../src/api/deps.ts';
import { main } from '../../../src/cli/main.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { Emitter } from '../../../src/core/emitter.ts';
import { unwrap } from '../../../src/core/result.ts';
import { startHttpHost } from '../../../src/host/http-server.ts';
import { OfficeReceiver } from '../../../src/office/receiver.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import { Uplink } from '../../../src/sync/uplink.ts';
import type { Mosquitto } from '../../helpers/mosquitto.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { fast, fillOutbox, mqttFor, openBusStore, startBroker } from './rig.ts';

const secret = 'Wr0ng-S3cret-7781';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(args, { stdin: new PassThrough().end(), stdout, stderr, env: {}, stopSignal: new Promise(() => {}) });
  return { code, stdout: out, stderr: err };
}

describe('the MQTT password is never logged or shown (real mosquitto)', () => {
  const dir = tempDir();
  let broker: Mosquitto;
  /** Everything written to the console, stdout and stderr during a test. */
  let written: string[] = [];

  beforeEach(async () => {
    broker ??= await startBroker(dir.path);
    written = [];
    const capture = (...parts: unknown[]) => void written.push(parts.map(String).join(' '));
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation(capture);
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
      vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
        capture(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
        return write(chunk, ...rest);
      }) as typeof stream.write);
    }
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    await broker.stop();
    dir.cleanup();
  });

  it('the uplink and the office receiver refused for a wrong password: status, errors and logs', async () => {
    const store = openBusStore(join(dir.path, 'wrong-password-bus.db'));
    fillOutbox(store, 3);
    const uplink = new Uplink({ store, busId: 'bus-a', mqtt: { ...mqttFor(broker.url, 'bus-a'), password: secret }, clock: systemClock, ...fast });
    const statuses: string[] = [];
    uplink.changes.on((status) => statuses.push(JSON.stringify(status)));
    uplink.start();
    const officeStore = unwrap(await OfficeStore.open(join(dir.path, 'wrong-password-office.db'), systemClock));
    const receiver = new OfficeReceiver(officeStore.ledger, { ...mqttFor(broker.url, 'office'), password: secret }, { backoff: fast.backoff });
    try {
      const refusal = await receiver.start().then(
        () => null,
        (error: Error) => `${error.message}\n${error.stack}`,
      );
      expect(refusal).toMatch(/Bad User Name or Password|Not authorized/);
      // Several refused attempts, each a chance to print something.
      await waitFor(() => statuses.filter((s) => s.includes('"link":"connecting"')).length >= 3, 'three refused attempts of the uplink');
      const status = uplink.status();
      expect(status).toMatchObject({ link: 'connecting', unsent: 3, lastError: expect.stringMatching(/Bad User Name or Password|Not authorized/) });
      // The capture works: the receiver's refusal is among what was written.
      expect(written.join('\n')).toMatch(/office receiver: connection lost: .*(Bad User Name or Password|Not authorized)/);
      for (const text of [refusal!, JSON.stringify(status), ...statuses, ...written]) expect(text).not.toContain(secret);
    } finally {
      await uplink.stop();
      store.close();
      await officeStore.close();
    }
  });

  it('lianxin sync status beside a running bus refused for its password shows no password', async () => {
    const dataDir = join(dir.path, 'data');
    const store = openBusStore(join(dataDir, 'bus.db'));
    fillOutbox(store, 2);
    const configPath = join(dir.path, 'config.json');
    const write = (port: number) =>
      writeFileSync(configPath, JSON.stringify({ busId: 'bus-a', dataDir, http: { port }, mqtt: { url: broker.url, username: 'bus-a', password: secret } }));
    write(0);
    const config = unwrap(loadConfig(configPath, {}));
    const uplink = new Uplink({ store, busId: 'bus-a', mqtt: config.mqtt, clock: systemClock, ...fast });
    uplink.start();
    const host = await startHttpHost({
      surfaces: { driver: { methods: systemApi({ config, gps: new FakeGpsSource(), uplink, clock: systemClock, store } as unknown as ApiDeps) } },
      live: new Emitter(),
      host: '127.0.0.1',
      port: 0,
      staticDir: dir.path,
      home: '/',
    });
    try {
      await waitFor(() => uplink.status().lastError, 'the uplink to be refused');
      write(Number(new URL(host.url).port));
      const status = await cli(['sync', 'status', '--config', configPath]);
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({
        backlog: 2,
        link: 'connecting',
        running: { lastError: expect.stringMatching(/Bad User Name or Password|Not authorized/) },
      });
      // The whole systemStatus answer, as the driver screen receives it.
      const answer = await (await fetch(`${host.url}/api/driver/systemStatus`, { method: 'POST' })).text();
      for (const text of [status.stdout, status.stderr, answer, ...written]) expect(text).not.toContain(secret);

      // A config the loader refuses: the error names the place, not the text around it.
      writeFileSync(configPath, `{"busId": "bus-a", "mqtt": {"username": "bus-a", "password": ${secret}}}`);
      const broken = await cli(['sync', 'status', '--config', configPath]);
      expect(broken).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/not valid JSON: Unexpected character at line 1/) });
      writeFileSync(configPath, JSON.stringify({ busId: 'bus-a', mqtt: { url: `mqtts://bus-a:${secret}@127.0.0.1:8883` } }));
      const credentialsInUrl = await cli(['sync', 'status', '--config', configPath]);
      expect(credentialsInUrl).toMatchObject({ code: 1, stderr: expect.stringMatching(/mqtt\.url: must not carry a user or password/) });
      for (const text of [broken.stderr, credentialsInUrl.stderr, ...written]) expect(text).not.toContain(secret);
    } finally {
      await host.close();
      await uplink.stop();
      store.close();
    }
  });
});
