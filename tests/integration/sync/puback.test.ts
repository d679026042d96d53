import mqtt from 'mqtt';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.ts';
import { uuidv7 } from '../../../src/core/ids.ts';
import { unwrap } from '../../../src/core/result.ts';
import { OfficeReceiver, type OfficeEvent } from '../../../src/office/receiver.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import { topics } from '../../../src/protocol/topics.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { fast, mqttFor, officeRows, startBroker } from './rig.ts';

/** The office writes its own PUBACKs after each commit; these pin down when it writes them and when not. */
describe('office receiver acknowledges only what it committed', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('leaves a message whose commit failed unacknowledged (its connection is dropped, the broker delivers it again) and acknowledges the committed ones once', async () => {
    const broker = await startBroker(dir.path);
    const officePath = join(dir.path, 'office.db');
    const store = unwrap(await OfficeStore.open(officePath, systemClock));
    const ledger = store.ledger;
    const commit = ledger.commitBatch.bind(ledger);
    let failures = 1;
    ledger.commitBatch = async (envelopes, payloadJson) => {
      if (envelopes.length > 0 && failures > 0) {
        failures--;
        throw new Error('disk I/O error');
      }
      return commit(envelopes, payloadJson);
    };
    const receiverFor = () => new OfficeReceiver(ledger, mqttFor(broker.url, 'office'), { backoff: fast.backoff, ackDebounceMs: fast.ackDebounceMs });
    const bus = await mqtt.connectAsync(broker.url, { ...mqttFor(broker.url, 'bus-a'), reconnectPeriod: 0 });
    const send = (seq: number) =>
      bus.publishAsync(
        topics.up('bus-a', 'count'),
        JSON.stringify({ v: 1, id: uuidv7(), busId: 'bus-a', seq, kind: 'count', at: new Date().toISOString(), payload: { n: seq } }),
        { qos: 1 },
      );
    const eventsSeen = (seen: OfficeEvent[]) => seen.flatMap((e) => (e.type === 'event' ? [[e.envelope.seq, e.duplicate]] : []));
    let receiver = receiverFor();
    let seen: OfficeEvent[] = [];
    receiver.events.on((event) => seen.push(event));
    try {
      await receiver.start();
      await send(1);
      await waitFor(() => officeRows(officePath, 'bus-a').length === 1, 'seq 1 to be delivered again after the failed commit, and committed');
      expect(failures).toBe(0);
      await send(2);
      await send(3);
      await waitFor(() => officeRows(officePath, 'bus-a').length === 3, 'seq 2 and 3 to be committed');
      expect(officeRows(officePath, 'bus-a').map((r) => r.seq)).toEqual([1, 2, 3]);
      expect(eventsSeen(seen)).toEqual([[1, false], [2, false], [3, false]]);

      // Same client id, persistent session: anything never acknowledged would come before seq 4.
      await receiver.stop();
      receiver = receiverFor();
      seen = [];
      receiver.events.on((event) => seen.push(event));
      await receiver.start();
      await send(4);
      await waitFor(() => officeRows(officePath, 'bus-a').length === 4, 'seq 4 to be committed');
      expect(eventsSeen(seen)).toEqual([[4, false]]);
      expect(await ledger.makeDurable('bus-a')).toBe(4);
    } finally {
      await bus.endAsync();
      await receiver.stop();
      await store.close();
      await broker.stop();
    }
  });
});
