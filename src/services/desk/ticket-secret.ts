import { createHash, timingSafeEqual } from 'node:crypto';
import { canonicalReference, newReference, uniqueReference } from '../feedback/reference.ts';

/**
 * What only the holder of a ticket knows: a short code printed on it (and shown on the kiosk), asked
 * for before the ticket is cancelled or its visit rated. 6 symbols of 32 (2^30 codes) are far too
 * many to guess at a kiosk; the bus keeps only a hash.
 */
export const secretLength = 6;

/** A handed-over case's lasting reference: 8 symbols, so 查进度 tells it from a comment's 6. */
export const caseReferenceLength = 8;

export function newTicketSecret(): string {
  return newReference(secretLength);
}

export function hashTicketSecret(secret: string): string {
  return createHash('sha256').update(`lianxin-ticket:${secret}`).digest('hex');
}

/** The typed code (case, spaces, dashes forgiven) against the stored hash; a ticket without one never matches. */
export function secretMatches(typed: string, storedHash: string | null): boolean {
  const code = canonicalReference(typed, secretLength);
  if (code === null || storedHash === null) return false;
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashTicketSecret(code), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function newCaseReference(taken: (code: string) => boolean): string {
  return uniqueReference(taken, 20, caseReferenceLength);
}

export function canonicalCaseReference(typed: string): string | null {
  return canonicalReference(typed, caseReferenceLength);
}
