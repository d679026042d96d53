/**
 * A full disk, as a bus lives it: `lianxin run` as its own process, its data directory on a small
 * file system (a tmpfs the test mounts when it runs as root, as CI does; otherwise SQLite's
 * max_page_count caps the database, see page-capped-run.ts), a fast simulated drive, and a filler
 * file that takes the last free byte. The process never exits, every API call answers (saved, or
 * the expected disk-full failure, never a 5xx), test-load refuses what would not fit, the status
 * and the driver hear of it, writes resume by themselves once the filler is deleted, and every
 * ticket, comment and tally answered as saved is there after a restart.
 */
import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBusProcess, type BusProcess } from '../../helpers/bus-process.ts';
import { runCli } from '../../helpers/cli-io.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** LIANXIN_TEST_NO_MOUNT=1 runs the fallback as root too (to check it where CI always mounts). */
const asRoot = process.getuid?.() === 0 && process.env.LIANXIN_TEST_NO_MOUNT !== '1';
/** Which full disk this run used: the test says so in its output. */
const method = asRoot ? 'tmpfs (mounted by the test as root)' : 'PRAGMA max_page_count (not root: no mount)';
const dir = tempDir('lianxin-full-disk-');
const disk = join(dir.path, 'disk');
const dataDir = join(disk, 'bus');
const filler = join(disk, 'filler');
const configPath = join(dir.path, 'bus.json');
let mounted = false;

type Answer = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };
interface Status {
  link: { diskFull: boolean; storage: { code: string; since: string } | null };
}

beforeAll(() => {
  mkdirSync(disk, { recursive: true });
  if (asRoot) {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', disk]);
    mounted = true;
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(
    configPath,
    JSON.stringify({
      busId: 'bus-full',
      dataDir,
      audio: { output: 'simulator' },
      http: { host: '127.0.0.1', port: 0 },
      // A fast drive: trip events and tracker state are written many times a second.
      gps: { source: 'simulator', speed: 40 },
      desk: { printer: { kind: 'none' } },
    }),
  );
  console.log(`full disk by ${method}`);
});

afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', disk]);
  dir.cleanup();
});

function startBus(): BusProcess & { signal(sig: NodeJS.Signals): void } {
  if (asRoot) return Object.assign(startBusProcess(configPath), { signal: () => undefined });
  return startCappedBus();
}

