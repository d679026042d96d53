import { z } from 'zod';
import { err, ok } from '../../core/result.ts';
import type { ApiDeps } from '../deps.ts';
import { parseInput } from '../input.ts';

const searchInput = z.strictObject({ query: z.string().max(200), limit: z.number().int().min(1).max(50).default(20) });
const articleInput = z.strictObject({ id: z.string().min(1).max(64) });

/** The policy handbook on the kiosk: browse, search (Chinese substrings), read. */
export function handbookApi({ handbook }: ApiDeps) {
  return {
    /** Every article's id, title and tags, in handbook order. */
    async handbookList() {
      return { version: handbook.version(), articles: handbook.list() };
    },

    /** Articles containing every term; `method` says whether the index or a scan answered. */
    async handbookSearch(input: z.input<typeof searchInput>) {
      const parsed = parseInput(searchInput, input);
      if (!parsed.ok) return parsed;
      return ok(handbook.search(parsed.value.query, parsed.value.limit));
    },

    async handbookArticle(input: z.input<typeof articleInput>) {
      const parsed = parseInput(articleInput, input);
      if (!parsed.ok) return parsed;
      const article = handbook.article(parsed.value.id);
      return article ? ok(article) : err('unknown-article', `no handbook article "${parsed.value.id}"`);
    },
  };
}
