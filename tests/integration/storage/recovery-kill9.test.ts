/**
 * Power cut in the middle of recovering a damaged database: `lianxin run` is killed with SIGKILL
 * while its recovery journal is on disk, several times at different moments. Every time the bus
 * database left behind (if any) passes integrity_check; a later start completes the recovery, with
 * one moved-aside copy, byte for byte the damaged file, and the readable rows carried once.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { busCall, startBusProcess, writeBusConfig } from '../../helpers/bus-process.ts';
import { runCli } from '../../helpers/cli-io.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';

const dir = tempDir('lianxin-recovery-kill-');
afterAll(() => dir.cleanup());

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('kill -9 during the recovery of a damaged bus database', () => {
  it('leaves a database that passes integrity_check each time, and a later start completes the recovery', async () => {
    const dataDir = join(dir.path, 'data');
    // No broker: every row stays in the outbox, unacknowledged, as on a bus out of coverage.
    const config = writeBusConfig(dir.path, 'bus-k', dataDir, undefined);
    const first = startBusProcess(config);
    await first.url;
    await first.stop();
    const load = await runCli(['sync', 'test-load', '--config', config, '--events', '30000', '--pad', '300']);
    expect(load.code).toBe(0);
    const dbPath = join(dataDir, 'bus.db');
    const size = statSync(dbPath).size;
    const fd = openSync(dbPath, 'r+');
    writeSync(fd, Buffer.alloc(65_536, 0x5a), 0, 65_536, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const damagedHash = sha(dbPath);
    const journal = `${dbPath}.recovering`;

    // Each kill waits for a step of the recovery to be visible on disk, then for a delay: the journal
    // (reading the damaged copy), the new database being built under its scratch name, in place.
    const scratch = `${dbPath}.new`;
    const rounds: { after: 'journal' | 'scratch' | 'in-place'; delayMs: number }[] = [
      { after: 'journal', delayMs: 0 },
      { after: 'journal', delayMs: 300 },
      { after: 'scratch', delayMs: 0 },
      { after: 'scratch', delayMs: 25 },
      { after: 'scratch', delayMs: 80 },
      { after: 'in-place', delayMs: 0 },
    ];
    const visible = { journal: () => existsSync(journal), scratch: () => existsSync(scratch), 'in-place': () => existsSync(journal) && existsSync(dbPath) };
    const seen: string[] = [];
    let interrupted = 0;
    for (const { after, delayMs } of rounds) {
      const bus = startBusProcess(config);
      // Killed only once the recovery is under way (its journal written), then after a delay.
      await waitFor(() => visible[after]() || bus.output().includes('onboard: screens'), `the recovery to reach ${after}`, 60_000, 1);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      bus.kill('SIGKILL');
      await bus.exited;
      const phase = existsSync(journal) ? (JSON.parse(readFileSync(journal, 'utf8')) as { phase: string; movedTo: string }) : null;
      if (existsSync(journal)) interrupted++;
      for (const name of readdirSync(dataDir).filter((n) => /^bus\.db\.corrupt-[^-]+Z$/.test(n))) expect(sha(join(dataDir, name))).toBe(damagedHash);
      // Which step the kill landed in: files moved aside or not, the new database being built, in place.
      seen.push(`${after}+${delayMs}ms:${phase?.phase ?? 'done'}${existsSync(`${dbPath}.new`) ? '+scratch' : ''}${existsSync(dbPath) ? '+db' : ''}`);
      if (phase?.phase === 'moving' && existsSync(dbPath)) {
        // Killed before the damaged file was moved aside: it is there as it was, untouched.
        expect(sha(dbPath)).toBe(damagedHash);
      } else if (existsSync(dbPath)) {
        const db = new Database(dbPath, { readonly: true, fileMustExist: true });
        try {
          expect(db.pragma('integrity_check', { simple: true }), `after a kill ${delayMs} ms after ${after}`).toBe('ok');
        } finally {
          db.close();
        }
      }
    }
    console.log(`kill -9 during recovery: ${interrupted} of ${rounds.length} kills interrupted it: ${seen.join(' ')}`);
    expect(seen.some((s) => s.includes('+scratch'))).toBe(true);
    expect(interrupted).toBeGreaterThanOrEqual(3);

    const last = startBusProcess(config);
    try {
      const url = await last.url;
      const { storageReset: reset } = await busCall<{ storageReset: { movedTo: string; carried: number; reason: string } }>(url, 'driver/systemStatus');
      expect(reset.reason).toBe('corrupt');
      expect(reset.carried).toBeGreaterThan(20_000);
      expect(existsSync(journal)).toBe(false);
      const aside = readdirSync(dataDir).filter((name) => name.startsWith('bus.db.corrupt-') && !/-(wal|shm)$/.test(name));
      expect(aside).toEqual([reset.movedTo.split('/').at(-1)]);
      expect(sha(reset.movedTo)).toBe(damagedHash);
      // The storage-reset report and the carried rows, each once (ids are unique in the outbox).
      const status = await runCli(['sync', 'status', '--config', config]);
      expect(JSON.parse(status.stdout)).toMatchObject({ backlog: reset.carried + 1, lastSeq: reset.carried + 1 });
    } finally {
      await last.stop();
    }
    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }, 240_000);
});
