/** A handbook article as the bus's handbook schema takes it (src/services/handbook/articles.ts). */
export interface Article {
  id: string;
  title: { zh: string; en: string };
  body: { zh: string; en?: string };
  tags: string[];
}

export type ArticleField = 'id' | 'titleZh' | 'titleEn' | 'tags' | 'bodyZh' | 'bodyEn';
export type ArticleProblems = Partial<Record<ArticleField, string>>;

/**
 * The bus's rules for an article, in staff's words and by field, so each problem shows beside its
 * field before anything is sent (the office checks again with the bus's own schema on publishing).
 */
export function checkArticle(a: Article, others: readonly Article[]): ArticleProblems {
  const p: ArticleProblems = {};
  if (!/^[a-z0-9-]{1,64}$/.test(a.id)) p.id = '编号只能用小写英文字母、数字和“-”，最多 64 个字符，例如 winter-heating-help。';
  else if (others.some((o) => o.id === a.id)) p.id = '已有同编号的条目，请换一个编号。';
  if (a.title.zh.length === 0) p.titleZh = '请填写中文标题。';
  else if ([...a.title.zh].length > 80) p.titleZh = '中文标题最多 80 个字。';
  if (a.title.en.length === 0) p.titleEn = '请填写英文标题（车上切换英文时显示）。';
  else if (a.title.en.length > 160) p.titleEn = '英文标题最多 160 个字符。';
  if (a.tags.length > 12) p.tags = '关键词最多 12 个。';
  else if (a.tags.some((t) => [...t].length > 20)) p.tags = '每个关键词最多 20 个字。';
  if (a.body.zh.length === 0) p.bodyZh = '请填写中文正文。';
  else if (a.body.zh.length > 20_000) p.bodyZh = `中文正文最多 20000 字，现在 ${a.body.zh.length} 字。`;
  if ((a.body.en ?? '').length > 20_000) p.bodyEn = '英文正文最多 20000 个字符。';
  return p;
}

export const splitTags = (text: string): string[] => text.split(/[,，、\s]+/).filter(Boolean);
