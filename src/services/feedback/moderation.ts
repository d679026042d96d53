import { readFileSync } from 'node:fs';
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

export const defaultWordListUrl = new URL('../../../assets/moderation/profanity.txt', import.meta.url);

export function loadWordList(url: URL = defaultWordListUrl): string[] {
  return readFileSync(url, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Edge moderation for free text. Chinese words are caught with spaces or punctuation slipped
 * between their characters (傻 逼); English words only as whole words, so "Scunthorpe" or
 * "shitake" style false hits are avoided.
 */
export class Moderator {
  private readonly pattern: RegExp | null;

  constructor(words: readonly string[]) {
    const gap = '[\\s\\p{P}\\p{S}]*';
    const alternatives = [...words]
      .sort((a, b) => b.length - a.length)
      .map((word) =>
        /^[a-z]+$/i.test(word) ? `(?<![\\p{L}\\p{N}])${escape(word)}(?![\\p{L}\\p{N}])` : [...word].map(escape).join(gap),
      );
    this.pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'giu') : null;
  }

  moderate(text: string): Moderated {
    let profanity = 0;
    const starred = this.pattern
      ? text.replace(this.pattern, (hit) => {
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
