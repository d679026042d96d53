/**
 * A deployment's link checked end to end as an operator would: `lianxin sync test-load` run as its
 * own process beside a running bus (its uplink already idle after draining), the bus's uplink
 * drains the rows through a real mosquitto to the office, whose `lianxin office export` lists them,
 * and `lianxin sync status` shows the backlog gone and the link state the running bus reports.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeGpsSource } from '../../../hardware/gps/fake.ts';
import { systemApi } from '../../../src/api/areas/system.ts';
import type { ApiDeps } from '../../../src/api/deps.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { Emitter } from '../../../src/core/emitter.ts';
import { unwrap } from '../../../src/core/result.ts';
import { startHttpHost } from '../../../src/host/http-server.ts';
import { testLoadKind, type TestLoadPayload } from '../../../src/sync/test-load.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { fillOutbox, openBusStore, startBroker, startReceiver, startUplink } from './rig.ts';
import { runCli } from '../../helpers/cli-io.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

const cli = (args: string[]) => runCli(args);

describe('sync test-load end to end against a real mosquitto', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('a running uplink drains the events another process enqueued into the office, exactly once', async () => {
    const broker = await startBroker(dir.path);
    const officePath = join(dir.path, 'office.db');
    const office = await startReceiver(officePath, broker.url);
    const bus = openBusStore(join(dir.path, 'data', 'bus.db'));
    // The bus's own records go first: the uplink then sits idle, its drain cursor past them.
    fillOutbox(bus, 200);
    const uplink = startUplink(bus, broker.url);
    const configPath = join(dir.path, 'config.json');
    const host = await startHttpHost({
      surfaces: { driver: { methods: systemApi({ config: unwrap(loadConfig(undefined, { LIANXIN_BUS_ID: 'bus-a' })), gps: new FakeGpsSource(), uplink, clock: systemClock, store: bus } as unknown as ApiDeps) } },
      live: new Emitter(),
      host: '127.0.0.1',
      port: 0,
      staticDir: dir.path,
      home: '/',
    });
    try {
      await waitFor(() => uplink.status().ackedSeq === 200 && uplink.status().backlog === 0, 'the bus records to be acknowledged');
      const port = Number(new URL(host.url).port);
      // One config for both sides here: the bus's dataDir and HTTP port, the office's database.
      writeFileSync(configPath, JSON.stringify({ busId: 'bus-a', dataDir: join(dir.path, 'data'), http: { port }, office: { dataDir: dir.path } }));

      const { stdout } = await promisify(execFile)(join(root, 'node_modules/.bin/tsx'), ['src/cli/main.ts', 'sync', 'test-load', '--config', configPath, '--events', '3000'], {
        cwd: root,
        env: { PATH: process.env.PATH },
      });
      const summary = JSON.parse(stdout) as { runId: string; events: number; firstSeq: number; lastSeq: number };
      expect(summary).toMatchObject({ events: 3000, firstSeq: 201, lastSeq: 3200 });

      await waitFor(() => uplink.status().ackedSeq === 3200 && uplink.status().backlog === 0, 'the office to acknowledge the test load', 20_000);
      // The office's export of the kind, as docs/protocol.md tells an operator to count a run.
      const exported = await cli(['office', 'export', '--kind', testLoadKind, '--format', 'jsonl', '--bus', 'bus-a', '--config', configPath]);
      expect(exported).toMatchObject({ code: 0, stderr: expect.stringContaining('3000 event(s)') });
      const rows = exported.stdout.trim().split('\n').map((line) => JSON.parse(line) as { seq: number; kind: string; payload: TestLoadPayload });
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 3000 }, (_, i) => 201 + i));
      const payloads = rows.map((r) => r.payload);
      expect(payloads.map((p) => p.index)).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
      expect(new Set(payloads.map((p) => `${p.runId}/${p.of}`))).toEqual(new Set([`${summary.runId}/3000`]));

      const status = await cli(['sync', 'status', '--config', configPath]);
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({
        backlog: 0,
        lastSeq: 3200,
        ackedSeq: 3200,
        link: 'online',
        linkSource: `the running bus at http://127.0.0.1:${port}`,
        running: { link: 'online', backlog: 0, ackedSeq: 3200, lastSeq: 3200 },
      });
    } finally {
      await host.close();
      await uplink.stop();
      bus.close();
      await office.receiver.stop();
      await office.store.close();
      await broker.stop();
    }
  });
});
