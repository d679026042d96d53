import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Mosquitto } from '../../helpers/mosquitto.ts';
import { startTcpProxy } from '../../helpers/tcp-proxy.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { runChild, random } from './children.ts';
import { compare, fillOutbox, officeRows, openBusStore, startBroker, startReceiver, startUplink } from './rig.ts';

const clean = { missing: 0, duplicates: 0, wrongId: 0, extra: 0 };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** The office must hold exactly seqs 1..lastSeq, once each, with the ids the bus gave them. */
function expectExactlyOnce(officePath: string, expected: Map<number, string>, lastSeq: number) {
  const rows = officeRows(officePath, 'bus-a');
  const known = compare(expected, rows.filter((r) => expected.has(r.seq)));
  expect(known).toEqual(clean);
  expect(rows.length, 'events in the office database').toBe(lastSeq);
  expect(new Set(rows.map((r) => r.seq)).size).toBe(lastSeq);
  expect(Math.max(...rows.map((r) => r.seq))).toBe(lastSeq);
}

describe('sync under faults (real mosquitto, real SQLite files)', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());
  let broker: Mosquitto;

  it('loses and duplicates nothing when the bus process is SIGKILLed 10 times while draining', async () => {
    const base = join(dir.path, 'bus-kill');
    broker = await startBroker(base);
    cleanups.push(() => broker.stop());
    const officePath = join(base, 'office.db');
    const office = await startReceiver(officePath, broker.url);
    cleanups.push(async () => (await office.receiver.stop(), office.store.close()));
    const busPath = join(base, 'bus.db');
    const seed = openBusStore(busPath);
    const expected = fillOutbox(seed, 6000);
    seed.close();

    const pause = random(20261123, 30, 400);
    for (let kill = 0; kill < 10; kill++) {
      const child = runChild('./bus-child.ts', [busPath, broker.url]);
      await child.waitForLine('online');
      await new Promise((resolve) => setTimeout(resolve, pause.next().value));
      await child.kill();
      for (const [seq, id] of child.added) expected.set(seq, id);
      const killed = openBusStore(busPath);
      const left = killed.outbox.stats().backlog;
      killed.close();
      expect(left, `rows still to drain when kill ${kill} struck`).toBeGreaterThan(0);
    }
    const bus = openBusStore(busPath);
    cleanups.push(() => bus.close());
    const uplink = startUplink(bus, broker.url);
    cleanups.push(() => uplink.stop());
    await waitFor(() => uplink.status().backlog === 0, 'the outbox to drain after the kills', 30_000, 50);
    expectExactlyOnce(officePath, expected, uplink.status().lastSeq);
  });

  it('loses nothing when a broker without persistence is SIGKILLed and restarted while the office is offline', async () => {
    const base = join(dir.path, 'broker-kill');
    broker = await startBroker(base, false);
    cleanups.push(() => broker.stop());
    const officePath = join(base, 'office.db');
    const bus = openBusStore(join(base, 'bus.db'));
    cleanups.push(() => bus.close());
    const uplink = startUplink(bus, broker.url);
    cleanups.push(() => uplink.stop());
    const expected = new Map<number, string>();
    for (let round = 0; round < 3; round++) {
      // The office subscribes (a persistent session), then goes away.
      const office = await startReceiver(officePath, broker.url);
      await office.receiver.stop();
      await office.store.close();
      for (const [seq, id] of fillOutbox(bus, 1500)) expected.set(seq, id);
      // The broker took every row (PUBACK) into the office's queue...
      await waitFor(() => uplink.status().unsent === 0 && uplink.status().link === 'online', 'the broker to take the rows', 20_000);
      // ...and loses the queue, the session and the retained acks.
      await broker.kill();
      await broker.restart();
      const back = await startReceiver(officePath, broker.url);
      await waitFor(() => uplink.status().backlog === 0, `round ${round}: the office to acknowledge every row`, 30_000, 50);
      await back.receiver.stop();
      await back.store.close();
    }
    expectExactlyOnce(officePath, expected, uplink.status().lastSeq);
  });

  it('loses and duplicates nothing when the link is cut and restored 25 times through a TCP proxy', async () => {
    const base = join(dir.path, 'link-cut');
    broker = await startBroker(base);
    cleanups.push(() => broker.stop());
    const proxy = await startTcpProxy(broker.port);
    cleanups.push(() => proxy.close());
    const officePath = join(base, 'office.db');
    const office = await startReceiver(officePath, broker.url);
    cleanups.push(async () => (await office.receiver.stop(), office.store.close()));
    const bus = openBusStore(join(base, 'bus.db'));
    cleanups.push(() => bus.close());
    const expected = fillOutbox(bus, 6000);
    const uplink = startUplink(bus, proxy.url);
    cleanups.push(() => uplink.stop());
    const pause = random(8, 20, 200);
    let reconnects = 0;
    for (let cut = 0; cut < 25; cut++) {
      await waitFor(() => uplink.status().link === 'online', `reconnect after cut ${cut}`, 10_000, 5);
      reconnects++;
      for (const [seq, id] of fillOutbox(bus, 40)) expected.set(seq, id);
      await new Promise((resolve) => setTimeout(resolve, pause.next().value));
      proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, pause.next().value));
      proxy.restore();
    }
    expect(reconnects).toBe(25);
    await waitFor(() => uplink.status().backlog === 0, 'the outbox to drain after the cuts', 30_000, 50);
    expectExactlyOnce(officePath, expected, uplink.status().lastSeq);
  });

  it('loses and duplicates nothing when the office receiver process (two lanes) is SIGKILLed 4 times mid-stream', async () => {
    const base = join(dir.path, 'office-kill');
    broker = await startBroker(base);
    cleanups.push(() => broker.stop());
    const officePath = join(base, 'office.db');
    const bus = openBusStore(join(base, 'bus.db'));
    cleanups.push(() => bus.close());
    const expected = fillOutbox(bus, 8000);
    const uplink = startUplink(bus, broker.url);
    cleanups.push(() => uplink.stop());
    const pause = random(42, 100, 400);
    let stored = 0;
    for (let kill = 0; kill < 4; kill++) {
      const office = runChild('./office-child.ts', [officePath, broker.url, '2']);
      await office.waitForLine('ready');
      await new Promise((resolve) => setTimeout(resolve, pause.next().value));
      await office.kill();
      stored = officeRows(officePath, 'bus-a').length;
    }
    expect(stored, 'the office committed part of the stream before the last kill').toBeGreaterThan(0);
    const office = await startReceiver(officePath, broker.url, 2);
    cleanups.push(async () => (await office.receiver.stop(), office.store.close()));
    await waitFor(() => uplink.status().backlog === 0, 'the outbox to drain after the office kills', 30_000, 50);
    expectExactlyOnce(officePath, expected, uplink.status().lastSeq);
  });
});
