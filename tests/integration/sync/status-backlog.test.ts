import mqtt from 'mqtt';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJson, statusSchema } from '../../../src/protocol/envelope.ts';
import { topics } from '../../../src/protocol/topics.ts';
import type { Store } from '../../../src/store/store.ts';
import type { Uplink } from '../../../src/sync/uplink.ts';
import type { Mosquitto } from '../../helpers/mosquitto.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { fillOutbox, openBusStore, startBroker, startReceiver, startUplink } from './rig.ts';
import { accounts } from './settings.ts';

/** The office reads 未上传条数 from the bus's retained status: what is still on the bus, refreshed as it drains. */
describe('the retained online status carries the bus’s backlog (real mosquitto)', () => {
  const dir = tempDir();
  let broker: Mosquitto;
  let bus: Store;
  let uplink: Uplink;
  let watcher: mqtt.MqttClient;
  const backlogs: number[] = [];

  beforeAll(async () => {
    broker = await startBroker(dir.path);
    // As an office would see it: the retained status, then each new one.
    watcher = await mqtt.connectAsync(broker.url, { protocolVersion: 5, username: 'office', password: accounts.office, reconnectPeriod: 0 });
    watcher.on('message', (_topic, payload) => {
      const status = decodeJson(statusSchema, payload);
      if (status.ok && status.value.backlog !== undefined) backlogs.push(status.value.backlog);
    });
    await watcher.subscribeAsync(topics.status('bus-a'), { qos: 1 });
    bus = openBusStore(join(dir.path, 'bus.db'));
  });
  afterAll(async () => {
    await uplink?.stop();
    bus.close();
    await watcher.endAsync();
    await broker.stop();
    dir.cleanup();
  });

  it('says 120 waiting while no office confirms them, then 0 once the office stored them all', async () => {
    fillOutbox(bus, 120);
    uplink = startUplink(bus, broker.url);
    await waitFor(() => backlogs.length > 0, 'the online status');
    expect(backlogs[0]).toBe(120);
    const office = await startReceiver(join(dir.path, 'office.db'), broker.url);
    try {
      await waitFor(() => backlogs.at(-1) === 0, 'a status saying nothing waits on the bus', 15_000);
      expect(bus.outbox.stats().backlog).toBe(0);
      // Never more than what was there: the count only goes down while the office confirms.
      expect(backlogs.every((n, i) => i === 0 || n <= backlogs[i - 1]!)).toBe(true);
    } finally {
      await office.receiver.stop();
      await office.store.close();
    }
  });
});
