/** Screens speak 中文 first, English on request. Each screen keeps one dictionary with both. */
export type Lang = 'zh' | 'en';

/** A text in both languages, as the core sends names ({zh, en}). */
export interface Bilingual {
  zh: string;
  en: string;
}

export const pick = (text: Bilingual, lang: Lang): string => text[lang];

/** The English side must have exactly the Chinese side's keys; a missing translation fails the type check. */
export function dictionary<K extends string>(zh: Record<K, string>, en: Record<K, string>): Record<Lang, Record<K, string>> {
  return { zh, en };
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
