import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../../core/result.ts';

export type DataDirError = 'data-dir-unusable';

/** Left in the data directory at the bus's first start: a bus.db missing or empty beside it was lost, not never made. */
export const ranMarkerName = 'bus.id';

/**
 * Makes sure the data directory exists and takes a durable write, before anything starts. A
 * probe file is written, fsynced and removed: permissions alone do not tell (root ignores them, a
 * read-only mount refuses even root), and a database opened on a directory that cannot be written
 * fails later, half started, at its first write.
 */
export function prepareDataDir(dir: string): Result<void, DataDirError> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    // A recursive mkdir reports ENOENT for a read-only parent; a plain one names the real cause.
    let real = error;
    try {
      mkdirSync(dir);
    } catch (again) {
      real = again;
    }
    return err('data-dir-unusable', `the data directory ${dir} does not exist and cannot be made: ${cause(real)}`);
  }
  if (!statSync(dir).isDirectory()) return err('data-dir-unusable', `the data directory ${dir} is not a directory`);
  const probe = join(dir, `.write-probe-${process.pid}`);
  try {
    const fd = openSync(probe, 'w');
    try {
      writeSync(fd, 'probe');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    unlinkSync(probe);
  } catch (error) {
    return err('data-dir-unusable', `the data directory ${dir} cannot be written: ${cause(error)}`);
  }
  return ok(undefined);
}

/** The system's reason in words a technician acts on, with its code. */
function cause(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    EROFS: 'the filesystem is mounted read-only',
    EACCES: `permission denied for user ${process.getuid?.() ?? '?'}`,
    EPERM: 'operation not permitted',
    ENOSPC: 'the disk is full',
    ENOTDIR: 'a part of the path is a file, not a directory',
    ENOENT: 'a part of the path does not exist',
    EIO: 'input/output error (failing disk?)',
  };
  return code && words[code] ? `${words[code]} (${code})` : (error as Error).message;
}

/** Whether the bus has started in this data directory before. */
export function hasRunBefore(dir: string): boolean {
  return existsSync(join(dir, ranMarkerName));
}

/** Written once the bus's first database is open; never rewritten, so it records the first start. */
export function markRun(dir: string, busId: string, at: Date): void {
  const path = join(dir, ranMarkerName);
  if (existsSync(path)) return;
  writeDurably(path, `${JSON.stringify({ busId, firstStart: at.toISOString() })}\n`);
}

export function readMarker(dir: string): string | null {
  try {
    return readFileSync(join(dir, ranMarkerName), 'utf8');
  } catch {
    return null;
  }
}

/** A small file replaced whole or not at all (temp, fsync, rename, directory fsync). */
export function writeDurably(path: string, text: string): void {
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  syncDirectoryOf(path);
}

/** Makes renames and removals in a file's directory durable. */
export function syncDirectoryOf(path: string): void {
  const dir = path.slice(0, Math.max(1, path.lastIndexOf('/')));
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
