/**
 * A GNSS, a counter and a printer listener that each throw, on real devices: a socat pty for the
 * receiver and one for the door counter (real `serialport` reading them), a simulated printer
 * whose folder cannot be made. The process stays up, says in its log which feed's listener failed,
 * and every feed goes on reaching its other listeners.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFix } from '../../../hardware/gps/encode.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dir = tempDir('lianxin-listeners-');
const socats: ChildProcess[] = [];

async function ptyPair(device: string, wire: string): Promise<void> {
  socats.push(spawn('socat', [`pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${wire}`], { stdio: 'ignore' }));
  await waitFor(() => existsSync(device) && existsSync(wire), 'socat to create the pty links', 5000);
}

beforeAll(() => {
  execFileSync('socat', ['-V'], { stdio: 'ignore' });
});

afterAll(() => {
  for (const socat of socats) socat.kill('SIGTERM');
  dir.cleanup();
});

describe('device listeners that throw', () => {
  it('leave the process up, logged with their feed, and the feeds go on', async () => {
    const gps = join(dir.path, 'gps');
    const gpsWire = join(dir.path, 'gps-wire');
    const counter = join(dir.path, 'counter');
    const counterWire = join(dir.path, 'counter-wire');
    await ptyPair(gps, gpsWire);
    await ptyPair(counter, counterWire);
    // A folder under a regular file cannot be made: every print fails and the printer's state changes.
    const blocker = join(dir.path, 'not-a-folder');
    writeFileSync(blocker, '');
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/integration/devices/listener-child.ts', gps, counter, join(blocker, 'printer')], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const alive = () => child.exitCode === null && child.signalCode === null;
    /** Waits for `n` lines of `pattern`; a child that died meanwhile fails at once with its log. */
    const heard = (pattern: RegExp, n: number, what: string) =>
      waitFor(() => {
        if (!alive()) throw new Error(`the child exited (${child.exitCode ?? child.signalCode}):\n${out}`);
        return (out.match(pattern) ?? []).length >= n;
      }, what, 10_000);
    try {
      await waitFor(() => out.includes('ready'), 'the child to start', 20_000);

      // GNSS: fixes at 5 Hz, as a receiver sends them; each one first meets the broken listener.
      const fd = openSync(gpsWire, 'w');
      try {
        for (let i = 0; i < 15; i++) {
          writeSync(fd, encodeFix({ time: new Date(), lat: 39.9 + i * 1e-5, lon: 116.4, speedMps: 5, trackDeg: 0, altMSL: 40, hdop: 0.9, sats: 9 }));
          await new Promise((r) => setTimeout(r, 200)); // the receiver's rate, not a test wait
        }
      } finally {
        closeSync(fd);
      }
      await heard(/heard fix/g, 3, 'fixes to reach the healthy GNSS listener');

      // Counter: door events over the wire.
      writeFileSync(counterWire, 'D1 DOOR OPEN\nD1 IN 2\nD1 OUT 1\n');
      await heard(/heard counter/g, 3, 'counter events to reach the healthy listener');

      // Printer: the failing print changes its state; the status listener that throws must not break print().
      child.stdin.write('print\n');
      await heard(/print returned printer-failed/g, 1, 'the print call to return its failure');
      expect(out).toContain('heard printer failed');

      expect(out).toMatch(/gps fixes \(gated\): listener failed \(the feed goes on\): Error: broken GNSS listener/);
      expect(out).toMatch(/counter events: listener failed \(the feed goes on\): Error: broken counter listener/);
      expect(out).toMatch(/printer status: listener failed \(the feed goes on\): Error: broken printer listener/);
      expect(out).not.toContain('FATAL');
      expect(alive(), `the child exited: ${out}`).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
