import mqtt from 'mqtt';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.ts';
import { uuidv7 } from '../../../src/core/ids.ts';
import { unwrap } from '../../../src/core/result.ts';
import { OfficeReceiver, type OfficeEvent } from '../../../src/office/receiver.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import { topics } from '../../../src/sync/topics.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { fast, mqttFor, officeRows, startBroker } from './rig.ts';

/** The office writes its own PUBACKs after each commit; these pin down when it writes them and when not. */
describe('office receiver acknowledges only what it committed', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('leaves a message whose commit failed unacknowledged (the broker delivers it again) and acknowledges the committed ones', async () => {
    const broker = await startBroker(dir.path);
    const officePath = join(dir.path, 'office.db');
    const store = unwrap(OfficeStore.open(officePath, systemClock));
    const commit = store.commitBatch.bind(store);
    let failures = 1;
    store.commitBatch = (envelopes) => {
      if (envelopes.length > 0 && failures-- > 0) throw new Error('disk I/O error');
      return commit(envelopes);
    };
    const receiverFor = () => new OfficeReceiver(store, mqttFor(broker.url, 'office'), { backoff: fast.backoff, ackDebounceMs: fast.ackDebounceMs });
    const bus = await mqtt.connectAsync(broker.url, { ...mqttFor(broker.url, 'bus-a'), reconnectPeriod: 0 });
    const send = (seq: number) =>
      bus.publishAsync(
        topics.up('bus-a', 'count'),
        JSON.stringify({ v: 1, id: uuidv7(), busId: 'bus-a', seq, kind: 'count', at: new Date().toISOString(), payload: { n: seq } }),
        { qos: 1 },
      );
    let receiver = receiverFor();
    try {
      await receiver.start();
      await send(1);
      await waitFor(() => failures <= 0, 'the first commit to fail');
      await send(2);
      await send(3);
      await waitFor(() => officeRows(officePath, 'bus-a').length === 2, 'seq 2 and 3 to be committed');
      expect(officeRows(officePath, 'bus-a').map((r) => r.seq)).toEqual([2, 3]);

      // Same client id, persistent session: the broker hands over what the office never acknowledged.
      await receiver.stop();
      receiver = receiverFor();
      const seen: OfficeEvent[] = [];
      receiver.events.on((event) => seen.push(event));
      await receiver.start();
      await waitFor(() => officeRows(officePath, 'bus-a').length === 3, 'seq 1 to be delivered again and committed');
      expect(officeRows(officePath, 'bus-a').map((r) => r.seq).sort()).toEqual([1, 2, 3]);
      // Seq 2 and 3 were acknowledged after their commit: only seq 1 comes again, and not as a duplicate.
      const events = seen.flatMap((e) => (e.type === 'event' ? [[e.envelope.seq, e.duplicate]] : []));
      expect(events).toEqual([[1, false]]);
      await waitFor(() => store.makeDurable('bus-a') === 3, 'the contiguous ack to reach 3');
    } finally {
      await bus.endAsync();
      await receiver.stop();
      store.close();
      await broker.stop();
    }
  });
});
