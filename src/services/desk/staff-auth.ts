import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import { delays } from '../../core/delays.ts';
import { err, ok, type Result } from '../../core/result.ts';

/** scrypt cost: ~50 ms per login on the bus PC, far too slow to try all 10^6 six-digit PINs offline quickly. */
const cost = { N: 16_384, r: 8, p: 1 } as const;
const keyLength = 32;

/** `scrypt$N$r$p$salt$hash` (base64); what `lianxin desk-pin` prints for the config file. */
export function hashPin(pin: string, salt: Buffer = randomBytes(16)): string {
  const hash = scryptSync(pin, salt, keyLength, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export const pinHashPattern = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/;
export const pinPattern = /^\d{4,8}$/;

export function verifyPin(pin: string, encoded: string): boolean {
  const [scheme, N, r, p, salt, hash] = encoded.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(N),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}

export interface StaffAccount {
  id: string;
  name: string;
  pinHash: string;
}

export interface StaffSession {
  token: string;
  staffId: string;
  name: string;
  /** The console locks itself after this long without a staff action. */
  idleLockMinutes: number;
}

export type LoginError = 'login-refused' | 'login-throttled';
export type SessionError = 'not-logged-in' | 'session-locked';

/** After this many wrong PINs in a row a staff id is refused for `delays.deskPinLockoutMs`. */
const maxFailures = 5;
// Unknown ids are checked against this so a wrong id takes as long as a wrong PIN. Made at the first
// sign-in, not at start-up: one scrypt is 50 ms the kiosk would wait for.
let decoy: string | null = null;
const decoyHash = (): string => (decoy ??= hashPin('000000'));

/**
 * Staff sessions for the console, in memory: a restart locks every console, which is what one wants
 * on a bus whose power is cut. A session locks after `idleLockMinutes` without use.
 */
export class StaffSessions {
  private readonly sessions = new Map<string, { staffId: string; lastUsedMs: number }>();
  private readonly failures = new Map<string, { count: number; untilMs: number }>();

  constructor(
    private readonly staff: readonly StaffAccount[],
    private readonly clock: Clock,
    private readonly idleLockMinutes: number,
  ) {}

  login(staffId: string, pin: string): Result<StaffSession, LoginError> {
    const now = this.clock.now().getTime();
    const failed = this.failures.get(staffId);
    if (failed && failed.count >= maxFailures && now < failed.untilMs) {
      const minutes = Math.ceil((failed.untilMs - now) / 60_000);
      return err('login-throttled', `too many wrong PINs for this staff id: try again in ${minutes} min`);
    }
    const account = this.staff.find((s) => s.id === staffId);
    const matches = verifyPin(pin, account?.pinHash ?? decoyHash()) && account !== undefined;
    if (!matches) {
      const count = (failed && now < failed.untilMs ? failed.count : 0) + 1;
      this.failures.set(staffId, { count, untilMs: now + delays.deskPinLockoutMs });
      return err('login-refused', 'staff id or PIN is wrong');
    }
    this.failures.delete(staffId);
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, { staffId: account.id, lastUsedMs: now });
    return ok({ token, staffId: account.id, name: account.name, idleLockMinutes: this.idleLockMinutes });
  }

  /** The staff id behind a token, refreshing its idle timer; an idle session is locked for good. */
  use(token: string): Result<{ staffId: string }, SessionError> {
    const session = this.sessions.get(token);
    if (!session) return err('not-logged-in', 'no staff session: log in with your staff id and PIN');
    const now = this.clock.now().getTime();
    if (now - session.lastUsedMs > this.idleLockMinutes * 60_000) {
      this.sessions.delete(token);
      return err('session-locked', `the console locked itself after ${this.idleLockMinutes} idle minutes: enter your PIN again`);
    }
    session.lastUsedMs = now;
    return ok({ staffId: session.staffId });
  }

  lock(token: string): boolean {
    return this.sessions.delete(token);
  }
}
