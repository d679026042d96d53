import type Database from 'better-sqlite3';
import { err, ok, type Result } from '../core/result.ts';

/** One schema step. Its version is its position in the list (1-based); never reorder or edit a shipped one. */
export interface Migration {
  name: string;
  up(db: Database.Database): void;
}

export type MigrateError = 'database-from-future';

/**
 * Brings a database to the newest version, one transaction per step, tracked by PRAGMA user_version.
 * A database written by a newer release is refused untouched: guessing at its schema could lose data.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  label: string,
): Result<{ from: number; to: number }, MigrateError> {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > migrations.length) {
    return err(
      'database-from-future',
      `${label} database ${db.name} has schema version ${from}, newer than this release knows (${migrations.length}); ` +
        'it was written by a newer version of the software and is left untouched. Install that version or restore a backup.',
    );
  }
  for (let version = from + 1; version <= migrations.length; version++) {
    const step = migrations[version - 1]!;
    db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${version}`);
    }).immediate();
  }
  return ok({ from, to: migrations.length });
}
