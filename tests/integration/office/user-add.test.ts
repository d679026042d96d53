import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { officeCommand } from '../../../src/cli/commands/office.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { OfficeAuth } from '../../../src/office/auth.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import { tempDir } from '../../helpers/temp.ts';
import { capturedIo } from '../../helpers/cli-io.ts';

const io = (stdin: string) => capturedIo(stdin);

describe('lianxin office user add', () => {
  let dir: ReturnType<typeof tempDir>;
  let config: string;
  beforeEach(() => {
    dir = tempDir();
    config = join(dir.path, 'config.json');
    writeFileSync(config, JSON.stringify({ dataDir: dir.path, office: { dataDir: join(dir.path, 'office') } }));
  });
  afterEach(() => dir.cleanup());

  it('stores a scrypt hash of the password read from stdin, and the user can sign in', async () => {
    const session = io('芙蓉路-社区-2026\n');
    expect(await officeCommand.run(['user', 'add', 'zhao', '--name', '赵书记', '--can-unmask', '--config', config], session)).toBe(0);
    expect(session.out()).toContain('office user zhao added (may unmask personal data)');
    const store = unwrap(await OfficeStore.open(join(dir.path, 'office', 'office.db'), new ManualClock()));
    try {
      const row = store.db.prepare('SELECT * FROM office_user').get() as Record<string, unknown>;
      expect(JSON.stringify(row)).not.toContain('芙蓉路-社区-2026');
      const auth = new OfficeAuth(store.db, new ManualClock());
      expect(auth.login('zhao', '芙蓉路-社区-2026', '127.0.0.1')).toMatchObject({ ok: true, value: { session: { user: { displayName: '赵书记', canUnmask: true } } } });
      expect(auth.login('zhao', 'wrong-password', '127.0.0.1')).toMatchObject({ ok: false, error: { code: 'invalid' } });
    } finally {
      await store.close();
    }
  });

  it('refuses a short password and a second user of the same name', async () => {
    const weak = io('short\n');
    expect(await officeCommand.run(['user', 'add', 'zhao', '--config', config], weak)).toBe(1);
    expect(weak.err()).toContain('at least 10 characters');
    expect(await officeCommand.run(['user', 'add', 'zhao', '--config', config], io('long-enough-password\n'))).toBe(0);
    const again = io('another-long-password\n');
    expect(await officeCommand.run(['user', 'add', 'zhao', '--config', config], again)).toBe(1);
    expect(again.err()).toContain('exists already');
  });

  it('disables a user (their sessions end), enables them again, and signs a user out everywhere; each audited', async () => {
    expect(await officeCommand.run(['user', 'add', 'zhao', '--config', config], io('long-enough-password\n'))).toBe(0);
    const path = join(dir.path, 'office', 'office.db');
    const signIn = async () => {
      const store = unwrap(await OfficeStore.open(path, new ManualClock()));
      try {
        return { result: new OfficeAuth(store.db, new ManualClock()).login('zhao', 'long-enough-password', '127.0.0.1') };
      } finally {
        await store.close();
      }
    };
    const sessionAlive = async (token: string) => {
      const store = unwrap(await OfficeStore.open(path, new ManualClock()));
      try {
        return new OfficeAuth(store.db, new ManualClock()).session(token) !== null;
      } finally {
        await store.close();
      }
    };
    const first = await signIn();
    if (!first.result.ok) throw new Error('zhao should sign in');
    const revoke = io('');
    expect(await officeCommand.run(['sessions', 'revoke', 'zhao', '--config', config], revoke)).toBe(0);
    expect(revoke.out()).toContain('office user zhao signed out everywhere; 1 session(s) ended');
    expect(await sessionAlive(first.result.value.token)).toBe(false);

    const second = await signIn();
    if (!second.result.ok) throw new Error('zhao should sign in again');
    const disable = io('');
    expect(await officeCommand.run(['user', 'disable', 'zhao', '--config', config], disable)).toBe(0);
    expect(disable.out()).toContain('office user zhao disabled; 1 session(s) ended');
    expect(await sessionAlive(second.result.value.token)).toBe(false);
    expect((await signIn()).result).toMatchObject({ ok: false, error: { code: 'invalid' } });

    expect(await officeCommand.run(['user', 'enable', 'zhao', '--config', config], io(''))).toBe(0);
    expect((await signIn()).result.ok).toBe(true);

    const unknown = io('');
    expect(await officeCommand.run(['user', 'disable', 'nobody', '--config', config], unknown)).toBe(1);
    expect(unknown.err()).toContain('no office user nobody');

    const store = unwrap(await OfficeStore.open(path, new ManualClock()));
    try {
      const actions = new OfficeAuth(store.db, new ManualClock()).auditLog().map((e) => `${e.action} ${e.target}`);
      expect(actions).toEqual(expect.arrayContaining(['sessions-revoked zhao', 'user-disabled zhao', 'login-disabled 127.0.0.1', 'user-enabled zhao']));
    } finally {
      await store.close();
    }
  });
});
