/**
 * `lianxin sync status` and `lianxin sync test-load` on a real SQLite file, beside a store held open
 * as the running bus holds it: figures equal what the store holds, nothing is created or migrated,
 * and seqs stay gap-free while another process appends.
 */
import { wirePayload } from '../../helpers/wire-payloads.ts';
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { busMigrations } from '../../../src/store/migrations/index.ts';
import { openDatabase } from '../../../src/store/open.ts';
import { outboxPriority } from '../../../src/store/outbox.ts';
import { Store } from '../../../src/store/store.ts';
import { enqueueTestLoad, testLoadKind, type TestLoadPayload } from '../../../src/sync/test-load.ts';
import { tempDir } from '../../helpers/temp.ts';
import { runChild } from './children.ts';
import { runCli } from '../../helpers/cli-io.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A bus config in a fresh temp dir; its database is `<dataDir>/bus.db`, not created here. */
function workspace(extra: Record<string, unknown> = {}): { config: string; dataDir: string; dbPath: string } {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  const dataDir = join(dir.path, 'data');
  const config = join(dir.path, 'config.json');
  writeFileSync(config, JSON.stringify({ busId: 'bus-a', dataDir, http: { port: 0 }, ...extra }));
  return { config, dataDir, dbPath: join(dataDir, 'bus.db') };
}

function openBus(path: string): Store {
  const store = unwrap(Store.open(path, systemClock));
  cleanups.push(() => store.close());
  return store;
}

const cli = (args: string[]) => runCli(args);

interface StoredRow {
  seq: number;
  id: string;
  kind: string;
  priority: number;
  payload: string;
}

function outboxRows(store: Store): StoredRow[] {
  return store.db.prepare('SELECT seq, id, kind, priority, payload FROM outbox ORDER BY seq').all() as StoredRow[];
}

