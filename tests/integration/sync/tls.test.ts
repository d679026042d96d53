import mqtt from 'mqtt';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/schema.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { OfficeReceiver } from '../../../src/office/receiver.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import { Uplink } from '../../../src/sync/uplink.ts';
import { makeTestCa, type CertFiles } from '../../helpers/certs.ts';
import { sampleAclPath, startMosquitto, type Mosquitto, type MosquittoTls } from '../../helpers/mosquitto.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { compare, fast, fillOutbox, mqttFor, officeRows, openBusStore } from './rig.ts';
import { startSampleBroker } from './sample-broker.ts';
import { accounts } from './settings.ts';


describe('sync over TLS (real mosquitto 2.x with the sample ACL, MQTT 5)', () => {
  const dir = tempDir();
  const certDir = join(dir.path, 'certs');
  mkdirSync(certDir);
  const ca = makeTestCa(certDir);
  const server = ca.server('server');
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    dir.cleanup();
  });

  let brokers = 0;
  const broker = async (tls: Partial<MosquittoTls> = {}, users: Record<string, string> = { ...accounts }): Promise<Mosquitto> => {
    const started = await startMosquitto({
      dir: join(dir.path, `broker-${++brokers}`),
      users,
      aclPath: sampleAclPath,
      tls: { cafile: ca.ca, certfile: server.cert, keyfile: server.key, ...tls },
    });
    cleanups.push(() => started.stop());
    return started;
  };
  const office = async (name: string, config: Config['mqtt']) => {
    const officePath = join(dir.path, `${name}-office.db`);
    const store = unwrap(await OfficeStore.open(officePath, systemClock));
    cleanups.push(() => store.close());
    const receiver = new OfficeReceiver(store.ledger, config, { backoff: fast.backoff, ackDebounceMs: fast.ackDebounceMs });
    await receiver.start();
    cleanups.push(() => receiver.stop());
    return { officePath, store, receiver };
  };
  const bus = (name: string, busId: string, config: Config['mqtt'], events = 20) => {
    const store = openBusStore(join(dir.path, `${name}-bus.db`));
    const expected = fillOutbox(store, events);
    const uplink = new Uplink({ store, busId, mqtt: config, clock: systemClock, ...fast });
    uplink.start();
    cleanups.push(async () => {
      await uplink.stop();
      store.close();
    });
    return { store, uplink, expected };
  };
  const withCert = (url: string, files: CertFiles): Config['mqtt'] => ({ url, protocolVersion: 5, ca: ca.ca, ...files });

  it('carries a bus to the office over mqtts:// with the CA and username/password', async () => {
    const { url } = await broker();
    expect(url).toMatch(/^mqtts:\/\//);
    const { officePath } = await office('password', { ...mqttFor(url, 'office'), ca: ca.ca });
    const { uplink, expected } = bus('password', 'bus-a', { ...mqttFor(url, 'bus-a'), ca: ca.ca });
    await waitFor(() => uplink.status().backlog === 0, 'the office to acknowledge all 20 events over TLS');
    expect(uplink.status()).toMatchObject({ link: 'online', backlog: 0, unsent: 0, ackedSeq: 20, refused: 0, lastError: null });
    expect(compare(expected, officeRows(officePath, 'bus-a'))).toEqual({ missing: 0, duplicates: 0, wrongId: 0, extra: 0 });
  });

  it("with client certificates the CN is the username: bus-a's own topics work, bus-b's are refused", async () => {
    // No password file at all: only a certificate from the CA gets in.
    const { url } = await broker({ requireCertificate: true, useIdentityAsUsername: true }, {});
    const busA = ca.client('bus-a');
    const { officePath, store } = await office('cert', withCert(url, ca.client('office')));
    const own = bus('cert-own', 'bus-a', withCert(url, busA));
    await waitFor(() => own.uplink.status().backlog === 0, "bus-a's events to be acknowledged");
    expect(compare(own.expected, officeRows(officePath, 'bus-a'))).toEqual({ missing: 0, duplicates: 0, wrongId: 0, extra: 0 });

    // bus-a's certificate on a bus configured as bus-b: every uplink topic is bus-b's.
    const foreign = bus('cert-foreign', 'bus-b', withCert(url, busA), 5);
    await waitFor(() => foreign.uplink.status().refused === 5, 'the broker to refuse all five rows');
    const status = foreign.uplink.status();
    expect(status).toMatchObject({ link: 'online', backlog: 5, unsent: 5, refused: 5 });
    expect(status.lastError).toMatch(/reason code 0x87/);
    expect(await store.ledger.events({ busId: 'bus-b' })).toEqual([]);

    // The username a client claims does not count: bus-a's certificate stays bus-a even as "office".
    const claimed = await mqtt.connectAsync(url, {
      protocolVersion: 5,
      reconnectPeriod: 0,
      ca: readFileSync(ca.ca),
      cert: readFileSync(busA.cert),
      key: readFileSync(busA.key),
      username: 'office',
      password: accounts.office,
    });
    await expect(claimed.publishAsync('lianxin/v1/bus/bus-b/down/ack', '{"v":1,"seq":99}', { qos: 1 })).rejects.toMatchObject({ code: 0x87 });
    await claimed.endAsync();
  });

  it('refuses a client without a certificate where one is required', async () => {
    const { url } = await broker({ requireCertificate: true, useIdentityAsUsername: true }, {});
    await expect(mqtt.connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0, ca: readFileSync(ca.ca) })).rejects.toThrow(
      /certificate required/,
    );
    // The uplink with the CA and a password but no certificate of its own.
    const { uplink } = bus('no-cert', 'bus-a', { ...mqttFor(url, 'bus-a'), ca: ca.ca }, 3);
    await waitFor(() => uplink.status().lastError, 'the uplink to report the refusal');
    expect(uplink.status()).toMatchObject({ link: 'connecting', backlog: 3, unsent: 3, lastError: expect.stringMatching(/certificate required/) });
  });

  it('refuses a broker whose certificate the configured CA did not sign, or that is for another address', async () => {
    const rogue = makeTestCa(certDir, 'rogue');
    const impostor = rogue.server('server');
    const elsewhere = ca.server('elsewhere', 'IP:10.1.2.3');
    const cases = [
      { name: 'rogue', tls: { certfile: impostor.cert, keyfile: impostor.key, cafile: rogue.ca }, error: /self-signed certificate in certificate chain/ },
      { name: 'elsewhere', tls: { certfile: elsewhere.cert, keyfile: elsewhere.key }, error: /IP: 127\.0\.0\.1 is not in the cert's list/ },
    ];
    for (const { name, tls, error } of cases) {
      const { url } = await broker(tls);
      const { store, uplink } = bus(name, 'bus-a', { ...mqttFor(url, 'bus-a'), ca: ca.ca }, 5);
      await waitFor(() => uplink.status().lastError, `the uplink to report the ${name} certificate`);
      expect(uplink.status()).toMatchObject({ link: 'connecting', backlog: 5, unsent: 5, ackedSeq: 0, lastError: expect.stringMatching(error) });
      expect(store.db.prepare('SELECT count(*) AS n FROM outbox WHERE sent_at IS NOT NULL').get()).toEqual({ n: 0 });
      // The office side refuses it the same way, as a rejected start rather than a crash.
      const store2 = unwrap(await OfficeStore.open(join(dir.path, `${name}-refused-office.db`), systemClock));
      cleanups.push(() => store2.close());
      const receiver = new OfficeReceiver(store2.ledger, { ...mqttFor(url, 'office'), ca: ca.ca }, { backoff: fast.backoff });
      await expect(receiver.start()).rejects.toThrow(error);
    }
  });

  it('names the config key and path of a missing certificate file, keeps retrying, and connects once it appears', async () => {
    const { url } = await broker();
    const caPath = join(dir.path, 'provisioned-later', 'ca.crt');
    const { uplink } = bus('missing-ca', 'bus-a', { ...mqttFor(url, 'bus-a'), ca: caPath }, 4);
    await waitFor(() => uplink.status().lastError, 'the uplink to report the missing CA file');
    expect(uplink.status()).toMatchObject({ link: 'connecting', backlog: 4, unsent: 4, lastError: `mqtt.ca: cannot read ${caPath} (ENOENT)` });

    const keyPath = join(dir.path, 'nowhere', 'office.key');
    const store = unwrap(await OfficeStore.open(join(dir.path, 'missing-key-office.db'), systemClock));
    cleanups.push(() => store.close());
    const officeCert = ca.client('office');
    const receiver = new OfficeReceiver(store.ledger, { ...withCert(url, officeCert), key: keyPath }, { backoff: fast.backoff });
    await expect(receiver.start()).rejects.toThrow(`mqtt.key: cannot read ${keyPath} (ENOENT)`);

    // The file installed later is taken up at the next attempt: the bus needs no restart.
    await office('missing-ca', { ...mqttFor(url, 'office'), ca: ca.ca });
    mkdirSync(join(dir.path, 'provisioned-later'));
    copyFileSync(ca.ca, caPath);
    await waitFor(() => uplink.status().backlog === 0, 'the uplink to connect once the CA file exists');
    expect(uplink.status()).toMatchObject({ link: 'online', lastError: null });
  });

  it('the sample docs/mosquitto.conf serves buses over TLS with passwords, and with certificates once its two lines are enabled', async () => {
    for (const certificates of [false, true]) {
      const base = join(dir.path, `sample-${certificates ? 'certificates' : 'passwords'}`);
      const sample = await startSampleBroker(base, { ca: ca.ca, server, certificates }, { office: accounts.office, buses: { 'bus-a': accounts['bus-a'], 'bus-b': accounts['bus-b'] } });
      cleanups.push(() => sample.broker.stop());
      // The office on the broker's host uses the loopback listener and its password either way.
      const { officePath } = await office(`sample-${certificates}`, mqttFor(sample.officeUrl, 'office'));
      const busConfig = certificates ? withCert(sample.busUrl, ca.client('bus-a')) : { ...mqttFor(sample.busUrl, 'bus-a'), ca: ca.ca };
      const { uplink, expected } = bus(`sample-${certificates}`, 'bus-a', busConfig, 10);
      await waitFor(() => uplink.status().backlog === 0, `bus-a's events through the sample config (${certificates ? 'certificates' : 'passwords'})`);
      expect(compare(expected, officeRows(officePath, 'bus-a'))).toEqual({ missing: 0, duplicates: 0, wrongId: 0, extra: 0 });
      if (certificates) {
        // The TLS listener now refuses a password alone.
        await expect(mqtt.connectAsync(sample.busUrl, { protocolVersion: 5, reconnectPeriod: 0, ca: readFileSync(ca.ca), username: 'bus-a', password: accounts['bus-a'] })).rejects.toThrow(/certificate required/);
      }
    }
  });
});
