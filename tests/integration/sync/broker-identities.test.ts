import mqtt, { type MqttClient } from 'mqtt';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { OfficeReceiver } from '../../../src/office/receiver.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import { Uplink } from '../../../src/sync/uplink.ts';
import { makeTestCa } from '../../helpers/certs.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { compare, fast, fillOutbox, mqttFor, officeRows, openBusStore } from './rig.ts';
import { startSampleBroker } from './sample-broker.ts';
import { accounts } from './settings.ts';

// A stolen bus PC: bus-b's password in the hands of someone on the mobile network, against the
// sample broker as shipped (docs/mosquitto.conf with accounts from docs/broker-accounts.sh).
describe("the sample broker holds against a bus's stolen password", () => {
  const dir = tempDir();
  mkdirSync(join(dir.path, 'certs'));
  const ca = makeTestCa(join(dir.path, 'certs'));
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    dir.cleanup();
  });

  it('cannot join the office share, read another bus, or take the office’s or another bus’s client id; the fleet keeps draining', async () => {
    const sample = await startSampleBroker(join(dir.path, 'broker'), { ca: ca.ca, server: ca.server('server'), certificates: false }, {
      office: accounts.office,
      buses: { 'bus-a': accounts['bus-a'], 'bus-b': accounts['bus-b'] },
    });
    cleanups.push(() => sample.broker.stop());
    const officePath = join(dir.path, 'office.db');
    const office = unwrap(await OfficeStore.open(officePath, systemClock));
    cleanups.push(() => office.close());
    const receiver = new OfficeReceiver(office.ledger, mqttFor(sample.officeUrl, 'office'), { backoff: fast.backoff, ackDebounceMs: fast.ackDebounceMs });
    await receiver.start();
    cleanups.push(() => receiver.stop());

    const intruders: MqttClient[] = [];
    const intrude = async (clientId: string) => {
      const client = await mqtt.connectAsync(sample.busUrl, {
        protocolVersion: 5,
        reconnectPeriod: 0,
        clientId,
        ca: readFileSync(ca.ca),
        username: 'bus-b',
        password: accounts['bus-b'],
      });
      intruders.push(client);
      cleanups.push(() => client.endAsync(true));
      return client;
    };
    // Each asks for an id the office or bus-a uses; the last stays connected through bus-a's drain,
    // so a share it had joined would take its turns from the start.
    await intrude('lianxin-bus-bus-a');
    await intrude('bus-a');
    const asOffice = await intrude('lianxin-office');
    // mqtt.js rejects a SUBACK that refuses; the broker's reason codes are in the packet.
    const subscribe = (filters: string[]) =>
      asOffice.subscribeAsync(filters, { qos: 1 }).then(
        (granted) => granted.map((grant) => grant.qos),
        (error: { packet?: { granted?: number[] } }) => error.packet?.granted,
      );
    const shareGrant = await subscribe(['$share/office/lianxin/v1/bus/+/up/#']);
    const readGrant = await subscribe(['lianxin/v1/bus/bus-a/up/#', 'lianxin/v1/bus/bus-a/down/+']);
    let delivered = 0;
    asOffice.on('message', () => delivered++);

    const store = openBusStore(join(dir.path, 'bus-a.db'));
    const expected = fillOutbox(store, 200);
    const uplink = new Uplink({ store, busId: 'bus-a', mqtt: { ...mqttFor(sample.busUrl, 'bus-a'), ca: ca.ca }, clock: systemClock, ...fast });
    uplink.start();
    cleanups.push(async () => {
      await uplink.stop();
      store.close();
    });
    await waitFor(() => uplink.status().backlog === 0, "all 200 of bus-a's events acknowledged while the intruders stay connected");

    // mosquitto answers a refused subscription with SUBACK reason 0x87 (not authorised).
    expect(shareGrant).toEqual([0x87]);
    expect(readGrant).toEqual([0x87, 0x87]);
    expect(delivered).toBe(0);
    // Whatever client id was asked for, the broker made it the username: the intruders only took
    // each other's place as "bus-b"; the office and bus-a were never closed.
    const log = sample.broker.log();
    expect(log.match(/Client bus-b already connected, closing old connection/g)).toHaveLength(2);
    expect(log).not.toMatch(/Client (lianxin-office|bus-a|lianxin-bus-bus-a)\S* already connected/);
    expect(receiver.connected).toBe(true);
    expect(asOffice.connected).toBe(true);
    expect(uplink.status()).toMatchObject({ link: 'online', backlog: 0, refused: 0 });
    expect(compare(expected, officeRows(officePath, 'bus-a'))).toEqual({ missing: 0, duplicates: 0, wrongId: 0, extra: 0 });

    // Disabling the stolen account ends its sessions and refuses it from then on.
    sample.accounts('disable', 'bus-b');
    await waitFor(() => !asOffice.connected, 'the broker to drop the disabled account');
    await expect(intrude('anything')).rejects.toThrow(/Not authorized|Bad User Name or Password/i);
    expect(uplink.status().link).toBe('online');
  });
});