describe('lianxin sync status', () => {
  it('refuses a missing database with a clear error and creates nothing', async () => {
    const { config, dataDir } = workspace();
    const result = await cli(['sync', 'status', '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no bus database at .*bus\.db/);
    expect(result.stdout).toBe('');
    expect(existsSync(dataDir)).toBe(false);
  });

  it("refuses another release's schema and leaves it untouched", async () => {
    const { config, dataDir, dbPath } = workspace();
    mkdirSync(dataDir);
    const db = new Database(dbPath);
    db.pragma(`user_version = ${busMigrations.length + 1}`);
    db.close();
    const result = await cli(['sync', 'status', '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('newer than this release knows');
    const after = new Database(dbPath, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(busMigrations.length + 1);
    expect(after.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
    after.close();
  });

  it('prints what the store holds, while the bus holds the write lock', async () => {
    const { config, dbPath } = workspace();
    const bus = openBus(dbPath);
    const at = new Date().toISOString();
    bus.withTransaction(() => {
      for (let i = 0; i < 4; i++) bus.outbox.add({ kind: 'trip', at, payload: wirePayload('trip', i), priority: outboxPriority.trip });
      for (let i = 0; i < 6; i++) bus.outbox.add({ kind: 'count', at, payload: wirePayload('count', i), priority: outboxPriority.count });
    });
    unwrap(await enqueueTestLoad(bus, systemClock, { events: 1500, pauseMs: 0 }));
    bus.outbox.acknowledge(3); // the office committed seqs 1..3 (trip)
    bus.outbox.markSent([4, 5, 6, 1500]); // the broker took one trip, two counts, one diagnostic
    const oldest = bus.outbox.get(4)!;

    // The running bus is in the middle of a write: a reader in WAL mode must not wait for it.
    bus.db.exec('BEGIN IMMEDIATE');
    bus.outbox.add({ kind: 'ticket', at, payload: wirePayload('ticket'), priority: outboxPriority.resident });
    let result;
    try {
      result = await cli(['sync', 'status', '--config', config]);
    } finally {
      bus.db.exec('ROLLBACK');
    }
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout) as Record<string, unknown>;
    const stats = bus.outbox.stats();
    expect(stats).toMatchObject({ backlog: 1507, unsent: 1503, lastSeq: 1510 });
    expect(status).toMatchObject({
      busId: 'bus-a',
      database: dbPath,
      schemaVersion: busMigrations.length,
      backlog: stats.backlog,
      unsent: stats.unsent,
      sentAwaitingAck: 4,
      byKind: {
        trip: { backlog: 1, unsent: 0, sentAwaitingAck: 1 },
        count: { backlog: 6, unsent: 4, sentAwaitingAck: 2 },
        diagnostic: { backlog: 1500, unsent: 1499, sentAwaitingAck: 1 },
      },
      oldestUnacked: { seq: 4, kind: 'trip', createdAt: oldest.createdAt },
      lastSeq: stats.lastSeq,
      ackedSeq: 3,
      outboxBytes: bus.outbox.payloadBytes(),
      databaseBytes: bus.outbox.databaseBytes(),
      diskFull: false,
      link: null,
      running: null,
    });
    expect(Object.keys(status.byKind as object)).toHaveLength(3);
    expect((status.oldestUnacked as { ageS: number }).ageS).toBeGreaterThanOrEqual(0);
    expect(status.diskFreeBytes).toBeGreaterThan(0);
    expect(status.linkSource).toMatch(/only in the running bus process/);
  });

  it('counts an emptied outbox as acknowledged up to lastSeq', async () => {
    const { config, dbPath } = workspace();
    const bus = openBus(dbPath);
    unwrap(await enqueueTestLoad(bus, systemClock, { events: 20, pauseMs: 0 }));
    bus.outbox.acknowledge(20);
    const status = JSON.parse((await cli(['sync', 'status', '--config', config])).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ backlog: 0, unsent: 0, byKind: {}, oldestUnacked: null, lastSeq: 20, ackedSeq: 20 });
  });
});

describe('lianxin sync test-load', () => {
  it('as a real process: 2,500 diagnostic events with contiguous seqs, lowest priority, payloads naming the run', async () => {
    const { config, dbPath } = workspace();
    const bus = openBus(dbPath);
    const { stdout } = await promisify(execFile)(join(root, 'node_modules/.bin/tsx'), ['src/cli/main.ts', 'sync', 'test-load', '--config', config, '--events', '2500'], {
      cwd: root,
      env: { PATH: process.env.PATH },
    });
    const summary = JSON.parse(stdout) as { runId: string; events: number; firstSeq: number; lastSeq: number; ms: number };
    expect(summary).toMatchObject({ events: 2500, firstSeq: 1, lastSeq: 2500 });
    const rows = outboxRows(bus);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.id)).size).toBe(2500);
    rows.forEach((row, i) => {
      expect(row).toMatchObject({ kind: testLoadKind, priority: outboxPriority.diagnostic });
      const payload = JSON.parse(row.payload) as TestLoadPayload;
      expect(payload).toEqual({ runId: summary.runId, index: i + 1, of: 2500, createdAt: expect.any(String) });
    });
    expect(Math.max(...Object.values(outboxPriority))).toBe(outboxPriority.diagnostic);
  });

  it('keeps seqs gap-free and unique while another process appends, and lets its writes in between chunks', async () => {
    const { config, dbPath } = workspace();
    const bus = openBus(dbPath);
    const writer = runChild('./outbox-writer-child.ts', [dbPath]);
    cleanups.push(() => void writer.kill());
    await writer.waitForLine('writing');
    const result = await cli(['sync', 'test-load', '--config', config, '--events', '20000']);
    await writer.kill();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { runId: string; firstSeq: number; lastSeq: number };
    const rows = outboxRows(bus);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const load = rows.filter((r) => r.kind === testLoadKind).map((r) => JSON.parse(r.payload) as TestLoadPayload);
    expect(load.map((p) => p.index)).toEqual(Array.from({ length: 20000 }, (_, i) => i + 1));
    expect(new Set(load.map((p) => p.runId))).toEqual(new Set([summary.runId]));
    // The writer's transactions that landed inside the run: one per pause between chunks, roughly.
    const inside = rows.filter((r) => r.seq > summary.firstSeq && r.seq < summary.lastSeq);
    const writerTurns = inside.filter((r, i) => r.kind === 'ticket' && inside[i - 1]?.kind === testLoadKind).length;
    expect(writerTurns).toBeGreaterThanOrEqual(10);
  });

  it.each([
    [['--events', '0'], /--events must be a whole number from 1 to 1000000, not "0"/],
    [['--events', 'abc'], /--events must be a whole number/],
    [['--events', '2.5'], /--events must be a whole number/],
    [['--events', '1000001'], /--events must be a whole number from 1 to 1000000/],
    [[], /--events N is required/],
    [['--events', '5', '--pad', '70000'], /--pad must be a whole number of bytes from 0 to 65536/],
    [['--events', '5', '--burst'], /unexpected --burst/],
  ])('refuses %j as a usage error (exit 2) and adds nothing', async (args, message) => {
    const { config, dbPath } = workspace();
    const bus = openBus(dbPath);
    const result = await cli(['sync', 'test-load', '--config', config, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(bus.outbox.stats().lastSeq).toBe(0);
  });

  it('refuses a missing database (exit 1) and creates nothing', async () => {
    const { config, dataDir } = workspace();
    const result = await cli(['sync', 'test-load', '--config', config, '--events', '10']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no bus database at/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("refuses an older release's schema without migrating it under the bus that owns it", async () => {
    const { config, dbPath } = workspace();
    unwrap(openDatabase(dbPath, busMigrations.slice(0, -1), 'bus')).close();
    const result = await cli(['sync', 'test-load', '--config', config, '--events', '10']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`has schema version ${busMigrations.length - 1}, this release expects ${busMigrations.length}`);
    const after = new Database(dbPath, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(busMigrations.length - 1);
    expect(after.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
    after.close();
  });

  it('refuses a run that would take the outbox above sync.maxOutboxBytes (positions would be thinned)', async () => {
    const { config, dbPath } = workspace({ sync: { maxOutboxBytes: 150_000 } });
    const bus = openBus(dbPath);
    expect((await cli(['sync', 'test-load', '--config', config, '--events', '1000'])).code).toBe(0);
    const result = await cli(['sync', 'test-load', '--config', config, '--events', '1000']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/1000 events would take the outbox's payloads from 0\.1 MiB to 0\.2 MiB, above its bound of 0\.1 MiB \(sync\.maxOutboxBytes\)/);
    expect(bus.outbox.stats().lastSeq).toBe(1000);
  });

  it('stops at a full disk with whole chunks kept and says how far it got', async () => {
    const { dbPath } = workspace();
    const bus = openBus(dbPath);
    // SQLite reports SQLITE_FULL past max_page_count, as it does on a full disk.
    bus.db.pragma(`max_page_count = ${(bus.db.pragma('page_count', { simple: true }) as number) + 150}`);
    const result = await enqueueTestLoad(bus, systemClock, { events: 10_000, pauseMs: 0 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('disk-full');
    const held = outboxRows(bus);
    expect(held.length % 1000).toBe(0);
    expect(held.length).toBeGreaterThan(0);
    expect(held.map((r) => r.seq)).toEqual(Array.from({ length: held.length }, (_, i) => i + 1));
    expect(result.error.message).toContain(`${held.length} of 10000 events`);
    expect(result.error.message).toContain(`seqs 1..${held.length}`);
    expect(bus.outbox.isDiskFull()).toBe(true);
  });

  it('pads payloads on request', async () => {
    const { config, dbPath } = workspace();
    const bus = openBus(dbPath);
    expect((await cli(['sync', 'test-load', '--config', config, '--events', '3', '--pad', '1000'])).code).toBe(0);
    for (const row of outboxRows(bus)) expect((JSON.parse(row.payload) as TestLoadPayload).pad).toHaveLength(1000);
  });
});

describe('lianxin sync', () => {
  it('needs a known subcommand (exit 2)', async () => {
    expect(await cli(['sync'])).toMatchObject({ code: 2, stderr: expect.stringContaining('a subcommand is needed') });
    expect(await cli(['sync', 'drain'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown subcommand "drain"') });
    expect(await cli(['sync', 'status', '--events', '3'])).toMatchObject({ code: 2 });
  });
});
