/**
 * The office database restored from a backup older than the bus's last ack: the bus has deleted
 * rows the restored ledger no longer holds. Sync must go on (new events acknowledged, the outbox
 * drained) and the loss must be recorded where the office sees it, not stall the bus forever.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { enqueueTestLoad } from '../../../src/sync/test-load.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { officeRows, openBusStore, startBroker, startReceiver, startUplink } from './rig.ts';

describe('office ledger restored from an older backup', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('moves up to what the bus already deleted, records the lost seqs, and acknowledges new events again', async () => {
    const broker = await startBroker(dir.path);
    const officePath = join(dir.path, 'office.db');
    const backupPath = join(dir.path, 'office-backup.db');
    let office = await startReceiver(officePath, broker.url);
    const bus = openBusStore(join(dir.path, 'bus.db'));
    const uplink = startUplink(bus, broker.url);
    const drained = (what: string) => waitFor(() => uplink.status().backlog === 0 && uplink.status().lastSeq > 0, what, 30_000, 20);
    try {
      unwrap(await enqueueTestLoad(bus, systemClock, { events: 200, pauseMs: 0 }));
      await drained('the first 200 events to be acknowledged');
      await office.store.db.backup(backupPath);
      unwrap(await enqueueTestLoad(bus, systemClock, { events: 300, pauseMs: 0 }));
      await drained('300 more to be acknowledged and deleted on the bus');

      await office.receiver.stop();
      await office.store.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${officePath}${suffix}`, { force: true });
      copyFileSync(backupPath, officePath);
      office = await startReceiver(officePath, broker.url);
      expect(officeRows(officePath, 'bus-a')).toHaveLength(200);

      unwrap(await enqueueTestLoad(bus, systemClock, { events: 100, pauseMs: 0 }));
      await drained('events after the restore to be acknowledged by the restored office');
      const seqs = officeRows(officePath, 'bus-a').map((r) => r.seq).sort((a, b) => a - b);
      expect(seqs).toEqual([...Array.from({ length: 200 }, (_, i) => i + 1), ...Array.from({ length: 100 }, (_, i) => i + 501)]);
      const notes = (await office.store.ledger.quarantined()).map((q) => q.reason);
      expect(notes).toEqual([expect.stringMatching(/^seqs 201\.\.500 of bus-a were acknowledged to the bus before.*; 300 are not in the office ledger/)]);
      expect((await office.store.ledger.buses())[0]).toMatchObject({ busId: 'bus-a', committedSeq: 600 });
    } finally {
      await uplink.stop();
      bus.close();
      await office.receiver.stop();
      await office.store.close();
      await broker.stop();
    }
  });
});
