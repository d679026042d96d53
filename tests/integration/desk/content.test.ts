import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.ts';
import { uuidv7 } from '../../../src/core/ids.ts';
import { buildDesk } from '../../../src/host/desk.ts';
import { shippedCataloguePath } from '../../../src/services/desk/catalogue.ts';
import { DownlinkDispatcher } from '../../../src/sync/downlink.ts';
import { topics } from '../../../src/protocol/topics.ts';
import { PolicyHandbook } from '../../../src/services/handbook/handbook-service.ts';
import { openDeskApp, take } from './desk-app.ts';

const shipped = JSON.parse(readFileSync(shippedCataloguePath, 'utf8')) as { version: number; categories: { items: { id: string }[] }[] };

describe('service catalogue and policy handbook content', () => {
  let app: ReturnType<typeof openDeskApp>;
  beforeEach(() => {
    app = openDeskApp();
  });
  afterEach(() => {
    app.close();
    app.cleanup();
  });

  it('ships the catalogue with the 7135 follow-up class and documents for every item', async () => {
    const catalogue = await app.api.deskCatalogue();
    expect(catalogue.version).toBe(shipped.version);
    expect(catalogue.categories.map((c) => [c.id, c.prefix])).toEqual([['consult', 'A'], ['errand', 'B'], ['certificate', 'C']]);
    const items = catalogue.categories.flatMap((c) => c.items.map((i) => i.id));
    expect(items).toEqual(expect.arrayContaining(['party-transfer', 'medical-insurance', 'pension-insurance', 'elderly-subsidy', 'ebike-registration']));
  });

  it('replaces the catalogue atomically only with a newer valid version', () => {
    const newer = structuredClone(shipped);
    newer.categories[0]!.items.push({ id: 'housing-subsidy', name: { zh: '住房补贴咨询', en: 'Housing subsidy advice' }, documents: [], serviceMinutes: 7, followUp: 'small' } as never);
    const broken = { categories: [{ id: 'x', prefix: 'AA', name: { zh: 'x', en: 'x' }, items: [] }] };
    expect(app.desk.applyCatalogue(5, broken)).toMatchObject({ ok: false, error: { code: 'catalogue-invalid', message: expect.stringContaining('prefix') } });
    expect(app.desk.applyCatalogue(shipped.version, newer)).toEqual({ ok: true, value: { applied: false, version: shipped.version } });
    expect(app.desk.applyCatalogue(7, JSON.stringify(newer))).toEqual({ ok: true, value: { applied: true, version: 7 } });
    expect(app.desk.applyCatalogue(6, shipped)).toEqual({ ok: true, value: { applied: false, version: 7 } });
    expect(app.desk.catalogue().catalogue.categories[0]!.items.map((i) => i.id)).toContain('housing-subsidy');
    // It survives a restart, and its items can be taken.
    const rebooted = app.restart();
    app = { ...rebooted, cleanup: app.cleanup };
    expect(app.desk.catalogue().version).toBe(7);
    return take(app, 'housing-subsidy').then((t) => expect(t.number).toBe('A001'));
  });

  it('finds Chinese articles: "养老" (2 characters, scan) and "养老保险" (index) find the pension article', async () => {
    const short = await app.api.handbookSearch({ query: '养老' });
    expect(short).toMatchObject({ ok: true, value: { method: 'scan' } });
    expect(short.ok && short.value.hits[0]!.id).toBe('pension-insurance');
    const long = await app.api.handbookSearch({ query: '养老保险' });
    expect(long).toMatchObject({ ok: true, value: { method: 'index' } });
    expect(long.ok && long.value.hits.map((h) => h.id)).toContain('pension-insurance');
    expect(long.ok && long.value.hits[0]!.snippet).toContain('养老保险');
    const several = await app.api.handbookSearch({ query: '电动自行车 上牌' });
    expect(several.ok && several.value.hits.map((h) => h.id)).toEqual(['ebike-registration']);
    const english = await app.api.handbookSearch({ query: 'pension' });
    expect(english.ok && english.value.hits[0]!.id).toBe('pension-insurance');
    for (const query of ['"养老', 'OR AND', '%', '议事日']) expect((await app.api.handbookSearch({ query })).ok).toBe(true);
    expect(await app.api.handbookSearch({ query: '议事日' })).toMatchObject({ ok: true, value: { method: 'index', hits: [{ id: 'meeting-day' }] } });
    expect(await app.api.handbookArticle({ id: 'rule-7135' })).toMatchObject({ ok: true, value: { title: { en: expect.stringContaining('7135') } } });
    expect(await app.api.handbookArticle({ id: 'nope' })).toMatchObject({ ok: false, error: { code: 'unknown-article' } });
    expect((await app.api.handbookList()).articles.length).toBeGreaterThanOrEqual(10);
  });

  it('replaces the handbook and its index only with a newer version', async () => {
    const handbook = new PolicyHandbook({ store: app.store, clock: app.clock });
    const next = { articles: [{ id: 'heating', title: { zh: '冬季供暖报修', en: 'Heating repairs' }, body: { zh: '供暖问题请拨打物业电话报修。' }, tags: ['供暖'] }] };
    expect(handbook.apply(1, next)).toEqual({ ok: true, value: { applied: false, version: 1 } });
    expect(handbook.apply(2, { articles: [{ id: 'x' }] })).toMatchObject({ ok: false, error: { code: 'handbook-invalid' } });
    expect(handbook.apply(2, next)).toEqual({ ok: true, value: { applied: true, version: 2 } });
    expect(await app.api.handbookSearch({ query: '养老保险' })).toMatchObject({ ok: true, value: { hits: [] } });
    expect(await app.api.handbookSearch({ query: '供暖报修' })).toMatchObject({ ok: true, value: { hits: [{ id: 'heating' }] } });
    // A restart does not bring the older shipped handbook back.
    const rebooted = app.restart();
    app = { ...rebooted, cleanup: app.cleanup };
    expect((await app.api.handbookList()).articles.map((a) => a.id)).toEqual(['heating']);
  });

  it('applies the office catalogue and handbook from the downlink with the desk schemas, newer versions only', async () => {
    const downlink = new DownlinkDispatcher(app.store, app.clock);
    buildDesk({ config: configSchema.parse({ dataDir: '/nonexistent' }), clock: app.clock, store: app.store, downlink });
    const send = (kind: string, version: number, body: unknown) =>
      downlink.dispatch(
        topics.down('demo-bus-01', kind),
        Buffer.from(JSON.stringify({ v: 1, id: uuidv7(), kind, version, issuedAt: app.clock.now().toISOString(), body })),
      ).outcome;
    const articles = [{ id: 'heating', title: { zh: '冬季供暖报修', en: 'Heating repairs' }, body: { zh: '供暖问题请拨打物业电话报修。' }, tags: ['供暖'] }];
    expect(send('policy-handbook', 1, { articles })).toBe('stale');
    expect(send('policy-handbook', 2, { articles: [{ id: 'x' }] })).toBe('rejected');
    expect(send('policy-handbook', 2, { articles })).toBe('applied');
    expect(await app.api.handbookSearch({ query: '供暖报修' })).toMatchObject({ ok: true, value: { hits: [{ id: 'heating' }] } });

    // A catalogue sent down carries its version in the message, not in the body.
    const { version: _shippedVersion, ...catalogue } = structuredClone(shipped);
    catalogue.categories[2]!.items.push({ id: 'disability-card', name: { zh: '残疾人证申领', en: 'Disability certificate' }, documents: [], serviceMinutes: 12, followUp: 'hard' } as never);
    expect(send('service-catalogue', 2, { categories: [{ id: 'x', prefix: 'AA', name: { zh: 'x', en: 'x' }, items: [] }] })).toBe('rejected');
    expect(send('service-catalogue', 2, catalogue)).toBe('applied');
    expect((await app.api.deskCatalogue()).version).toBe(2);
    expect((await take(app, 'disability-card')).number).toBe('C001');
  });
});
