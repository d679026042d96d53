import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp.ts';

const child = fileURLToPath(new URL('./writer-child.ts', import.meta.url));

/** Deterministic pseudo-random delays so a failure can be reproduced. */
function* delaysMs(seed: number): Generator<number> {
  let s = seed;
  for (;;) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    yield 20 + (s % 250);
  }
}

/** Runs the writer, kills it with SIGKILL after `afterMs` of writing; returns the numbers it reported saved. */
function runAndKill(dbPath: string, afterMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    const saved: number[] = [];
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: proc.stdout }).on('line', (line) => {
      if (line === 'ready') setTimeout(() => proc.kill('SIGKILL'), afterMs);
      const match = /^saved (\d+)$/.exec(line);
      if (match) saved.push(Number(match[1]));
    });
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited on its own (${_code}): ${stderr}`));
      else resolve(saved);
    });
  });
}

describe('kill -9 in the middle of a stream of writes', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('leaves an intact database holding every write that had returned, 20 times over', async () => {
    const dbPath = join(dir.path, 'bus.db');
    const random = delaysMs(20261123);
    let reported = 0;
    for (let kill = 1; kill <= 20; kill++) {
      const saved = await runAndKill(dbPath, random.next().value as number);
      reported += saved.length;
      const db = new Database(dbPath);
      expect(db.pragma('integrity_check', { simple: true }), `after kill ${kill}`).toBe('ok');
      const present = new Set(db.prepare("SELECT json_extract(detail, '$.n') FROM trip_event").pluck().all() as number[]);
      const lost = saved.filter((n) => !present.has(n));
      expect(lost, `writes reported saved but missing after kill ${kill}`).toEqual([]);
      // Every trip event has its outbox row, and outbox seqs have no gap.
      const events = db.prepare('SELECT count(*) FROM trip_event').pluck().get() as number;
      const outbox = db.prepare('SELECT count(*), min(seq), max(seq) FROM outbox').raw().get() as [number, number, number];
      expect(outbox[0]).toBe(events);
      expect(outbox[2] - outbox[1] + 1).toBe(outbox[0]);
      // The tracker state written in the same transaction matches the last event.
      const state = JSON.parse(db.prepare("SELECT value FROM state WHERE key = 'tracker'").pluck().get() as string) as { n: number };
      expect(state.n).toBe(events);
      db.close();
    }
    expect(reported, 'the writer saved something before being killed').toBeGreaterThan(100);
  });
});
