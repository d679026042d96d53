import { err, ok, type Result } from '../../core/result.ts';

export type TextError = 'too-long';

/**
 * Free text as a resident typed it, made safe to store: NFC (so the same characters compare and
 * count the same whichever input method made them), CRLF → LF, control and bidi-override
 * characters removed (they can hide or reorder text on the office's screens), lone surrogates
 * replaced. Emoji, mixed scripts and ZWJ sequences are kept as typed.
 */
export function cleanText(input: string): string {
  return input
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/(?!\n)[\p{Cc}\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/gu, '')
    .trim();
}

/** Length as residents see it: code points, so 😀 or 𠀀 is one, not two UTF-16 units. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function limitText(text: string, maxCodePoints: number): Result<string, TextError> {
  const length = codePointLength(text);
  if (length > maxCodePoints) return err('too-long', `text has ${length} characters; at most ${maxCodePoints}`);
  return ok(text);
}
