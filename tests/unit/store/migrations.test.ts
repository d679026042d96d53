import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { officeMigrations } from '../../../src/office/migrations.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import { migrate } from '../../../src/store/migrate.ts';
import { busMigrations } from '../../../src/store/migrations/index.ts';
import { Store } from '../../../src/store/store.ts';
import { tempDir } from '../../helpers/temp.ts';

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]).filter(
    (n) => !n.startsWith('sqlite_'),
  );

describe.each([
  ['bus', busMigrations],
  ['office', officeMigrations],
] as const)('%s migrations', (label, migrations) => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());

  it('brings an empty database to the newest version with STRICT tables', () => {
    const db = new Database(join(dir.path, 'x.db'));
    const result = migrate(db, migrations, label);
    expect(result).toEqual({ ok: true, value: { from: 0, to: migrations.length } });
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    // Virtual tables (full-text indexes) and the shadow tables SQLite makes for them cannot be STRICT.
    const ordinary = new Set(db.prepare("SELECT name FROM pragma_table_list WHERE type = 'table'").pluck().all() as string[]);
    for (const name of tables(db).filter((n) => ordinary.has(n))) {
      const sql = db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(name) as string;
      expect(sql, `${name} is STRICT`).toMatch(/STRICT\s*$/);
    }
    db.close();
  });

  // One test per migration: start from the version before it, apply it alone, check what it added.
  it.each(migrations.map((m, i) => [i + 1, m.name] as const))('applies version %i (%s) from the one before', (version) => {
    const db = new Database(join(dir.path, 'x.db'));
    migrate(db, migrations.slice(0, version - 1), label);
    const before = tables(db);
    const result = migrate(db, migrations.slice(0, version), label);
    expect(result).toEqual({ ok: true, value: { from: version - 1, to: version } });
    expect(db.pragma('user_version', { simple: true })).toBe(version);
    expect(tables(db).length).toBeGreaterThanOrEqual(before.length);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Running again is a no-op.
    expect(migrate(db, migrations.slice(0, version), label)).toEqual({ ok: true, value: { from: version, to: version } });
    db.close();
  });

  it('rolls a failing step back whole', () => {
    const db = new Database(join(dir.path, 'x.db'));
    const broken = [...migrations, { name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE half (a INTEGER) STRICT; INSERT INTO missing VALUES (1)') }];
    expect(() => migrate(db, broken, label)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(tables(db)).not.toContain('half');
    db.close();
  });
});

describe('bus version 8', () => {
  it('drops the outbox (priority, seq) index, keeps the rows, and the ack deletes by seq even with planner statistics', () => {
    const dir = tempDir();
    const db = new Database(join(dir.path, 'bus.db'));
    const version = busMigrations.findIndex((m) => m.name === 'drop the unused outbox (priority, seq) index') + 1;
    migrate(db, busMigrations.slice(0, version - 1), 'bus');
    const insert = db.prepare("INSERT INTO outbox (id, kind, at, payload, priority, created_at, sent_at) VALUES (?, 'count', 'a', '{}', ?, 'c', ?)");
    db.transaction(() => {
      for (let i = 1; i <= 2000; i++) insert.run(`id-${i}`, i % 3, i <= 1500 ? 's' : null);
    })();
    db.exec('ANALYZE');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1) as { detail: string }[]).map((r) => r.detail).join(' | ');
    // Before: with statistics SQLite picks the index for a skip-scan over every priority.
    expect(plan('DELETE FROM outbox WHERE seq <= ?')).toContain('outbox_pending');
    migrate(db, busMigrations.slice(0, version), 'bus');
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox'").pluck().all();
    expect(indexes).not.toContain('outbox_pending');
    expect(indexes).toEqual(expect.arrayContaining(['outbox_unsent', 'outbox_sent']));
    expect(db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(2000);
    expect(plan('DELETE FROM outbox WHERE seq <= ?')).toBe('SEARCH outbox USING INTEGER PRIMARY KEY (rowid<?)');
    db.close();
    dir.cleanup();
  });
});

describe('bus version 9', () => {
  it('adds the ticket secret hash and case reference to existing tickets (null: a ticket from before has no secret), references unique', () => {
    const dir = tempDir();
    const db = new Database(join(dir.path, 'bus.db'));
    const version = busMigrations.findIndex((m) => m.name === 'desk ticket secret hash and case reference') + 1;
    migrate(db, busMigrations.slice(0, version - 1), 'bus');
    const insert = db.prepare(
      "INSERT INTO desk_ticket (id, day, number, category_id, item_id, state, taken_at, last_outbox_seq) VALUES (?, '2026-11-23', ?, 'c', 'i', 'waiting', 't', 1)",
    );
    insert.run('old-1', 'A001');
    migrate(db, busMigrations.slice(0, version), 'bus');
    expect(db.prepare("SELECT secret_hash, case_reference FROM desk_ticket WHERE id = 'old-1'").get()).toEqual({ secret_hash: null, case_reference: null });
    insert.run('new-1', 'A002');
    const setReference = db.prepare('UPDATE desk_ticket SET case_reference = ? WHERE id = ?');
    setReference.run('ABCDEFGH', 'old-1');
    expect(() => setReference.run('ABCDEFGH', 'new-1')).toThrow(/UNIQUE/);
    db.close();
    dir.cleanup();
  });
});

describe('a database from a newer release', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());

  it.each([
    ['bus', (p: string) => Store.open(p, new ManualClock()), busMigrations.length],
    ['office', (p: string) => OfficeStore.open(p, new ManualClock()), officeMigrations.length],
  ] as const)('is refused by the %s store and left untouched', async (_label, open, known) => {
    const path = join(dir.path, 'future.db');
    const db = new Database(path);
    db.exec('CREATE TABLE from_the_future (x ANY) STRICT');
    db.pragma(`user_version = ${known + 5}`);
    db.close();
    const result = await open(path);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('database-from-future');
      expect(result.error.message).toContain(`schema version ${known + 5}`);
    }
    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(known + 5);
    expect(tables(after)).toEqual(['from_the_future']);
    after.close();
  });
});

describe('store pragmas', () => {
  it('opens in WAL with synchronous=FULL and foreign keys on', () => {
    const dir = tempDir();
    const store = Store.open(join(dir.path, 'bus.db'), new ManualClock());
    expect(store.ok).toBe(true);
    if (!store.ok) return;
    expect(store.value.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.value.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.value.db.pragma('foreign_keys', { simple: true })).toBe(1);
    store.value.close();
    dir.cleanup();
  });
});
