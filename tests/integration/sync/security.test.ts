import mqtt from 'mqtt';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.ts';
import { uuidv7 } from '../../../src/core/ids.ts';
import { maxEnvelopeBytes } from '../../../src/protocol/envelope.ts';
import { topics } from '../../../src/protocol/topics.ts';
import { Uplink } from '../../../src/sync/uplink.ts';
import type { Mosquitto } from '../../helpers/mosquitto.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { fast, fillOutbox, mqttFor, openBusStore, startBroker, startReceiver } from './rig.ts';

describe('sync security with the sample ACL (real mosquitto, MQTT 5)', () => {
  const dir = tempDir();
  let broker: Mosquitto;
  let office: Awaited<ReturnType<typeof startReceiver>>;
  const officePath = join(dir.path, 'office.db');

  beforeAll(async () => {
    broker = await startBroker(dir.path);
    office = await startReceiver(officePath, broker.url);
  });
  afterAll(async () => {
    await office.receiver.stop();
    await office.store.close();
    await broker.stop();
    dir.cleanup();
  });

  it("refuses bus A's publish into bus B's topics (PUBACK 0x87) and keeps the rows unsent", async () => {
    // Bus A's credentials on a bus configured as B: every uplink topic is B's.
    const bus = openBusStore(join(dir.path, 'a-as-b.db'));
    fillOutbox(bus, 5);
    const uplink = new Uplink({ store: bus, busId: 'bus-b', mqtt: mqttFor(broker.url, 'bus-a'), clock: systemClock, ...fast });
    uplink.start();
    try {
      await waitFor(() => uplink.status().refused === 5, 'the broker to refuse all five rows');
      const status = uplink.status();
      expect(status).toMatchObject({ link: 'online', backlog: 5, unsent: 5, refused: 5 });
      expect(status.lastError).toMatch(/reason code 0x87/);
      expect(await office.store.ledger.events({ busId: 'bus-b' })).toEqual([]);
    } finally {
      await uplink.stop();
      bus.close();
    }
    // The same with a bare client: the promise rejects with the reason code.
    const client = await mqtt.connectAsync(broker.url, { protocolVersion: 5, username: 'bus-a', password: 'a-secret', reconnectPeriod: 0 });
    await expect(client.publishAsync(topics.up('bus-b', 'count'), '{}', { qos: 1 })).rejects.toMatchObject({ code: 0x87 });
    await expect(client.publishAsync(topics.down('bus-b', 'ack'), '{"v":1,"seq":99}', { qos: 1 })).rejects.toMatchObject({ code: 0x87 });
    await client.endAsync();
  });

  it('refuses anonymous clients and wrong passwords at CONNECT', async () => {
    for (const credentials of [{}, { username: 'bus-a', password: 'wrong' }]) {
      await expect(mqtt.connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0, ...credentials })).rejects.toMatchObject({
        code: expect.any(Number),
      });
    }
  });

  it('quarantines malformed and oversized payloads and keeps receiving', async () => {
    const client = await mqtt.connectAsync(broker.url, { protocolVersion: 5, username: 'bus-a', password: 'a-secret', reconnectPeriod: 0 });
    const good = (seq: number, extra: object = {}) =>
      JSON.stringify({ v: 1, id: uuidv7(), busId: 'bus-a', seq, kind: 'count', at: new Date().toISOString(), payload: { n: seq }, ...extra });
    const bad = [
      'not json at all',
      JSON.stringify({ v: 1, seq: 'one' }),
      good(1, { busId: 'bus-b' }),
      good(1, { payload: 'x'.repeat(maxEnvelopeBytes) }),
    ];
    for (const payload of bad) await client.publishAsync(topics.up('bus-a', 'count'), payload, { qos: 1 });
    await client.publishAsync(topics.up('bus-a', 'count'), good(1), { qos: 1 });
    await client.endAsync();
    await waitFor(async () => (await office.store.ledger.events({ busId: 'bus-a' })).length === 1, 'the valid event after the bad ones');
    const reasons = (await office.store.ledger.quarantined()).map((q) => q.reason).reverse();
    expect(reasons).toHaveLength(4);
    expect(reasons[0]).toMatch(/not JSON/);
    expect(reasons[1]).toMatch(/id|busId|seq/);
    expect(reasons[2]).toMatch(/does not match topic bus/);
    expect(reasons[3]).toMatch(/exceeds/);
    expect(office.receiver.connected).toBe(true);
  });
});
