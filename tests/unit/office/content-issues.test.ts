import { describe, expect, it } from 'vitest';
import { checkContent } from '../../../src/office/actions.ts';
import { fieldLabel } from '../../../src/office/content/issues.ts';

const item = { id: 'id-card', name: { zh: '身份证', en: 'ID card' }, documents: [{ zh: '户口簿', en: 'Household register' }], serviceMinutes: 10, followUp: 'small' };
const catalogue = (...items: unknown[]) => ({ categories: [{ id: 'civil', prefix: 'A', name: { zh: '民政', en: 'Civil' }, items }] });
const issues = (kind: Parameters<typeof checkContent>[0], body: unknown) => {
  const checked = checkContent(kind, body);
  return checked.ok ? [] : checked.error.issues;
};

describe('content issues: the bus schema’s refusals as paths with Chinese messages', () => {
  it('names each field as staff do', () => {
    expect(fieldLabel(['articles', 0, 'title', 'en'])).toBe('英文标题');
    expect(fieldLabel(['categories', 0, 'items', 1, 'documents', 1, 'en'])).toBe('所需材料第 2 项的英文');
    expect(fieldLabel(['activities', 2, 'start'])).toBe('开始时间');
  });

  it('a catalogue item: bad id, missing English name, no service time, a duplicate id, an unknown 7135 class', () => {
    const bad = { ...item, id: 'ID Card', name: { zh: '身份证', en: '' }, serviceMinutes: null, followUp: 'urgent' };
    expect(issues('service-catalogue', catalogue(item, bad, item))).toEqual([
      { path: ['categories', 0, 'items', 1, 'id'], message: '编号只能用小写英文字母、数字和“-”，例如 winter-heating-help。' },
      { path: ['categories', 0, 'items', 1, 'name', 'en'], message: '请填写英文名称。' },
      { path: ['categories', 0, 'items', 1, 'serviceMinutes'], message: '请填写办理时长。' },
      { path: ['categories', 0, 'items', 1, 'followUp'], message: '请选择7135 分类。' },
    ]);
    expect(issues('service-catalogue', catalogue(item, item))).toEqual([{ path: ['categories', 0, 'items', 1, 'id'], message: '已有同编号的项，请换一个。' }]);
  });

  it('an activity ending before it starts, and one without a start', () => {
    const start = '2026-12-07T10:00:00+08:00';
    expect(issues('activity-schedule', { activities: [{ id: 'a', title: { zh: '义诊' }, start, end: '2026-12-07T09:00:00+08:00' }] })).toEqual([
      { path: ['activities', 0, 'end'], message: '结束时间须晚于开始时间。' },
    ]);
    expect(issues('activity-schedule', { activities: [{ id: 'a', title: { zh: '' }, start: 'T09:00:00+08:00' }] })).toEqual([
      { path: ['activities', 0, 'title', 'zh'], message: '请填写中文标题。' },
      { path: ['activities', 0, 'start'], message: '开始时间不是有效的日期和时间。' },
    ]);
  });

  it('says it in one Chinese sentence too, with no codes', () => {
    const checked = checkContent('policy-handbook', { articles: [{ id: 'x', title: { zh: '标题', en: '' }, body: { zh: '正文' } }] });
    expect(checked.ok ? null : checked.error.message).toBe('未发布：请填写英文标题。');
  });
});
