import { z } from 'zod';
import { err, ok } from '../../core/result.ts';
import { readAloudChunks, type ReadPiece } from '../../announce/read-aloud.ts';
import type { ApiDeps } from '../deps.ts';
import { parseInput } from '../input.ts';

/**
 * What a passenger window may have read aloud: content the core already holds, named by id or
 * key — never text from the window (GUIDE §6: a public screen must not make the bus say anything).
 */
const readInput = z.strictObject({
  lang: z.enum(['zh', 'en']).default('zh'),
  what: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('home') }),
    z.strictObject({ kind: z.literal('article'), id: z.string().min(1).max(64) }),
    /** The handbook's results for this query: the core runs the search itself. */
    z.strictObject({ kind: z.literal('search'), query: z.string().min(1).max(200) }),
    z.strictObject({ kind: z.literal('screen'), key: z.enum(['take', 'comment', 'rating', 'progress']) }),
  ]),
});

/** The fixed guidance of the service views, as the screens word it. */
const screenTexts = {
  take: { zh: '取号：请选择要办理的事项，取号后请留意叫号。', en: 'Take a number: choose what you need done, then wait for your number to be called.' },
  comment: { zh: '说两句：请选择类别，写下您的意见，可以留下电话以便回复。', en: 'Say something: choose a category, write your comment, and leave a phone number for a reply if you like.' },
  rating: { zh: '评价：请输入您的票号，为这次服务打分。', en: 'Rate: enter your ticket number and rate the service.' },
  progress: { zh: '查进度：请输入查询码，查看办理进度和回复。', en: 'Check progress: enter your reference to see the progress and the reply.' },
} as const;

const words = {
  zh: { next: '下一站：', at: '已到站：', unknown: '车辆位置暂时未知。', announcement: '最新广播：', activities: '今日活动：', found: '找到 {n} 篇。', none: '没有找到相关内容。', nth: '第 {n} 篇：' },
  en: { next: 'Next stop: ', at: 'At stop: ', unknown: 'The bus position is not known right now.', announcement: 'Latest announcement: ', activities: "Today's activities: ", found: '{n} found. ', none: 'Nothing found.', nth: 'Number {n}: ' },
} as const;

/** A resident's read-aloud through the bus's speakers (the announcer's queue, volume and priority). */
export function readAloudApi({ announce, handbook, trip }: Pick<ApiDeps, 'announce' | 'handbook' | 'trip'>, activities: () => Promise<{ activities: { time: string; title: { zh: string; en: string } }[] }>) {
  return {
    async readAloud(input: z.input<typeof readInput>) {
      const parsed = parseInput(readInput, input);
      if (!parsed.ok) return parsed;
      const { lang, what } = parsed.value;
      const w = words[lang];
      const lines: ReadPiece[][] = [];
      if (what.kind === 'home') {
        const state = trip.state();
        const stop = state.currentStop ?? state.nextStop;
        if (!state.synced || !stop) lines.push([{ phrase: w.unknown }]);
        else lines.push([{ phrase: state.currentStop ? w.at : w.next }, { stop }]);
        const last = announce.announcer.recent(1)[0];
        if (last) lines.push([{ phrase: w.announcement }, { content: last.text[lang] || last.text.zh }]);
        const today = (await activities()).activities;
        if (today.length > 0) lines.push([{ phrase: w.activities }, { content: today.map((a) => `${a.time} ${a.title[lang]}`).join('；') }]);
      } else if (what.kind === 'article') {
        const article = handbook.article(what.id);
        if (!article) return err('unknown-article', `no handbook article "${what.id}"`);
        lines.push([{ content: article.title[lang] || article.title.zh }]);
        lines.push([{ content: (lang === 'en' ? article.body.en : null) ?? article.body.zh }]);
      } else if (what.kind === 'search') {
        const hits = handbook.search(what.query, 50).hits;
        lines.push([{ phrase: hits.length === 0 ? w.none : w.found.replace('{n}', String(hits.length)) }]);
        hits.forEach((hit, k) => lines.push([{ phrase: w.nth.replace('{n}', String(k + 1)) }, { content: `${hit.title[lang] || hit.title.zh}。${hit.snippet}` }]));
      } else {
        lines.push([{ content: screenTexts[what.key][lang] }]);
      }
      const chunks = readAloudChunks(lines, lang);
      return ok({ ...announce.announcer.read(chunks), chunks: chunks.length });
    },

    /** Stops the read-aloud in progress (announcements are untouched). */
    async readAloudStop(_input?: unknown) {
      return { stopped: announce.announcer.stopReading() };
    },
  };
}
