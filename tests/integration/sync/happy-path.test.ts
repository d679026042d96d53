import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { compare, fillOutbox, officeRows, openBusStore, startBroker, startReceiver, startUplink } from './rig.ts';

describe('sync happy path against a real mosquitto', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('brings 10,000 events to the office database exactly once, in seq order, and empties the outbox', async () => {
    const broker = await startBroker(dir.path);
    const officePath = join(dir.path, 'office.db');
    const office = await startReceiver(officePath, broker.url);
    const bus = openBusStore(join(dir.path, 'bus.db'));
    const expected = fillOutbox(bus, 10_000);
    const uplink = startUplink(bus, broker.url);
    try {
      await waitFor(() => uplink.status().backlog === 0, 'the office to acknowledge all 10,000 events', 60_000, 50);
      const rows = officeRows(officePath, 'bus-a');
      expect(compare(expected, rows)).toEqual({ missing: 0, duplicates: 0, wrongId: 0, extra: 0 });
      // Committed in the order the bus numbered them.
      expect(rows.map((r) => r.seq)).toEqual([...expected.keys()]);
      const status = uplink.status();
      expect(status).toMatchObject({ link: 'online', backlog: 0, ackedSeq: 10_000, lastSeq: 10_000, refused: 0, diskFull: false });
      expect(office.store.buses()).toEqual([expect.objectContaining({ busId: 'bus-a', committedSeq: 10_000, online: true })]);
    } finally {
      await uplink.stop();
      bus.close();
      await office.receiver.stop();
      office.store.close();
      await broker.stop();
    }
  });
});
