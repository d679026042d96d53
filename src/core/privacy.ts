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
  const digits = digitsOnly(phone).replace(/^86(?=1[3-9]\d{9}$)/, '');
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
  const compact = readableView(contact).view.replace(/[ +()-]/g, '');
  if (/^\d{7,13}$/.test(compact)) return maskPhone(compact);
  return maskMiddle(contact.trim(), 1, 1);
}

const chineseDigits: Record<string, string> = { 〇: '0', 零: '0', 一: '1', 幺: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
/** Characters people put between digit groups: dashes of every width, dots, slashes, middle dots, brackets round an area code. */
const groupSeparators = /^[-‐‑‒–—―−ー﹣.·・•/_~、|()]$/u;

/**
 * The text as the number finder reads it: every digit as ASCII (NFKC: full-width, circled,
 * mathematical; Chinese numerals too), every space or line break as ' ', every separator between
 * digit groups as '-', and format characters (zero-width spaces, joiners, soft hyphens, BOM)
 * dropped. `origin[i]` is where view character i starts in the text; `origin[view.length]` its end.
 */
function readableView(text: string): { view: string; origin: number[] } {
  let view = '';
  const origin: number[] = [];
  let at = 0;
  for (const char of text) {
    const here = at;
    at += char.length;
    if (/^[\p{Cf}\p{Cc}]$/u.test(char) && !/^\s$/.test(char)) continue;
    const folded = char.normalize('NFKC');
    let read: string;
    if (/^\s$/u.test(char) || /^\p{Z}$/u.test(char)) read = ' ';
    else if (/^\d$/.test(folded)) read = folded;
    else if (chineseDigits[char] !== undefined) read = chineseDigits[char]!;
    else if (groupSeparators.test(folded) || groupSeparators.test(char)) read = '-';
    else if (folded === 'X' || folded === 'x' || folded === '+') read = folded;
    else read = char.length === 1 ? char : '?';
    view += read;
    origin.push(here);
  }
  origin.push(at);
  return { view, origin };
}

const digitsOnly = (text: string) => readableView(text).view.replace(/\D/g, '');

/** Digit groups with up to three separators between them: one run where a number may hide. */
const digitRun = /(?<![\dXx])\+?\d+(?:[ -]{1,3}\d+)*[Xx]?(?![\dXx])/g;

/**
 * Finds personal numbers in free text however they are written: full-width or circled digits,
 * groups split by spaces (ideographic ones too), dashes, dots or invisible characters. Within a
 * run of groups, the longest consecutive groups that make a number win, so two numbers side by
 * side are found as two; a run of more than 18 digits without separators is somebody's number too.
 */
export function findSensitiveNumbers(text: string): SensitiveSpan[] {
  const { view, origin } = readableView(text);
  const spans: SensitiveSpan[] = [];
  for (const match of view.matchAll(digitRun)) {
    const groups = [...match[0].matchAll(/\d+[Xx]?/g)].map((g) => ({ digits: g[0], start: match.index + g.index, end: match.index + g.index + g[0].length }));
    for (let i = 0; i < groups.length; ) {
      let found: { kind: SensitiveKind; last: number } | null = null;
      for (let j = groups.length - 1; j >= i && !found; j--) {
        const joined = groups.slice(i, j + 1).map((g) => g.digits).join('');
        const kind = classify(joined, i === j);
        if (kind) found = { kind, last: j };
      }
      if (!found) {
        i++;
        continue;
      }
      const first = groups[i]!.start;
      const start = first > 0 && view[first - 1] === '+' ? first - 1 : first;
      spans.push({ kind: found.kind, start: origin[start]!, end: origin[groups[found.last]!.end]! });
      i = found.last + 1;
    }
  }
  return spans;
}

function classify(digits: string, single: boolean): SensitiveKind | null {
  if (/^(?:86)?1[3-9]\d{9}$/.test(digits)) return 'mobile';
  if (digits.length === 18 && isValidIdCardNumber(digits)) return 'id-card';
  if (/^0\d{9,11}$/.test(digits)) return 'landline';
  // A mistyped ID or an old 15-digit one is still somebody's number; so is a longer blob.
  if (/^\d{15,18}[Xx]?$/.test(digits) || (single && /^\d{19,}[Xx]?$/.test(digits))) return 'long-number';
  return null;
}

/** Replaces every personal number in text by its masked form. */
export function maskSensitiveNumbers(text: string): { text: string; found: SensitiveSpan[] } {
  const found = findSensitiveNumbers(text);
  let out = '';
  let from = 0;
  for (const span of found) {
    const original = digitsOnly(text.slice(span.start, span.end)) + (/[Xx]$/.test(readableView(text.slice(span.start, span.end)).view) ? 'X' : '');
    out += text.slice(from, span.start) + (span.kind === 'mobile' ? maskPhone(original) : maskIdCard(original));
    from = span.end;
  }
  return { text: out + text.slice(from), found };
}
