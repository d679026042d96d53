import { z } from 'zod';
import type { SpeechLang, SpeechSegment, SpokenPart } from '../../hardware/audio/types.ts';
import type { Names } from '../route/model.ts';

/** The announcement texts; each may name one place through its placeholder. */
export const templatePlaceholders = {
  approaching: 'stop',
  arrived: 'stop',
  departed: 'next',
  passing: 'node',
  /** Safety prompt as the bus pulls away from a stop. */
  holdOn: null,
} as const;

export type TemplateKey = keyof typeof templatePlaceholders;
export type AnnouncementTexts = Record<TemplateKey, Names>;

export const defaultTexts: AnnouncementTexts = {
  approaching: { zh: '前方到站：{stop}', en: 'Next stop: {stop}' },
  arrived: { zh: '{stop}到了', en: 'We have arrived at {stop}' },
  departed: { zh: '下一站：{next}', en: 'Next stop: {next}' },
  passing: { zh: '即将经过{node}', en: 'Passing {node}' },
  holdOn: { zh: '车辆起步，请坐稳扶好', en: 'The bus is moving off, please hold on' },
};

export interface PlaceRef {
  kind: 'stop' | 'node';
  id: string;
  name: Names;
}

const placeholderPattern = /\{([a-z]+)\}/g;

/** One language of a template, filled in: the text shown and the segments a speaker looks clips up by. */
export function fillTemplate(template: string, lang: SpeechLang, place: PlaceRef | null): SpokenPart {
  const segments: SpeechSegment[] = [];
  let last = 0;
  for (const match of template.matchAll(placeholderPattern)) {
    const literal = template.slice(last, match.index);
    if (literal) segments.push({ kind: 'phrase', text: literal });
    if (place) segments.push({ kind: 'place', place: place.kind, id: place.id, text: place.name[lang] });
    last = match.index + match[0].length;
  }
  const tail = template.slice(last);
  if (tail) segments.push({ kind: 'phrase', text: tail });
  return { lang, text: segments.map((s) => s.text).join(''), segments };
}

const text = z.string().trim().min(1).max(120);
const names = z.strictObject({ zh: text, en: text });

/**
 * Texts from the office: any subset of the keys, each in both languages, with exactly the
 * placeholder its announcement needs (a stop announcement without the stop's name is a mistake).
 */
export const textsOverrideSchema = z
  .strictObject(Object.fromEntries(Object.keys(templatePlaceholders).map((k) => [k, names.optional()])) as Record<TemplateKey, z.ZodOptional<typeof names>>)
  .superRefine((texts, ctx) => {
    for (const key of Object.keys(templatePlaceholders) as TemplateKey[]) {
      const wanted = templatePlaceholders[key];
      for (const lang of ['zh', 'en'] as const) {
        const value = texts[key]?.[lang];
        if (value === undefined) continue;
        const found = [...value.matchAll(placeholderPattern)].map((m) => m[1]);
        const expected = wanted === null ? [] : [wanted];
        if (found.length !== expected.length || found.some((f) => f !== wanted)) {
          ctx.addIssue({
            code: 'custom',
            path: [key, lang],
            message: wanted === null ? 'takes no placeholder' : `needs the placeholder {${wanted}} exactly once and no other`,
          });
        }
      }
    }
  });
