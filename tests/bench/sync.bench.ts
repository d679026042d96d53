/**
 * End-to-end sync throughput: a 50,000-event backlog drained from the bus SQLite file through
 * mosquitto into the office SQLite file, until the office's end-to-end ack empties the outbox.
 * Peers in the same run, same broker: a bare mqtt.js QoS 1 publish loop with no storage and no
 * subscriber (the broker's and client's ceiling), and the same loop with a bare QoS 1 subscriber
 * (the broker's fan-out included). Prints the rates and the ratios.
 */
import mqtt from 'mqtt';
import { join } from 'node:path';
import { tempDir, waitFor } from '../helpers/temp.ts';
import { runChild } from '../integration/sync/children.ts';
import { fillOutbox, mqttFor, officeRows, openBusStore, startBroker, startUplink } from '../integration/sync/rig.ts';

const events = 50_000;
/** Publishes the bare loop keeps in flight: mqtt.js's own ceiling without the outbox's window. */
const bareInFlight = 1000;
/** The uplink's publish window for this run. */
const window = 512;
/** Office connections sharing the uplink subscription (batch size of its commits). */
const lanes = 8;

async function bareLoop(url: string, payload: string): Promise<number> {
  const client = await mqtt.connectAsync(url, { ...mqttFor(url, 'bus-a'), reconnectPeriod: 0 });
  const topic = 'lianxin/v1/bus/bus-a/up/count';
  const started = performance.now();
  let sent = 0;
  let acked = 0;
  await new Promise<void>((resolve, reject) => {
    const next = () => {
      while (sent < events && sent - acked < bareInFlight) {
        sent++;
        client.publish(topic, payload, { qos: 1 }, (error) => {
          if (error) return reject(error);
          if (++acked === events) resolve();
          else next();
        });
      }
    };
    next();
  });
  const seconds = (performance.now() - started) / 1000;
  await client.endAsync();
  return events / seconds;
}

/** Second peer: the same loop with a bare QoS 1 subscriber (office account, no storage) receiving every message. */
async function bareThroughBroker(url: string, payload: string): Promise<number> {
  const subscriber = await mqtt.connectAsync(url, { ...mqttFor(url, 'office'), clientId: 'bench-subscriber', reconnectPeriod: 0 });
  await subscriber.subscribeAsync('lianxin/v1/bus/bus-a/up/+', { qos: 1 });
  let received = 0;
  const all = new Promise<void>((resolve) =>
    subscriber.on('message', () => {
      if (++received === events) resolve();
    }),
  );
  const started = performance.now();
  await bareLoop(url, payload);
  await all;
  const seconds = (performance.now() - started) / 1000;
  await subscriber.endAsync();
  return events / seconds;
}

/** The office runs in its own process, as it does on its own machine; the bus in this one. */
async function endToEnd(dir: string, url: string): Promise<number> {
  const officePath = join(dir, 'office.db');
  const office = runChild('./office-child.ts', [officePath, url, String(lanes)]);
  await office.waitForLine('ready');
  const bus = openBusStore(join(dir, 'bus.db'));
  fillOutbox(bus, events);
  const started = performance.now();
  const uplink = startUplink(bus, url, 'bus-a', window);
  await waitFor(() => uplink.status().backlog === 0, 'the backlog to be acknowledged end to end', 300_000, 20);
  const seconds = (performance.now() - started) / 1000;
  console.log(`end-to-end run: ${uplink.status().resent} rows resent after an ack stall`);
  await uplink.stop();
  bus.close();
  await office.kill();
  const rows = officeRows(officePath, 'bus-a');
  if (rows.length !== events) throw new Error(`office holds ${rows.length} of ${events} events`);
  return events / seconds;
}

export async function run(): Promise<void> {
  const dir = tempDir('lianxin-sync-bench-');
  const broker = await startBroker(dir.path);
  try {
    // The same envelope size the outbox sends.
    const payload = JSON.stringify({
      v: 1,
      id: '019ab2c4-0000-7000-8000-000000000000',
      busId: 'bus-a',
      seq: 12345,
      kind: 'count',
      at: new Date().toISOString(),
      payload: { n: 12345, boarded: 3, alighted: 2 },
    });
    const bare = await bareLoop(broker.url, payload);
    const bareSubscribed = await bareThroughBroker(broker.url, payload);
    const e2e = await endToEnd(dir.path, broker.url);
    console.log(`events: ${events}, envelope ${payload.length} bytes, mosquitto on loopback`);
    console.log(`bare mqtt.js QoS 1 publish loop (${bareInFlight} in flight, no storage):  ${bare.toFixed(0)} events/s`);
    console.log(`bus SQLite → mosquitto → office SQLite (own process), end-to-end acked (window ${window}, ${lanes} office lanes): ${e2e.toFixed(0)} events/s`);
    console.log(`bare loop with a bare QoS 1 subscriber receiving everything (no storage): ${bareSubscribed.toFixed(0)} events/s`);
    console.log(`ratio end-to-end / bare: ${((e2e / bare) * 100).toFixed(0)}% (target ≥ 50%)`);
    console.log(`ratio end-to-end / bare with subscriber: ${((e2e / bareSubscribed) * 100).toFixed(0)}%`);
  } finally {
    await broker.stop();
    dir.cleanup();
  }
}
