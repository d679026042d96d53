import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { err, ok, type Result } from '../core/result.ts';
import { migrate, type MigrateError, type Migration } from './migrate.ts';

export type OpenError = MigrateError | 'database-unusable';

/**
 * Opens a SQLite file the way a bus needs it: power is cut at ignition off, so WAL with
 * synchronous=FULL — a write that returned survives kill -9 and power loss.
 */
export function openDatabase(
  path: string,
  migrations: readonly Migration[],
  label: string,
): Result<Database.Database, OpenError> {
  let db: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    return err('database-unusable', `${label} database ${path} cannot be opened: ${(error as Error).message}`);
  }
  let migrated;
  try {
    migrated = migrate(db, migrations, label);
  } catch (error) {
    db.close();
    return err('database-unusable', `${label} database ${path} could not be migrated: ${(error as Error).message}`);
  }
  if (!migrated.ok) {
    db.close();
    return migrated;
  }
  return ok(db);
}
