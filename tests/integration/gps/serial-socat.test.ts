/**
 * The serial source on a real pty pair made by socat, real `serialport` on the reader end: a capture
 * written at its real rate gives the expected fixes; silence makes the feed stale; killing socat and
 * starting it again under the same link names (an unplugged and replugged receiver) is recovered
 * within 2 s without restarting the process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SerialGpsSource, speaksNmea } from '../../../hardware/gps/sources/serial.ts';
import type { Fix, GpsSourceStatus } from '../../../hardware/gps/types.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { decodeAll } from '../../helpers/gpsd-agreement.ts';
import { gpsdDaemonDir, requireSharedData, stripComments } from '../../helpers/gpsd-corpus.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';

function requireSocat(): void {
  if (spawnSync('socat', ['-V']).error) throw new Error('socat is required for the serial test (apt-get install socat)');
}

/** Epochs of a 5 Hz capture: each a block of sentences sharing one time. */
function epochs(count: number): Buffer[] {
  const lines = stripComments(readFileSync(`${gpsdDaemonDir}quectel-l76k-nmea.log`)).toString('latin1').split('\n').filter((l) => l.startsWith('$'));
  const blocks: string[][] = [];
  for (const line of lines) {
    if (line.startsWith('$GNRMC') || blocks.length === 0) blocks.push([]);
    blocks.at(-1)!.push(line);
  }
  return blocks.slice(1, count + 1).map((b) => Buffer.from(b.map((l) => `${l.trimEnd()}\r\n`).join(''), 'latin1'));
}

/** Writes one block per period, as the receiver would. */
async function writeAtRate(path: string, blocks: Buffer[], periodMs: number): Promise<void> {
  const fd = openSync(path, 'w');
  try {
    for (const block of blocks) {
      writeSync(fd, block);
      await new Promise((r) => setTimeout(r, periodMs)); // the receiver's own rate, not a test wait
    }
  } finally {
    closeSync(fd);
  }
}

describe('serial source over a socat pty pair', () => {
  requireSocat();
  requireSharedData();
  const dir = tempDir('lianxin-gps-');
  const writer = join(dir.path, 'gps-writer');
  const reader = join(dir.path, 'gps-reader');
  let socat: ChildProcess | null = null;
  const startSocat = async () => {
    socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${writer}`, `pty,raw,echo=0,link=${reader}`], { stdio: 'ignore' });
    await waitFor(() => existsSync(writer) && existsSync(reader), 'socat pty links');
  };
  const stopSocat = async () => {
    const proc = socat;
    socat = null;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };
  afterAll(async () => {
    await stopSocat();
    dir.cleanup();
  });

  it('decodes a capture at its real rate, goes stale in silence, and recovers from an unplug', async () => {
    await startSocat();
    const source = new SerialGpsSource({ path: reader, baudRate: 9600, clock: systemClock, staleAfterS: 0.5, reopenMinMs: 100, reopenMaxMs: 400 });
    const fixes: Fix[] = [];
    const statuses: GpsSourceStatus['status'][] = [];
    source.onFix((f) => fixes.push(f));
    source.onStatus((s) => statuses.push(s.status));
    source.start();
    try {
      await waitFor(() => source.status().status !== 'no-device', 'serial port open');
      const blocks = epochs(12);
      await writeAtRate(writer, blocks, 200);
      // Each epoch is reported when the next begins: all but the last are out.
      const expected = decodeAll(Buffer.concat(blocks)).slice(0, -1);
      await waitFor(() => fixes.length >= expected.length, `${expected.length} fixes`);
      expect(fixes.slice(0, expected.length)).toEqual(expected);
      expect(expected.filter((f) => f.mode === 3 && f.time).length).toBeGreaterThanOrEqual(10);
      expect(source.status().device).toBe(reader);
      await waitFor(() => source.status().status === 'stale', 'stale after 0.5 s of silence');

      // Unplug: the writer side disappears; the reader notices.
      await stopSocat();
      await waitFor(() => source.status().status === 'no-device', 'no-device after unplug');
      // Plug back in under the same names.
      const replugged = Date.now();
      await startSocat();
      await waitFor(() => source.status().status !== 'no-device', 'reopened after replug', 2000);
      const recoveredMs = Date.now() - replugged;
      const before = fixes.length;
      await writeAtRate(writer, epochs(4), 200);
      await waitFor(() => fixes.length >= before + 3, 'fixes after replug');
      console.log(`serial: ${expected.length} fixes matched; recovered ${recoveredMs} ms after replug; statuses ${statuses.join(' → ')}`);
      expect(recoveredMs).toBeLessThan(2000);
    } finally {
      await source.stop();
    }
  });

  it('auto-detection probes a port for valid NMEA', async () => {
    if (!socat) await startSocat();
    const silent = await speaksNmea(reader, 9600, 400);
    const [heard] = await Promise.all([speaksNmea(reader, 9600, 1500), writeAtRate(writer, epochs(3), 100)]);
    expect({ silent, heard }).toEqual({ silent: false, heard: true });
  });
});
