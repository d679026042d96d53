/**
 * Personal numbers residents give or type: mainland mobile and landline numbers and 18-digit
 * resident ID numbers (GB 11643, ISO 7064 MOD 11-2 check character). Masking keeps just enough
 * for a resident to recognise their own number (138****5678) and nothing for anyone else.
 * Screens, logs and the outbox show only masked forms unless a flow says otherwise.
 */

export type SensitiveKind = 'mobile' | 'landline' | 'id-card' | 'long-number';

export interface SensitiveSpan {
  kind: SensitiveKind;
  /** UTF-16 offsets into the text as given. */
  start: number;
  end: number;
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckChars = '10X98765432';

/** True for an 18-character resident ID whose check character matches its first 17 digits. */
export function isValidIdCardNumber(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * idWeights[i]!;
  return idCheckChars[sum % 11] === id[17]!.toUpperCase();
}

/** Keeps `head` and `tail` characters and stars the rest (at least four stars). */
export function maskMiddle(value: string, head: number, tail: number): string {
  const chars = [...value];
  if (chars.length <= head + tail) return '*'.repeat(Math.max(4, chars.length));
  return chars.slice(0, head).join('') + '*'.repeat(Math.max(4, chars.length - head - tail)) + chars.slice(chars.length - tail).join('');
}

/** 13812345678 → 138****5678; separators and +86 are dropped first. */
export function maskPhone(phone: string): string {
  const digits = asciiDigits(phone).replace(/\D/g, '').replace(/^86(?=1[3-9]\d{9}$)/, '');
  return maskMiddle(digits, 3, 4);
}

/** 37021119900307123X → 370***********123X. */
export function maskIdCard(id: string): string {
  return maskMiddle(id.toUpperCase(), 3, 4);
}

/**
 * A contact as a resident typed it, masked for display: phone numbers as 138****5678,
 * anything else (a WeChat id, a name) with only its first and last character kept.
 */
export function maskContact(contact: string): string {
  const compact = asciiDigits(contact).replace(/[\s()+-]/g, '');
  if (/^\d{7,13}$/.test(compact)) return maskPhone(compact);
  return maskMiddle(contact.trim(), 1, 1);
}

/** Full-width digits (as Chinese input methods type them) read as ASCII; same length, offsets kept. */
function asciiDigits(text: string): string {
  return text.replace(/[\uff10-\uff19\uff38\uff58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

const digitRun = /(?<![\dXx])(?:\+?86[ -]?)?\d(?:[ -]?\d)*[Xx]?(?![\dXx])/g;

/** Finds personal numbers in free text, full-width digits and spaced or dashed groups included. */
export function findSensitiveNumbers(text: string): SensitiveSpan[] {
  const spans: SensitiveSpan[] = [];
  for (const match of asciiDigits(text).matchAll(digitRun)) {
    const kind = classify(match[0].replace(/[ -]/g, ''));
    if (kind) spans.push({ kind, start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

function classify(run: string): SensitiveKind | null {
  const digits = run.replace(/^\+/, '');
  if (/^(?:86)?1[3-9]\d{9}$/.test(digits)) return 'mobile';
  if (digits.length === 18 && isValidIdCardNumber(digits)) return 'id-card';
  if (/^0\d{9,11}$/.test(digits)) return 'landline';
  // A mistyped ID or an old 15-digit one is still somebody's number.
  if (/^\d{15,18}[Xx]?$/.test(digits)) return 'long-number';
  return null;
}

/** Replaces every personal number in text by its masked form. */
export function maskSensitiveNumbers(text: string): { text: string; found: SensitiveSpan[] } {
  const found = findSensitiveNumbers(text);
  let out = '';
  let from = 0;
  for (const span of found) {
    const original = asciiDigits(text.slice(span.start, span.end)).replace(/[ -]/g, '');
    out += text.slice(from, span.start) + (span.kind === 'mobile' ? maskPhone(original) : maskIdCard(original));
    from = span.end;
  }
  return { text: out + text.slice(from), found };
}
