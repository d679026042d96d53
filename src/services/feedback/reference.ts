import { randomBytes } from 'node:crypto';

/**
 * Reference codes a resident reads off the kiosk and types back later: no 0/O or 1/I to confuse.
 * 32 symbols, so one random byte masked to 5 bits picks one without bias; 6 symbols give 2^30
 * codes, and the store's UNIQUE constraint decides the rare collision (the caller retries).
 */
export const referenceAlphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const referenceLength = 6;

export function newReference(length = referenceLength): string {
  const bytes = randomBytes(length);
  let code = '';
  for (const byte of bytes) code += referenceAlphabet[byte & 31];
  return code;
}

/** A code as typed (lower case, spaces, dashes) in canonical form, or null if it cannot be one. */
export function canonicalReference(typed: string, length = referenceLength): string | null {
  const code = typed.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== length) return null;
  for (const c of code) if (!referenceAlphabet.includes(c)) return null;
  return code;
}

/** Draws until `taken` says no; gives up after `attempts` (only a nearly full code space gets there). */
export function uniqueReference(taken: (code: string) => boolean, attempts = 20, length = referenceLength): string {
  for (let i = 0; i < attempts; i++) {
    const code = newReference(length);
    if (!taken(code)) return code;
  }
  throw new Error(`no free reference code after ${attempts} draws`);
}
