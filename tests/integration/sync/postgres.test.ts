/**
 * A fleet's office on PostgreSQL: two receiver processes (two lanes each, one shared MQTT 5
 * subscription) write one PostgreSQL ledger started by the test; the server is SIGKILLed and
 * restarted mid-stream; then `lianxin office export` reads the same ledger.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { enqueueTestLoad } from '../../../src/sync/test-load.ts';
import { startPostgres } from '../../helpers/postgres.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { runChild } from './children.ts';
import { compare, openBusStore, startBroker, startUplink } from './rig.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

describe('office ledger on PostgreSQL, end to end (real mosquitto, real PostgreSQL)', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('two receivers bring 6,000 events exactly once through a SIGKILL of PostgreSQL, and the office exports them', async () => {
    const server = await startPostgres();
    cleanups.push(() => server.stop());
    const databaseUrl = await server.freshDatabase();
    const broker = await startBroker(dir.path);
    cleanups.push(() => broker.stop());
    const offices = ['office-1', 'office-2'].map((id) => runChild('./office-child.ts', [join(dir.path, `${id}.db`), broker.url, '2', databaseUrl, id]));
    cleanups.push(async () => void (await Promise.all(offices.map((o) => o.kill()))));
    await Promise.all(offices.map((o) => o.waitForLine('ready', 30_000)));

    const bus = openBusStore(join(dir.path, 'bus.db'));
    cleanups.push(() => bus.close());
    unwrap(await enqueueTestLoad(bus, systemClock, { events: 6000, pauseMs: 0 }));
    const expected = new Map(bus.db.prepare('SELECT seq, id FROM outbox ORDER BY seq').raw().all() as [number, string][]);
    const reader = new pg.Client({ connectionString: databaseUrl });
    const held = async () => {
      try {
        return (await reader.query<{ seq: string; id: string }>("SELECT seq, id FROM event WHERE bus_id = 'bus-a'")).rows.map((r) => ({ seq: Number(r.seq), id: r.id }));
      } catch {
        return null;
      }
    };
    await reader.connect();
    const uplink = startUplink(bus, broker.url);
    cleanups.push(() => uplink.stop());

    await waitFor(async () => ((await held())?.length ?? 0) >= 1000, 'the first thousand events in PostgreSQL', 30_000, 20);
    await reader.end();
    server.kill();
    await server.restart();
    const after = new pg.Client({ connectionString: databaseUrl });
    await after.connect();
    cleanups.push(() => after.end());
    const rows = async () => (await after.query<{ seq: string; id: string }>("SELECT seq, id FROM event WHERE bus_id = 'bus-a'")).rows.map((r) => ({ seq: Number(r.seq), id: r.id }));

    await waitFor(() => uplink.status().backlog === 0, 'the outbox to be acknowledged end to end after the restart', 90_000, 50);
    expect(compare(expected, await rows())).toEqual({ missing: 0, duplicates: 0, wrongId: 0, extra: 0 });
    const ack = await after.query<{ committed_seq: string }>("SELECT committed_seq FROM bus WHERE bus_id = 'bus-a'");
    expect(Number(ack.rows[0]!.committed_seq)).toBe(6000);
    // Neither receiver died while its database was gone.
    expect(offices.map((o) => o.proc.exitCode)).toEqual([null, null]);

    const config = join(dir.path, 'office.json');
    writeFileSync(config, JSON.stringify({ office: { dataDir: join(dir.path, 'export'), database: { url: databaseUrl } } }));
    const cli = (...args: string[]) => promisify(execFile)(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/cli/main.ts'), 'office', 'export', '--config', config, ...args], { maxBuffer: 64 << 20 });
    const jsonl = await cli('--kind', 'diagnostic', '--format', 'jsonl');
    const lines = jsonl.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; id: string; kind: string; payload: { index: number } });
    expect(lines.map((l) => l.seq)).toEqual([...expected.keys()]);
    expect(lines.every((l) => l.kind === 'diagnostic' && expected.get(l.seq) === l.id)).toBe(true);
    expect(jsonl.stderr).toContain('6000 event(s) of kind diagnostic (postgres ledger)');
    const csv = await cli('--kind', 'diagnostic', '--format', 'csv', '--out', join(dir.path, 'diagnostic.csv'));
    expect(csv.stdout).toBe('');
    const text = readFileSync(join(dir.path, 'diagnostic.csv'));
    expect([...text.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csvLines = text.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(csvLines[0]).toMatch(/^busId,seq,id,kind,at,receivedAt,payload\.\w+/);
    expect(csvLines).toHaveLength(6001);
  }, 180_000);
});
