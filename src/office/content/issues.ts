import type { z } from 'zod';

/** One problem of a content body, where it is (the body's path) and what staff should do, in Chinese. */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

/** Staff's words for the keys of every content kind (catalogue, handbook, activities, announcements). */
const keyWords: Record<string, string> = {
  id: '编号',
  title: '标题',
  name: '名称',
  body: '正文',
  tags: '关键词',
  prefix: '取号字头',
  items: '事项',
  categories: '类别',
  documents: '所需材料',
  serviceMinutes: '办理时长',
  followUp: '7135 分类',
  articles: '手册条目',
  activities: '活动',
  start: '开始时间',
  end: '结束时间',
  place: '地点',
  description: '说明',
  texts: '播报文字',
};
const langWords: Record<string, string> = { zh: '中文', en: '英文' };

/** What the path names, as staff call it: 英文标题, 所需材料第 2 项的英文, 开始时间. */
export function fieldLabel(path: readonly (string | number)[]): string {
  const at = (i: number) => path[path.length - i];
  const word = (key: string | number | undefined) => (key === undefined ? '内容' : (keyWords[String(key)] ?? String(key)));
  const last = at(1);
  if (typeof last === 'string' && langWords[last]) {
    const parent = at(2);
    return typeof parent === 'number' ? `${word(at(3))}第 ${parent + 1} 项的${langWords[last]}` : `${langWords[last]}${word(parent)}`;
  }
  if (typeof last === 'number') return `${word(at(2))}第 ${last + 1} 项`;
  return word(last);
}

/** The rule an issue broke, in staff's words (codes and English stay out). */
function problem(issue: z.core.$ZodIssue, label: string): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? `请填写${label}。` : `${label}的格式不对。`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? `请填写${label}。` : `${label}至少 ${issue.minimum} 个字。`;
      if (issue.origin === 'array') return `${label}至少要有 ${issue.minimum} 项。`;
      return issue.inclusive === false ? `${label}须大于 ${issue.minimum}。` : `${label}不能小于 ${issue.minimum}。`;
    case 'too_big':
      if (issue.origin === 'string') return `${label}最多 ${issue.maximum} 个字。`;
      if (issue.origin === 'array') return `${label}最多 ${issue.maximum} 项。`;
      return `${label}不能大于 ${issue.maximum}。`;
    case 'invalid_format':
      if (issue.format === 'datetime') return `${label}不是有效的日期和时间。`;
      if (issue.pattern?.includes('A-Z')) return `${label}须是一个大写英文字母，例如 A。`;
      return `${label}只能用小写英文字母、数字和“-”，例如 winter-heating-help。`;
    case 'invalid_value':
      return `请选择${label}。`;
    case 'unrecognized_keys':
      return `${label}中有车辆不认识的项：${issue.keys.join('、')}。`;
    case 'custom':
      if (issue.message === 'ends before it starts') return `${label}须晚于开始时间。`;
      return issue.message.startsWith('duplicate') || issue.message.includes('unique') ? `已有同${label}的项，请换一个。` : `${label}不符合要求。`;
    default:
      return `${label}不符合要求。`;
  }
}

/** Every issue of a refused body, each with its path and a Chinese message naming the field. */
export function contentIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    return { path, message: problem(issue, fieldLabel(path)) };
  });
}

/** The issues as one sentence, for a log or a page without fields. */
export const issuesSentence = (issues: readonly FieldIssue[]) => issues.map((i) => i.message).join(' ');
