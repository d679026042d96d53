import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SerialCounter } from '../../../hardware/counter/serial.ts';
import type { CounterEvent, CounterStatus } from '../../../hardware/counter/types.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';

function requireSocat(): void {
  try {
    execFileSync('socat', ['-V'], { stdio: 'ignore' });
  } catch {
    throw new Error('socat is required for the counter replug test (apt-get install socat); it was not found on PATH');
  }
}

/** A pty pair: the counter end the reader opens, and the wire end the test writes to. */
async function startPtyPair(device: string, wire: string): Promise<ChildProcess> {
  const proc = spawn('socat', [`pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${wire}`], { stdio: 'ignore' });
  await waitFor(() => existsSync(device) && existsSync(wire), 'socat to create the pty links', 5000);
  return proc;
}

async function stopPtyPair(proc: ChildProcess, device: string): Promise<void> {
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGTERM');
  await exited;
  await waitFor(() => !existsSync(device), 'socat to remove its pty link', 5000);
}

describe('serial counter on a socat pty', () => {
  const dir = tempDir('lianxin-counter-');
  const device = join(dir.path, 'counter');
  const wire = join(dir.path, 'wire');
  const events: CounterEvent[] = [];
  const statuses: CounterStatus[] = [];
  let socat: ChildProcess | null = null;
  let counter: SerialCounter;

  beforeAll(() => {
    requireSocat();
    counter = new SerialCounter({ path: device, reopenMinMs: 20, reopenMaxMs: 200, presenceCheckMs: 100 });
    counter.onEvent((e) => events.push(e));
    counter.onStatus((s) => statuses.push(s));
  });

  afterAll(async () => {
    await counter?.stop();
    if (socat && socat.exitCode === null) socat.kill('SIGTERM');
    dir.cleanup();
  });

  it('waits for a device that is not there yet, then reads it', async () => {
    counter.start();
    await waitFor(() => counter.status().reopenAttempts >= 2, 'the reader to retry the missing device');
    expect(counter.status().state).toBe('no-device');
    socat = await startPtyPair(device, wire);
    await waitFor(() => counter.status().state === 'connected', 'the reader to open the device');
    writeFileSync(wire, 'D1 DOOR OPEN\nD1 IN');
    writeFileSync(wire, ' 2\ngarbage\n');
    await waitFor(() => events.length >= 2, 'two events');
    expect(events).toEqual([
      { kind: 'door', door: 1, open: true },
      { kind: 'in', door: 1, count: 2 },
    ]);
    expect(counter.status().rejectedLines).toBe(1);
  });

  it('recovers when the pty is killed and recreated with the same link, without a restart', async () => {
    writeFileSync(wire, 'D2 OUT');
    await stopPtyPair(socat!, device);
    await waitFor(() => counter.status().state === 'reconnecting', 'the reader to notice the unplug');
    await waitFor(() => counter.status().reopenAttempts >= 2, 'the reader to retry while unplugged');
    socat = await startPtyPair(device, wire);
    await waitFor(() => counter.status().state === 'connected', 'the reader to reopen the replugged device');
    // The line cut by the unplug must not glue onto the first line after it.
    writeFileSync(wire, ' 1\nD2 OUT 3\nD1 DOOR CLOSED\n');
    await waitFor(() => events.length >= 4, 'events after the replug');
    expect(events.slice(2)).toEqual([
      { kind: 'out', door: 2, count: 3 },
      { kind: 'door', door: 1, open: false },
    ]);
    expect(statuses.map((s) => s.state)).toContain('reconnecting');
    expect(counter.status().reopenAttempts).toBe(0);
  });

  it('stops cleanly and stays stopped', async () => {
    await counter.stop();
    expect(counter.status().state).toBe('stopped');
  });
});
