/**
 * A damaged bus database, as the field brings it: garbage written into the middle of bus.db while
 * the bus was off, a truncated file, a zero-byte file. Through the assembled product — `lianxin
 * run` and `lianxin office` as processes, a real mosquitto — the bus starts and serves within
 * seconds, keeps the damaged file beside the new one untouched, sends the unacknowledged rows it
 * could still read, and the office takes the new stream (seq 1 again) and shows the reset.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { openSync, readdirSync, readFileSync, statSync, truncateSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busCall, startBusProcess, writeBusConfig } from '../../helpers/bus-process.ts';
import { runCli } from '../../helpers/cli-io.ts';
import { startMosquitto, type Mosquitto } from '../../helpers/mosquitto.ts';
import { staff, startOfficeProcess, type OfficeProcess } from '../../helpers/office.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';

type Damage = 'garbage' | 'truncated' | 'zero-byte';

interface ExportedEvent {
  busId: string;
  epoch?: string;
  seq: number;
  id: string;
  kind: string;
  payload: Record<string, unknown>;
}

const dir = tempDir('lianxin-damaged-');
let broker: Mosquitto;
let office: OfficeProcess;
let officeConfig: string;

beforeAll(async () => {
  broker = await startMosquitto({ dir: join(dir.path, 'broker') });
  office = await startOfficeProcess(dir.path, broker.url, {}, { strict: true });
  officeConfig = join(dir.path, 'office.json');
}, 60_000);

afterAll(async () => {
  await office?.stop();
  await broker?.stop();
  dir.cleanup();
});

async function exported(busId: string, kind: string): Promise<ExportedEvent[]> {
  const { code, stdout } = await runCli(['office', 'export', '--config', officeConfig, '--kind', kind, '--format', 'jsonl', '--bus', busId]);
  // No such kind yet: the export says so and exits non-zero.
  if (code !== 0) return [];
  return stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as ExportedEvent);
}

async function officeFleet(): Promise<{ busId: string; reset: { at: string | null; streams: number; report: { reason: string; carried: number; movedTo: string | null } | null } | null }[]> {
  const login = await fetch(`${office.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: staff.chief.username, password: staff.chief.password }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrf } = (await login.json()) as { csrf: string };
  const res = await fetch(`${office.url}/api/officeFleet`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, body: '' });
  expect(res.status).toBe(200);
  return (await res.json()) as Awaited<ReturnType<typeof officeFleet>>;
}

function damage(path: string, how: Damage): void {
  const size = statSync(path).size;
  if (how === 'zero-byte') return truncateSync(path, 0);
  if (how === 'truncated') return truncateSync(path, Math.floor(size * 0.6));
  // 16 KiB of garbage in the middle, on page boundaries: the header stays valid, b-tree pages do not.
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(16_384, 0xa5), 0, 16_384, Math.floor(size / 2 / 4096) * 4096);
  closeSync(fd);
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('a damaged bus database', () => {
  for (const how of ['garbage', 'truncated', 'zero-byte'] as const) {
    it(`(${how}): the bus starts on a fresh database, keeps the old one, sends what it could read, and the office sees the reset`, async () => {
      const busId = `bus-${how}`;
      const dataDir = join(dir.path, busId);
      const config = writeBusConfig(dir.path, busId, dataDir, broker.url);
      // A first life: some events reach the office and are acknowledged (the office knows this bus's stream).
      let bus = startBusProcess(config);
      const url = await bus.url;
      expect((await runCli(['sync', 'test-load', '--config', config, '--events', '40'])).code).toBe(0);
      await waitFor(async () => (await busCall<{ link: { backlog: number; ackedSeq: number } }>(url, 'driver/systemStatus')).link.ackedSeq >= 40, 'the first 40 events acknowledged', 30_000, 100);
      await bus.stop();
      // While the bus is off, 400 more rows wait in its outbox, unsent; then the file is damaged.
      const load = await runCli(['sync', 'test-load', '--config', config, '--events', '400', '--pad', '300']);
      expect(load.code).toBe(0);
      const { runId } = JSON.parse(load.stdout) as { runId: string };
      const dbPath = join(dataDir, 'bus.db');
      damage(dbPath, how);
      const damagedHash = sha(dbPath);
      const damagedSize = statSync(dbPath).size;

      const started = Date.now();
      bus = startBusProcess(config);
      try {
        const again = await bus.url;
        const status = await busCall<{ storageReset: { reason: string; movedTo: string | null; carried: number; epoch: string; previousEpoch: string | null } | null; link: unknown }>(again, 'driver/systemStatus');
        const servingMs = Date.now() - started;
        console.log(`${how}: serving ${servingMs} ms after start; reset ${JSON.stringify(status.storageReset)}`);
        expect(servingMs).toBeLessThan(20_000);
        const reset = status.storageReset!;
        expect(reset.reason).toMatch(how === 'zero-byte' ? /^empty$/ : how === 'garbage' ? /^corrupt$/ : /^(corrupt|not-a-database)$/);
        expect(bus.output()).toMatch(/storage: bus database was (corrupt|not-a-database|empty)/);
        // The damaged file is kept beside the new one, byte for byte.
        const aside = readdirSync(dataDir).filter((name) => name.startsWith('bus.db.corrupt-') && !/-(wal|shm)$/.test(name));
        expect(aside).toHaveLength(1);
        expect(join(dataDir, aside[0]!)).toBe(reset.movedTo);
        expect(statSync(reset.movedTo!).size).toBe(damagedSize);
        expect(sha(reset.movedTo!)).toBe(damagedHash);
        if (how !== 'zero-byte') expect(reset.carried).toBeGreaterThan(0);
        else expect(reset.carried).toBe(0);

        // The office receives the new stream from seq 1, the carried rows once each, and shows the reset.
        const fleet = await waitFor(async () => (await officeFleet()).find((b) => b.busId === busId && b.reset?.report), `the fleet page to show ${busId}'s reset`, 30_000, 200);
        expect(fleet.reset).toMatchObject({ streams: 2, report: { reason: reset.reason, carried: reset.carried, movedTo: reset.movedTo } });
        const resets = await exported(busId, 'storage-reset');
        expect(resets).toEqual([expect.objectContaining({ epoch: reset.epoch, seq: 1 })]);
        const carried = await waitFor(
          async () => {
            const rows = (await exported(busId, 'diagnostic')).filter((e) => e.payload.runId === runId);
            return rows.length === reset.carried ? rows : null;
          },
          `${reset.carried} carried rows at the office`,
          30_000,
          200,
        );
        expect(new Set(carried.map((e) => e.id)).size).toBe(carried.length);
        expect(carried.every((e) => e.epoch === reset.epoch)).toBe(true);
        const indexes = carried.map((e) => e.payload.index as number);
        expect(indexes.every((n) => n >= 1 && n <= 400)).toBe(true);
        // The first life's 40 events stay under their own (legacy or first) stream.
        const firstLife = (await exported(busId, 'diagnostic')).filter((e) => e.epoch !== reset.epoch);
        expect(firstLife.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
        // And the bus goes on: its new stream is acknowledged to its end.
        await waitFor(async () => (await busCall<{ link: { backlog: number } }>(again, 'driver/systemStatus')).link.backlog === 0, 'the new stream acknowledged', 30_000, 100);
        expect(office.exitCode()).toBeNull();
      } finally {
        await bus.stop();
      }
      const check = new Database(dbPath, { readonly: true });
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();
    }, 120_000);
  }
});
