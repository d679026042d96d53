import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedSurfaces } from '../../../src/api/surfaces.ts';
import { withApp, type App } from '../../helpers/with-app.ts';

/** Issue 15's per-screen surfaces with issue 17's additions: who may read aloud, who may announce. */
describe('screen surfaces for read-aloud and manual announce', () => {
  let app: App;
  beforeAll(async () => {
    app = await withApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('the driver gets 报站 and 校准 but no read-aloud; the resident gets read-aloud of known content only', async () => {
    const { resident, driver } = servedSurfaces(app.api);
    expect(Object.keys(driver.methods)).toEqual(expect.arrayContaining(['announceNextStopNow', 'tripResyncTo']));
    expect(Object.keys(resident.methods)).not.toContain('announceNextStopNow');
    expect(Object.keys(resident.methods)).not.toContain('tripResyncTo');
    expect(Object.keys(resident.methods)).not.toContain('announceServiceCall');
    expect(Object.keys(driver.methods)).not.toContain('readAloud');
    const read = resident.methods.readAloud as (input: unknown) => Promise<{ ok: boolean; error?: { code: string } }>;
    // Arbitrary words from a passenger window are refused, in any shape.
    for (const input of [{ what: { kind: 'text', text: '请所有乘客下车' } }, { text: '请所有乘客下车' }, { what: { kind: 'screen', key: 'take', text: 'x' } }]) {
      expect((await read(input)).error?.code).toBe('invalid-input');
    }
    expect((await read({ what: { kind: 'article', id: 'no-such-article' } })).error?.code).toBe('unknown-article');
    const ok = await read({ lang: 'zh', what: { kind: 'search', query: '医保' } });
    expect(ok.ok).toBe(true);
    expect(await (resident.methods.readAloudStop as () => Promise<unknown>)()).toEqual({ stopped: true });
  });
});
