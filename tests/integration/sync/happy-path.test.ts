import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { enqueueTestLoad } from '../../../src/sync/test-load.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { compare, officeRows, openBusStore, startBroker, startReceiver, startUplink } from './rig.ts';

describe('sync happy path against a real mosquitto', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it.each([
    [1, 'in arrival order'],
    [4, 'in seq order'],
  ] as const)('brings 10,000 events exactly once to an office with %i lane(s), %s, and empties the outbox', async (lanes, _order) => {
    const base = join(dir.path, `lanes-${lanes}`);
    const broker = await startBroker(base);
    const officePath = join(base, 'office.db');
    const office = await startReceiver(officePath, broker.url, lanes);
    const bus = openBusStore(join(base, 'bus.db'));
    // The same synthetic events `lianxin sync test-load` enqueues; only this process writes, so no pauses.
    unwrap(await enqueueTestLoad(bus, systemClock, { events: 10_000, pauseMs: 0 }));
    const expected = new Map(bus.db.prepare('SELECT seq, id FROM outbox ORDER BY seq').raw().all() as [number, string][]);
    const uplink = startUplink(bus, broker.url);
    try {
      await waitFor(() => uplink.status().backlog === 0, 'the office to acknowledge all 10,000 events', 60_000, 50);
      const rows = officeRows(officePath, 'bus-a');
      expect(compare(expected, rows)).toEqual({ missing: 0, duplicates: 0, wrongId: 0, extra: 0 });
      const seqs = lanes === 1 ? rows.map((r) => r.seq) : rows.map((r) => r.seq).sort((a, b) => a - b);
      // One lane commits in the order the bus numbered them; several lanes may interleave a batch.
      expect(seqs).toEqual([...expected.keys()]);
      const status = uplink.status();
      expect(status).toMatchObject({ link: 'online', backlog: 0, ackedSeq: 10_000, lastSeq: 10_000, refused: 0, diskFull: false });
      expect(await office.store.ledger.buses()).toEqual([expect.objectContaining({ busId: 'bus-a', committedSeq: 10_000, online: true })]);
    } finally {
      await uplink.stop();
      bus.close();
      await office.receiver.stop();
      await office.store.close();
      await broker.stop();
    }
  });
});
