import { dictionary, fill, type Lang } from '../../shared/i18n.ts';

const words = dictionary(
  {
    ahead: '前面还有 {n} 人',
    aheadOne: '前面还有 1 人',
    next: '前面没有人，马上就到您',
    wait: '预计等候约 {n} 分钟',
    serviceTime: '办理约需 {n} 分钟',
  },
  {
    ahead: '{n} people ahead of you',
    aheadOne: '1 person ahead of you',
    next: 'No one ahead of you: you are next',
    wait: 'Expected wait: about {n} min',
    serviceTime: 'Takes about {n} min',
  },
);

/**
 * Where a waiting ticket stands, as a person would say it: nobody ahead reads "you are next", and
 * no zero-minute wait is shown (a wait under a minute is not worth a number).
 */
export function waitLines(peopleAhead: number | null, waitMinutes: number | null, lang: Lang): string[] {
  const w = words[lang];
  if (peopleAhead === null) return [];
  if (peopleAhead === 0) return [w.next];
  const minutes = Math.round(waitMinutes ?? 0);
  return [peopleAhead === 1 ? w.aheadOne : fill(w.ahead, { n: peopleAhead }), ...(minutes > 0 ? [fill(w.wait, { n: minutes })] : [])];
}

/** An item's own service time (办理时长), said so that it is not read as the wait. */
export const serviceTime = (minutes: number, lang: Lang): string => fill(words[lang].serviceTime, { n: minutes });
