/**
 * A data directory that cannot take writes (a read-only filesystem, one the bus's user may not
 * write) or is missing where it cannot be made: `lianxin run` says which path and why and exits
 * non-zero before anything starts (no screens served, no database made).
 *
 * Root ignores file permissions, so as root (as in CI) the directory is a read-only bind mount made
 * by the test; otherwise it is a directory without write permission (chmod 555).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBusProcess, writeBusConfig } from '../../helpers/bus-process.ts';
import { tempDir } from '../../helpers/temp.ts';

const asRoot = process.getuid?.() === 0;
const dir = tempDir('lianxin-readonly-');
const locked = join(dir.path, 'locked');

beforeAll(() => {
  mkdirSync(locked);
  if (asRoot) {
    try {
      execFileSync('mount', ['--bind', locked, locked]);
      execFileSync('mount', ['-o', 'remount,ro,bind', locked]);
    } catch (error) {
      throw new Error(`this test needs mount (util-linux) and the right to bind-mount as root: ${(error as Error).message}`, { cause: error });
    }
  } else chmodSync(locked, 0o555);
});

afterAll(() => {
  if (asRoot) execFileSync('umount', [locked]);
  else chmodSync(locked, 0o755);
  dir.cleanup();
});

const cause = asRoot ? /the filesystem is mounted read-only \(EROFS\)/ : /permission denied for user \d+ \(EACCES\)/;

async function runOn(dataDir: string) {
  const bus = startBusProcess(writeBusConfig(dir.path, 'bus-ro', dataDir, undefined));
  const code = await bus.exited;
  return { code, output: bus.output() };
}

describe(`a data directory that cannot be written (${asRoot ? 'read-only bind mount, as root' : 'chmod 555, not root'})`, () => {
  it('stops the start with the path and the cause, before anything starts', async () => {
    const { code, output } = await runOn(locked);
    expect(code).not.toBe(0);
    expect(output).toContain(`lianxin run: the data directory ${locked} cannot be written: `);
    expect(output).toMatch(cause);
    expect(output).not.toMatch(/onboard: screens|route: /);
    expect(output).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(readdirSync(locked)).toEqual([]);
  }, 60_000);

  it('says so for a missing data directory that cannot be made there', async () => {
    const missing = join(locked, 'data');
    const { code, output } = await runOn(missing);
    expect(code).not.toBe(0);
    expect(output).toContain(`lianxin run: the data directory ${missing} does not exist and cannot be made: `);
    expect(output).toMatch(cause);
    expect(output).not.toMatch(/onboard: screens/);
    expect(existsSync(missing)).toBe(false);
  }, 60_000);
});
