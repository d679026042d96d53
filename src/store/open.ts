import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
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

export type ExistingOpenError = OpenError | 'database-missing' | 'schema-mismatch';

/**
 * Opens a database another process (the running bus) may be using: never creates the file and never
 * migrates it, so a tool of another release cannot change a schema under the process that owns it.
 * `read` holds no write lock at all (WAL lets it read while the owner writes).
 */
export function openExistingDatabase(
  path: string,
  migrations: readonly Migration[],
  label: string,
  mode: 'read' | 'write',
): Result<Database.Database, ExistingOpenError> {
  if (!existsSync(path)) return err('database-missing', `no ${label} database at ${path} (is dataDir right? the bus creates it on its first start)`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: mode === 'read', fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    if (mode === 'write') {
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
    }
  } catch (error) {
    return err('database-unusable', `${label} database ${path} cannot be opened: ${(error as Error).message}`);
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === migrations.length) return ok(db);
  db.close();
  if (version > migrations.length) {
    return err('database-from-future', `${label} database ${path} has schema version ${version}, newer than this release knows (${migrations.length}): use the release that wrote it`);
  }
  return err(
    'schema-mismatch',
    `${label} database ${path} has schema version ${version}, this release expects ${migrations.length}: ` +
      'it is left untouched; start this release\'s bus software once (it migrates on start), or use the release that wrote it',
  );
}
