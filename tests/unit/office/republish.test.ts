import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { ok, unwrap } from '../../../src/core/result.ts';
import { caseRepublishDays } from '../../../src/office/actions.ts';
import { officeParts } from '../../../src/office/app.ts';
import { caseKind, type CaseUpdateBody, type OfficeDownlink } from '../../../src/office/publish.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import { tempDir } from '../../helpers/temp.ts';

describe('case updates sent again when a bus comes back', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: OfficeStore;
  const clock = new ManualClock('2026-11-20T02:00:00Z');
  const sent: { busId: string; body: CaseUpdateBody }[] = [];

  beforeEach(async () => {
    dir = tempDir();
    sent.length = 0;
    store = unwrap(await OfficeStore.open(join(dir.path, 'office.db'), clock));
  });
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  it('republishes only the newest update per case of the last days, for that bus only', async () => {
    // Records what it publishes the way the receiver does (downlink_published).
    let n = 0;
    const downlink: OfficeDownlink = {
      async publishCaseUpdate(busId, body) {
        sent.push({ busId, body });
        await store.ledger.recordDownlink({ id: `0190a1b2-0000-7000-8000-${String(++n).padStart(12, '0')}`, target: busId, kind: caseKind, version: null, body });
        return ok(null);
      },
      publishContent: async () => ok(null),
    };
    const { deps } = officeParts(store, clock, downlink, null, null);
    let seq = 0;
    const help = (busId: string, reference: string) =>
      store.ledger.commitBatch([{ v: 1, id: `0190a1b2-0000-7000-9000-${String(++seq).padStart(12, '0')}`, busId, seq, kind: 'comment', at: clock.now().toISOString(), payload: { id: `c-${reference}`, reference, category: 'help', text: '需要帮助' } }]);
    await help('bus-01', 'AAA111');
    await help('bus-01', 'BBB222');
    await help('bus-02', 'CCC333');
    await deps.projector.catchUp();
    const cases = deps.queries.cases({ reveal: false });
    const id = (reference: string) => cases.find((c) => c.reference === reference)!.caseId;
    const staff = { username: 'wang' };
    await deps.actions.updateCase(staff, { caseId: id('AAA111'), state: 'in-progress', replyText: '已受理' });
    await deps.actions.updateCase(staff, { caseId: id('AAA111'), state: 'closed', replyText: '已修好' });
    await deps.actions.updateCase(staff, { caseId: id('CCC333'), state: 'closed', replyText: '已办结' });
    clock.advance(caseRepublishDays * 86_400_000 - 60_000);
    await deps.actions.updateCase(staff, { caseId: id('BBB222'), state: 'accepted', replyText: '已受理' });
    await deps.actions.updateCase(staff, { caseId: id('BBB222'), state: 'in-progress', replyText: '正在联系' });
    clock.advance(2 * 60_000);
    sent.length = 0;

    expect(await deps.actions.republishCases('bus-01')).toEqual({ sent: 1, failed: 0 });
    // AAA111's updates are older than the window; BBB222's newest goes again; bus-02's never.
    expect(sent).toEqual([{ busId: 'bus-01', body: expect.objectContaining({ reference: 'BBB222', status: 'in-progress', replyText: '正在联系', version: 2 }) }]);
  });
});