/** Not root: the same `lianxin run`, with every bus database connection capped by max_page_count (SIGUSR2 lifts it). */
function startCappedBus(): BusProcess & { signal(sig: NodeJS.Signals): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/integration/storage/page-capped-run.ts', 'run', '--config', configPath], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = waitFor(() => /onboard: screens (http:\/\/\S+)\/resident\//.exec(out)?.[1], 'the capped bus to serve', 30_000);
  return {
    url,
    output: () => out,
    exited,
    kill: (sig) => child.kill(sig),
    signal: (sig) => child.kill(sig),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Fills the file system to its last page (tmpfs); with the page cap, tells the bus to cap its database now. */
function fillDisk(bus: { signal(sig: NodeJS.Signals): void }): void {
  if (!asRoot) return bus.signal('SIGUSR1');
  const fd = openSync(filler, 'w');
  try {
    for (const size of [1 << 20, 1 << 16, 4096, 512]) {
      const chunk = Buffer.alloc(size, 0x5a);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

function freeDisk(bus: { signal(sig: NodeJS.Signals): void }): void {
  if (!asRoot) return bus.signal('SIGUSR2');
  rmSync(filler);
}

/** Every call answers 200 with JSON: a server error or a dropped connection fails the test here. */
async function call<T = Answer>(url: string, method: string, input?: unknown): Promise<T> {
  const res = await fetch(`${url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: input === undefined ? '' : JSON.stringify(input) });
  const text = await res.text();
  expect(res.status, `${method} answered ${res.status}: ${text}`).toBe(200);
  return JSON.parse(text) as T;
}

function expectSavedOrRefused(answer: Answer, method: string): boolean {
  if (answer.ok) return true;
  expect(answer.error.code, `${method}: ${answer.error.message}`).toBe('disk-full');
  expect(answer.error.message).toContain('NOT saved');
  return false;
}

describe(`a full disk under a running bus (${method})`, () => {
  it('keeps serving, refuses what it cannot save, resumes by itself, and loses nothing it said was saved', async () => {
    const tickets: string[] = [];
    const comments: string[] = [];
    let tallies = 0;
    const refused = { ticket: 0, comment: 0, tally: 0 };
    /** One round of what the screens do: take a number, comment, tally, and read the status and the trip. */
    const round = async (url: string, n: number) => {
      const taken = await call(url, 'resident/deskTakeTicket', { itemId: 'elderly-subsidy', name: '张先生', print: false });
      if (expectSavedOrRefused(taken, 'deskTakeTicket')) tickets.push((taken as unknown as { value: { ticket: { id: string } } }).value.ticket.id);
      else refused.ticket++;
      const comment = await call(url, 'resident/feedbackSubmit', { category: 'suggestion', text: `第 ${n} 条建议：${'车站的座椅'.repeat(40)}` });
      if (expectSavedOrRefused(comment, 'feedbackSubmit')) comments.push((comment as unknown as { value: { reference: string } }).value.reference);
      else refused.comment++;
      const tally = await call(url, 'driver/ridershipTally', { action: 'board' });
      if (expectSavedOrRefused(tally, 'ridershipTally')) tallies++;
      else refused.tally++;
      await call(url, 'driver/systemStatus');
      await call(url, 'resident/tripState');
      await call(url, 'resident/deskQueue');
    };

    let bus = startBus();
    try {
      let url = await bus.url;
      for (let n = 0; n < 5; n++) await round(url, n);
      expect(refused).toEqual({ ticket: 0, comment: 0, tally: 0 });

      fillDisk(bus);
      // test-load looks at the free space before it writes and refuses a run that would not fit.
      const load = await runCli(['sync', 'test-load', '--config', configPath, '--events', '1000']);
      if (asRoot) {
        expect(load.code).toBe(1);
        expect(load.stderr).toMatch(/must stay free for the bus's own records/);
      }
      // Until the bus's own writes run into the full disk (the WAL absorbs the first ones).
      const full = await waitFor(
        async () => {
          await round(url, tickets.length);
          const status = await call<Status>(url, 'driver/systemStatus');
          return status.link.storage?.code === 'disk-full' && status.link.diskFull ? status : null;
        },
        'the bus to report its disk full',
        60_000,
        0,
      );
      expect(full.link.storage!.since).toMatch(/^\d{4}-/);
      // Full now: a stretch of rounds, each answered; the trip goes on in memory meanwhile.
      const tripBefore = await call<{ time: string | null }>(url, 'resident/tripState');
      const heardBefore = JSON.stringify(await call(url, 'resident/announceRecent'));
      for (let n = 0; n < 15; n++) await round(url, 100 + n);
      const tripAfter = await waitFor(async () => {
        const state = await call<{ time: string | null }>(url, 'resident/tripState');
        return state.time !== tripBefore.time ? state : null;
      }, 'the trip to go on while the disk is full', 10_000, 100);
      expect(tripAfter.time).not.toBeNull();
      // Announcements go on too: the stops passed while full are announced though their events were not saved.
      await waitFor(async () => JSON.stringify(await call(url, 'resident/announceRecent')) !== heardBefore, 'an announcement while the disk is full', 30_000, 100);
      expect(refused.ticket + refused.comment + refused.tally).toBeGreaterThan(0);
      expect(bus.output()).toMatch(/storage: writes fail \(disk-full\)/);
      // The GNSS path met the full disk too (the write that used to kill the bus from TripRuntime.onFix).
      await waitFor(() => /trip: state not saved \(disk-full\); the trip goes on in memory/.test(bus.output()), 'the trip to meet the full disk', 20_000, 100);

      // Space returns: the bus's next writes go through and the status clears by itself.
      freeDisk(bus);
      await waitFor(async () => (await call<Status>(url, 'driver/systemStatus')).link.storage === null, 'writes to resume by themselves', 30_000, 100);
      const after = await call(url, 'resident/deskTakeTicket', { itemId: 'elderly-subsidy', print: false });
      expect(after.ok).toBe(true);
      tickets.push((after as unknown as { value: { ticket: { id: string } } }).value.ticket.id);
      expect(bus.output()).toMatch(/storage: writes work again/);
      // The process never left: no uncaught exception reached the last line.
      expect(bus.output()).not.toMatch(/FATAL|SqliteError/);
      await bus.stop();
      expect(await bus.exited).toBe(0);

      // Everything answered as saved is there after a restart.
      bus = startBus();
      url = await bus.url;
      for (const id of tickets) expect(await call(url, 'resident/deskTicket', { id }), `ticket ${id}`).toMatchObject({ ok: true });
      for (const reference of comments) expect(await call(url, 'resident/feedbackLookup', { reference }), `comment ${reference}`).toMatchObject({ ok: true });
      expect((await call<{ occupancy: number }>(url, 'driver/ridershipOccupancy')).occupancy).toBe(tallies);
      await bus.stop();
      // The outbox recorded, in the reserve's room, that writes failed, and that they work again.
      const db = new Database(join(dataDir, 'bus.db'), { readonly: true });
      const reports = (db.prepare("SELECT payload FROM outbox WHERE kind = 'storage-problem' ORDER BY seq").pluck().all() as string[]).map((p) => JSON.parse(p) as { code: string; phase: string });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
      if (asRoot) expect(reports.map((r) => `${r.code} ${r.phase}`)).toEqual(['disk-full began', 'disk-full ended']);
      console.log(`full disk (${method}): storage reports ${JSON.stringify(reports.map((r) => r.phase))}; saved ${tickets.length} tickets, ${comments.length} comments, ${tallies} tallies; refused ${JSON.stringify(refused)}`);
    } finally {
      await bus.stop();
    }
  }, 180_000);
});
