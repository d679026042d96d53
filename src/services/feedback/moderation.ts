import { readFileSync } from 'node:fs';
import { shippedAsset } from '../../app-root/app-root.ts';
import { maskSensitiveNumbers, type SensitiveKind } from '../../core/privacy.ts';

export interface ModerationFindings {
  profanity: number;
  numbers: Partial<Record<SensitiveKind, number>>;
}

export interface Moderated {
  /** What may leave the bus: profanity starred, personal numbers masked. */
  text: string;
  findings: ModerationFindings;
  /** True when text differs from what the resident typed. */
  changed: boolean;
}

export const defaultWordListPath = shippedAsset('moderation/profanity.txt');

export interface WordList {
  words: string[];
  /** Innocent phrases that contain a listed word (妈妈的 holds 妈的): hits inside them stay. */
  exceptions: string[];
}

/** One entry a line; `#` starts a comment, `!` marks an innocent phrase. */
export function loadWordList(path: string = defaultWordListPath): WordList {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return {
    words: lines.filter((l) => !l.startsWith('!')),
    exceptions: lines.filter((l) => l.startsWith('!')).map((l) => l.slice(1).trim()),
  };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Edge moderation for free text. Chinese words are caught with spaces or punctuation slipped
 * between their characters (傻 逼); English words only as whole words, so "Scunthorpe" or
 * "shitake" style false hits are avoided.
 */
export class Moderator {
  private readonly pattern: RegExp | null;
  private readonly innocent: RegExp | null;

  constructor({ words, exceptions }: WordList) {
    const gap = '[\\s\\p{P}\\p{S}]*';
    this.innocent = exceptions.length > 0 ? new RegExp(exceptions.map(escape).join('|'), 'giu') : null;
    const alternatives = [...words]
      .sort((a, b) => b.length - a.length)
      .map((word) =>
        /^[a-z]+$/i.test(word) ? `(?<![\\p{L}\\p{N}])${escape(word)}(?![\\p{L}\\p{N}])` : [...word].map(escape).join(gap),
      );
    this.pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'giu') : null;
  }

  moderate(text: string): Moderated {
    let profanity = 0;
    const innocent = this.innocent ? [...text.matchAll(this.innocent)].map((m) => [m.index, m.index + m[0].length]) : [];
    const starred = this.pattern
      ? text.replace(this.pattern, (hit: string, at: number) => {
          if (innocent.some(([from, to]) => at >= from! && at + hit.length <= to!)) return hit;
          profanity++;
          return hit.replace(/[^\s\p{P}\p{S}]/gu, '*');
        })
      : text;
    const masked = maskSensitiveNumbers(starred);
    const numbers: Partial<Record<SensitiveKind, number>> = {};
    for (const span of masked.found) numbers[span.kind] = (numbers[span.kind] ?? 0) + 1;
    return { text: masked.text, findings: { profanity, numbers }, changed: masked.text !== text };
  }
}
