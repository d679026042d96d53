/**
 * `lianxin run` for the full-disk test where it cannot mount a small file system (not root): the
 * same CLI entry, with every bus database connection capped by SQLite's max_page_count, which
 * makes SQLite report SQLITE_FULL exactly as a full disk does. SIGUSR1 caps each connection at its
 * current size (the disk fills), SIGUSR2 lifts the cap (space returns).
 */
import Database from 'better-sqlite3';
import { main } from '../../../src/cli/main.ts';
import { installLastLine } from '../../../src/core/last-line.ts';

const connections: Database.Database[] = [];
const pragma = Database.prototype.pragma;
Database.prototype.pragma = function (this: Database.Database, source: string, options?: Database.PragmaOptions) {
  // open.ts sets WAL mode first on every connection it opens: that is where a bus connection is known.
  if (source === 'journal_mode = WAL' && /bus\.db$/.test(this.name)) connections.push(this);
  return pragma.call(this, source, options);
} as typeof Database.prototype.pragma;

const cap = (pages: (db: Database.Database) => number) => {
  for (const db of connections) if (db.open) pragma.call(db, `max_page_count = ${pages(db)}`);
};
process.on('SIGUSR1', () => cap((db) => pragma.call(db, 'page_count', { simple: true }) as number));
process.on('SIGUSR2', () => cap(() => 1_073_741_823));

installLastLine('lianxin run (page-capped)');
const stopSignal = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});
main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, stopSignal }).then((code) => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 50).unref();
});
