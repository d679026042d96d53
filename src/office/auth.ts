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

/** Failed logins per user and address before the pair is locked for delays.officeLoginLockMs. */
export const maxLoginFailures = 5;
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

export type LoginError = 'locked' | 'invalid';
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
   * Checks a password. After maxLoginFailures failures for one user from one address, that pair is
   * refused (even with the right password) until the lock expires; a success clears the count.
   */
  login(username: string, password: string, address: string): Result<{ token: string; session: Session }, LoginError> {
    const now = this.clock.now();
    const key = `${username}\u0000${address}`;
    const stored = this.db.prepare('SELECT failures, locked_until, last_at FROM login_failure WHERE key = ?').get(key) as
      | { failures: number; locked_until: string | null; last_at: string }
      | undefined;
    if (stored?.locked_until && stored.locked_until > now.toISOString()) {
      return err('locked', 'too many failed attempts; try again later');
    }
    // Failures count within one lock period: a typo last month does not bring a lock closer today.
    const recent = stored && !stored.locked_until && now.getTime() - Date.parse(stored.last_at) < delays.officeLoginLockMs;
    const failure = recent ? stored : undefined;
    const row = this.db.prepare('SELECT * FROM office_user WHERE username = ?').get(username) as
      | { username: string; display_name: string; password_hash: string; salt: string; can_unmask: number }
      | undefined;
    const good = verifyPassword(password, row?.password_hash ?? decoy.hash, row?.salt ?? decoy.salt) && row !== undefined;
    if (!good) {
      const failures = (failure?.failures ?? 0) + 1;
      const lockedUntil = failures >= maxLoginFailures ? new Date(now.getTime() + delays.officeLoginLockMs).toISOString() : null;
      this.db
        .prepare(
          `INSERT INTO login_failure (key, failures, locked_until, last_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, last_at = excluded.last_at`,
        )
        .run(key, lockedUntil ? 0 : failures, lockedUntil, now.toISOString());
      if (lockedUntil) this.audit(username, 'login-locked', address, {});
      return err('invalid', 'wrong user name or password');
    }
    this.db.prepare('DELETE FROM login_failure WHERE key = ?').run(key);
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

  session(token: string | undefined): Session | null {
    if (!token) return null;
    const row = this.db
      .prepare(
        `SELECT s.csrf, s.expires_at, u.username, u.display_name, u.can_unmask
         FROM office_session s JOIN office_user u USING (username) WHERE s.token_hash = ?`,
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
