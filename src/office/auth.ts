import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Clock } from '../core/clock.ts';
import { delays } from '../core/delays.ts';
import { err, ok, type Result } from '../core/result.ts';

export interface StaffUser {
  username: string;
  displayName: string;
  /** May see residents' personal data unmasked (on request, audited). */
  canUnmask: boolean;
}

export interface Session {
  user: StaffUser;
  csrf: string;
  expiresAt: string;
}

/** Failed logins of one user, from any address, before the user is locked for delays.officeLoginLockMs. */
export const maxLoginFailures = 5;
/** Failed logins from one address, for any users, before that address is held off as long. */
export const maxAddressFailures = 20;
const keyLength = 64;
const usernamePattern = /^[A-Za-z0-9_.-]{1,32}$/;

function scrypt(password: string, salt: string): Buffer {
  return scryptSync(password.normalize('NFC'), Buffer.from(salt, 'base64'), keyLength);
}

/** A password hash (scrypt, random 16-byte salt), both base64. */
export function hashPassword(password: string): { hash: string; salt: string } {
  const salt = randomBytes(16).toString('base64');
  return { hash: scrypt(password, salt).toString('base64'), salt };
}

export function verifyPassword(password: string, hash: string, salt: string): boolean {
  const expected = Buffer.from(hash, 'base64');
  const actual = scrypt(password, salt);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Sessions are looked up by the hash of their token, so a leaked database holds no usable cookie. */
const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A hash to compare against when the user does not exist, so timing does not reveal names. */
const decoy = hashPassword(randomBytes(12).toString('base64'));

export type LoginError = 'locked' | 'throttled' | 'invalid';
export type AccountError = 'unknown-user';
export type AddUserError = 'bad-username' | 'weak-password' | 'exists';

/** Office staff accounts, sessions, login throttling and the audit log, in the office database. */
export class OfficeAuth {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  addUser(input: { username: string; displayName?: string; password: string; canUnmask?: boolean }): Result<StaffUser, AddUserError> {
    if (!usernamePattern.test(input.username)) return err('bad-username', 'user names are 1–32 letters, digits, ".", "_" or "-"');
    if ([...input.password].length < 10) return err('weak-password', 'a password needs at least 10 characters');
    const exists = this.db.prepare('SELECT 1 FROM office_user WHERE username = ?').get(input.username);
    if (exists) return err('exists', `user ${input.username} exists already`);
    const { hash, salt } = hashPassword(input.password);
    const user = { username: input.username, displayName: input.displayName ?? input.username, canUnmask: input.canUnmask === true };
    this.db
      .prepare('INSERT INTO office_user (username, display_name, password_hash, salt, can_unmask, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(user.username, user.displayName, hash, salt, user.canUnmask ? 1 : 0, this.clock.now().toISOString());
    return ok(user);
  }

  /** Adds the user unless one of that name exists (users listed in the config file). */
  ensureUser(input: { username: string; displayName?: string; password: string; canUnmask?: boolean }): void {
    const added = this.addUser(input);
    if (!added.ok && added.error.code !== 'exists') throw new Error(`office user ${input.username}: ${added.error.message}`);
  }

  /**
   * Checks a password. A user with maxLoginFailures failures within a lock period, from whatever
   * addresses, is refused (even with the right password) until the lock expires; an address with
   * maxAddressFailures failures, whatever the names tried, is held off as long. A success clears
   * the user's count. A disabled user is refused like a wrong password (and audited).
   */
  login(username: string, password: string, address: string): Result<{ token: string; session: Session }, LoginError> {
    const now = this.clock.now();
    const userKey = `user\u0000${username}`;
    const addressKey = `address\u0000${address}`;
    if (this.lockedUntil(addressKey, now)) return err('throttled', 'too many failed attempts from this address; try again later');
    if (this.lockedUntil(userKey, now)) return err('locked', 'too many failed attempts; try again later');
    const row = this.db.prepare('SELECT * FROM office_user WHERE username = ?').get(username) as
      | { username: string; display_name: string; password_hash: string; salt: string; can_unmask: number; disabled_at: string | null }
      | undefined;
    const good = verifyPassword(password, row?.password_hash ?? decoy.hash, row?.salt ?? decoy.salt) && row !== undefined;
    if (!good) {
      if (this.countFailure(userKey, maxLoginFailures, now)) this.audit(username, 'login-locked', address, {});
      if (this.countFailure(addressKey, maxAddressFailures, now)) this.audit(username, 'address-throttled', address, {});
      return err('invalid', 'wrong user name or password');
    }
    if (row.disabled_at !== null) {
      this.audit(row.username, 'login-disabled', address, {});
      return err('invalid', 'wrong user name or password');
    }
    this.db.prepare('DELETE FROM login_failure WHERE key = ?').run(userKey);
    this.db.prepare('DELETE FROM office_session WHERE expires_at <= ?').run(now.toISOString());
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + delays.officeSessionMs).toISOString();
    this.db
      .prepare('INSERT INTO office_session (token_hash, username, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(tokenHash(token), row.username, csrf, now.toISOString(), expiresAt);
    this.audit(row.username, 'login', address, {});
    const user = { username: row.username, displayName: row.display_name, canUnmask: row.can_unmask === 1 };
    return ok({ token, session: { user, csrf, expiresAt } });
  }

  private lockedUntil(key: string, now: Date): boolean {
    const stored = this.db.prepare('SELECT locked_until FROM login_failure WHERE key = ?').get(key) as { locked_until: string | null } | undefined;
    return stored?.locked_until != null && stored.locked_until > now.toISOString();
  }

  /** Counts one failure against key; true when it makes the lock. */
  private countFailure(key: string, limit: number, now: Date): boolean {
    const stored = this.db.prepare('SELECT failures, locked_until, last_at FROM login_failure WHERE key = ?').get(key) as
      | { failures: number; locked_until: string | null; last_at: string }
      | undefined;
    // Failures count within one lock period: a typo last month does not bring a lock closer today.
    const recent = stored && !stored.locked_until && now.getTime() - Date.parse(stored.last_at) < delays.officeLoginLockMs;
    const failures = (recent ? stored.failures : 0) + 1;
    const lockedUntil = failures >= limit ? new Date(now.getTime() + delays.officeLoginLockMs).toISOString() : null;
    this.db
      .prepare(
        `INSERT INTO login_failure (key, failures, locked_until, last_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, last_at = excluded.last_at`,
      )
      .run(key, lockedUntil ? 0 : failures, lockedUntil, now.toISOString());
    return lockedUntil !== null;
  }

  /** Stops a user signing in and ends their sessions at once; `by` is who did it (audited). */
  disableUser(username: string, by: string): Result<{ sessionsEnded: number }, AccountError> {
    const changed = this.db.prepare('UPDATE office_user SET disabled_at = ? WHERE username = ?').run(this.clock.now().toISOString(), username);
    if (changed.changes === 0) return err('unknown-user', `no office user ${username}`);
    const sessionsEnded = this.endSessions(username);
    this.audit(by, 'user-disabled', username, { sessionsEnded });
    return ok({ sessionsEnded });
  }

  enableUser(username: string, by: string): Result<null, AccountError> {
    const changed = this.db.prepare('UPDATE office_user SET disabled_at = NULL WHERE username = ?').run(username);
    if (changed.changes === 0) return err('unknown-user', `no office user ${username}`);
    this.audit(by, 'user-enabled', username, {});
    return ok(null);
  }

  /** Ends every session of a user (a lost laptop, a shared PC); they may sign in again. */
  revokeSessions(username: string, by: string): Result<{ sessionsEnded: number }, AccountError> {
    if (!this.db.prepare('SELECT 1 FROM office_user WHERE username = ?').get(username)) return err('unknown-user', `no office user ${username}`);
    const sessionsEnded = this.endSessions(username);
    this.audit(by, 'sessions-revoked', username, { sessionsEnded });
    return ok({ sessionsEnded });
  }

  private endSessions(username: string): number {
    return this.db.prepare('DELETE FROM office_session WHERE username = ?').run(username).changes;
  }

  session(token: string | undefined): Session | null {
    if (!token) return null;
    const row = this.db
      .prepare(
        `SELECT s.csrf, s.expires_at, u.username, u.display_name, u.can_unmask
         FROM office_session s JOIN office_user u USING (username) WHERE s.token_hash = ? AND u.disabled_at IS NULL`,
      )
      .get(tokenHash(token)) as { csrf: string; expires_at: string; username: string; display_name: string; can_unmask: number } | undefined;
    if (!row || row.expires_at <= this.clock.now().toISOString()) return null;
    return {
      user: { username: row.username, displayName: row.display_name, canUnmask: row.can_unmask === 1 },
      csrf: row.csrf,
      expiresAt: row.expires_at,
    };
  }

  logout(token: string): void {
    this.db.prepare('DELETE FROM office_session WHERE token_hash = ?').run(tokenHash(token));
  }

  audit(username: string, action: string, target: string | null, detail: Record<string, unknown>): void {
    this.db
      .prepare('INSERT INTO audit_log (at, username, action, target, detail) VALUES (?, ?, ?, ?, ?)')
      .run(this.clock.now().toISOString(), username, action, target, JSON.stringify(detail));
  }

  auditLog(limit = 200): { at: string; username: string; action: string; target: string | null; detail: string }[] {
    return this.db.prepare('SELECT at, username, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as {
      at: string;
      username: string;
      action: string;
      target: string | null;
      detail: string;
    }[];
  }
}
