import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp.ts';
import { openDeskApp, take } from './desk-app.ts';

const child = fileURLToPath(new URL('./take-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Deterministic pseudo-random kill delays so a failure can be reproduced. */
function* killDelaysMs(seed: number): Generator<number> {
  let s = seed;
  for (;;) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    yield 30 + (s % 400);
  }
}

/**
 * Runs `npx tsx take-child.ts` in its own process group and SIGKILLs the whole group `afterMs` after
 * it is ready; resolves with every ticket it reported shown, once its stdout is closed (all dead).
 */
function runAndKill(dbPath: string, afterMs: number): Promise<{ number: string; id: string }[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn('npx', ['tsx', child, dbPath], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const shown: { number: string; id: string }[] = [];
    let stderr = '';
    let killed = false;
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: proc.stdout }).on('line', (line) => {
      if (line === 'ready') {
        setTimeout(() => {
          killed = true;
          process.kill(-proc.pid!, 'SIGKILL');
        }, afterMs);
      }
      const match = /^shown ([A-Z]\d{3,}) (\S+)$/.exec(line);
      if (match) shown.push({ number: match[1]!, id: match[2]! });
    });
    proc.on('error', reject);
    proc.stdout.on('close', () => (killed ? resolve(shown) : reject(new Error(`ticket taker exited on its own: ${stderr}`))));
  });
}

describe('kill -9 during a burst of ticket taking', () => {
  const dir = tempDir('lianxin-desk-kill-');
  afterAll(() => dir.cleanup());

  it('loses no ticket that was shown, keeps the database intact and never reuses a number', async () => {
    const dbPath = join(dir.path, 'bus.db');
    const delays = killDelaysMs(20261123);
    const everShown: { number: string; id: string }[] = [];
    for (let kill = 1; kill <= 6; kill++) {
      const shown = await runAndKill(dbPath, delays.next().value as number);
      everShown.push(...shown);
      const db = new Database(dbPath, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true }), `after kill ${kill}`).toBe('ok');
      const stored = new Map((db.prepare('SELECT id, number FROM desk_ticket').all() as { id: string; number: string }[]).map((r) => [r.id, r.number]));
      const lost = everShown.filter((t) => stored.get(t.id) !== t.number);
      expect(lost, `tickets shown to residents but missing after kill ${kill}`).toEqual([]);
      // Per prefix the numbers are 1..n without gaps or repeats, each with its history and outbox rows.
      for (const [prefix, count, max] of db.prepare("SELECT substr(number, 1, 1), count(*), max(CAST(substr(number, 2) AS INTEGER)) FROM desk_ticket GROUP BY 1").raw().all() as [string, number, number][]) {
        expect(max, `prefix ${prefix} after kill ${kill}`).toBe(count);
      }
      const tickets = stored.size;
      expect(db.prepare("SELECT count(*) FROM outbox WHERE kind = 'ticket'").pluck().get()).toBe(tickets);
      expect(db.prepare("SELECT count(*) FROM desk_ticket_event WHERE action = 'take'").pluck().get()).toBe(tickets);
      db.close();
    }
    expect(everShown.length, 'the taker showed tickets before being killed').toBeGreaterThan(30);

    // Reopened by the real onboard API: numbering continues after the highest number ever shown.
    const app = openDeskApp({ dir: dir.path });
    const highest = Math.max(...everShown.filter((t) => t.number.startsWith('A')).map((t) => Number(t.number.slice(1))));
    const next = await take(app, 'policy-consult');
    expect(Number(next.number.slice(1))).toBeGreaterThan(highest);
    app.close();
  });
});
