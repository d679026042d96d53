/**
 * End-to-end sync throughput: a 50,000-event backlog drained from the bus SQLite file through
 * mosquitto into the office SQLite file, until the office's end-to-end ack empties the outbox.
 * Peers on the same broker: a bare mqtt.js QoS 1 publish loop with no storage and no subscriber
 * (the broker's and client's ceiling), and the same loop with a bare QoS 1 subscriber (the
 * broker's fan-out included).
 *
 * On a shared 2-core machine one run of each swings by ±30%, so the peers run as interleaved
 * rounds (order alternating, fresh databases each round) and the verdict is the median of the
 * per-round ratios. Each measurement starts on a freshly restarted broker (same port, same
 * config, no persistence): the previous run's retained ack and the office's persistent sessions
 * would otherwise acknowledge the next bus's rows unsent, or queue the bare loop's messages.
 * CPU per 10k events is reported for every process taking part, from /proc for the others.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Mosquitto } from '../helpers/mosquitto.ts';
import { tempDir, waitFor } from '../helpers/temp.ts';
import { runChild } from '../integration/sync/children.ts';
import { systemClock } from '../../src/core/clock.ts';
import { Uplink } from '../../src/sync/uplink.ts';
import { fillOutbox, mqttFor, officeRows, openBusStore, startBroker } from '../integration/sync/rig.ts';
import { machineBusySeconds, ownCpuSeconds, pidByArguments, processCpuSeconds } from './support/proc-cpu.ts';

const events = 50_000;
const rounds = 7;
/** Publishes the bare loop keeps in flight: mqtt.js's own ceiling without the outbox's window. */
const bareInFlight = 1000;
/** The uplink's publish window for this run. */
const window = 512;
/** Office connections sharing the uplink subscription (batch size of its commits). */
const lanes = 8;
const topic = 'lianxin/v1/bus/bus-a/up/count';
/** Cores other processes may keep busy during a round's measurements for it to count as quiet. */
const quietCores = 0.25;

interface Measure {
  rate: number;
  /** CPU seconds per 10k events, by process. */
  cpu: Record<string, number>;
  /** Cores kept busy meanwhile by processes not measured (other people's work on a shared machine). */
  otherCores: number;
}

type Peer = 'bare' | 'subscribed' | 'e2e';

/** Times `body` with the CPU it costs this process (named `self`) and each of `others` (name → pid). */
async function timed(self: string, others: Record<string, number>, body: () => Promise<void>): Promise<Measure> {
  const cpuNow = () => ({ [self]: ownCpuSeconds(), ...Object.fromEntries(Object.entries(others).map(([name, pid]) => [name, processCpuSeconds(pid)])) });
  const before = cpuNow();
  const machineBefore = machineBusySeconds();
  const started = performance.now();
  await body();
  const seconds = (performance.now() - started) / 1000;
  const after = cpuNow();
  const used = Object.fromEntries(Object.keys(after).map((name) => [name, after[name]! - before[name]!]));
  const measured = Object.values(used).reduce((a, b) => a + b, 0);
  return {
    rate: events / seconds,
    cpu: Object.fromEntries(Object.entries(used).map(([name, s]) => [name, (s * 10_000) / events])),
    otherCores: Math.max(0, machineBusySeconds() - machineBefore - measured) / seconds,
  };
}

function publishAll(client: MqttClient, payload: string): Promise<void> {
  let sent = 0;
  let acked = 0;
  return new Promise<void>((resolve, reject) => {
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
}

async function bareLoop(url: string, brokerPid: number, payload: string): Promise<Measure> {
  const client = await mqtt.connectAsync(url, { ...mqttFor(url, 'bus-a'), reconnectPeriod: 0 });
  const measure = await timed('client', { broker: brokerPid }, () => publishAll(client, payload));
  await client.endAsync();
  return measure;
}

/** The same loop with a bare QoS 1 subscriber (office account, no storage) receiving every message. */
async function bareSubscribed(url: string, brokerPid: number, payload: string): Promise<Measure> {
  const subscriber = await mqtt.connectAsync(url, { ...mqttFor(url, 'office'), clientId: 'bench-subscriber', reconnectPeriod: 0 });
  await subscriber.subscribeAsync('lianxin/v1/bus/bus-a/up/+', { qos: 1 });
  const publisher = await mqtt.connectAsync(url, { ...mqttFor(url, 'bus-a'), reconnectPeriod: 0 });
  let received = 0;
  const all = new Promise<void>((resolve) =>
    subscriber.on('message', () => {
      if (++received === events) resolve();
    }),
  );
  const measure = await timed('clients', { broker: brokerPid }, async () => {
    await publishAll(publisher, payload);
    await all;
  });
  await Promise.all([publisher.endAsync(), subscriber.endAsync()]);
  return measure;
}

/** The office runs in its own process, as it does on its own machine; the bus in this one. */
async function endToEnd(dir: string, url: string, brokerPid: number): Promise<Measure> {
  mkdirSync(dir);
  const officePath = join(dir, 'office.db');
  const office = runChild('./office-child.ts', [officePath, url, String(lanes), '', '', 'production']);
  await office.waitForLine('ready');
  const bus = openBusStore(join(dir, 'bus.db'));
  fillOutbox(bus, events);
  let resent = 0;
  const measure = await timed('bus', { office: office.proc.pid!, broker: brokerPid }, async () => {
    // The product's timings (maintenance every 5 s, resend after 30 s), not the fault tests' fast ones.
    const uplink = new Uplink({ store: bus, busId: 'bus-a', mqtt: mqttFor(url, 'bus-a'), clock: systemClock, window });
    uplink.start();
    await waitFor(() => uplink.status().backlog === 0, 'the backlog to be acknowledged end to end', 300_000, 20);
    resent = uplink.status().resent;
    await uplink.stop();
  });
  bus.close();
  await office.kill();
  const rows = officeRows(officePath, 'bus-a');
  if (rows.length !== events) throw new Error(`office holds ${rows.length} of ${events} events`);
  if (resent > 0) console.log(`  (end-to-end: ${resent} rows resent after an ack stall)`);
  return measure;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const percent = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
const cpuText = (m: Measure) =>
  `${Object.entries(m.cpu).map(([name, s]) => `${name} ${s.toFixed(3)}`).join(', ')} (others ${m.otherCores.toFixed(2)} cores)`;
const spread = (values: number[], show: (v: number) => string) =>
  `median ${show(median(values))} (min ${show(Math.min(...values))}, max ${show(Math.max(...values))})`;

export async function run(): Promise<void> {
  const dir = tempDir('lianxin-sync-bench-');
  const broker: Mosquitto = await startBroker(dir.path);
  const brokerConfig = join(dir.path, 'broker', 'mosquitto.conf');
  const freshBroker = async () => {
    await broker.kill();
    await broker.restart();
    return pidByArguments('-c', brokerConfig);
  };
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
  const peers: Record<Peer, (round: number) => Promise<Measure>> = {
    bare: async () => bareLoop(broker.url, await freshBroker(), payload),
    subscribed: async () => bareSubscribed(broker.url, await freshBroker(), payload),
    e2e: async (round) => endToEnd(join(dir.path, `round-${round}`), broker.url, await freshBroker()),
  };
  console.log(`events: ${events}, envelope ${payload.length} bytes, mosquitto on loopback, ${rounds} rounds`);
  console.log(`  bare:       mqtt.js QoS 1 publish loop, ${bareInFlight} in flight, no storage, no subscriber`);
  console.log(`  subscribed: the same loop with a bare QoS 1 subscriber receiving everything (no storage)`);
  console.log(`  e2e:        bus SQLite → mosquitto → office SQLite (own process), end-to-end acked (window ${window}, ${lanes} office lanes)`);
  console.log('  cpu: CPU seconds per 10k events by process (user + system); others: cores busy with unmeasured processes meanwhile');
  const results: Record<Peer, Measure>[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      // Alternate the order so a drift in the machine's load favours neither side.
      const order: Peer[] = round % 2 ? ['bare', 'subscribed', 'e2e'] : ['e2e', 'subscribed', 'bare'];
      const result = {} as Record<Peer, Measure>;
      for (const peer of order) result[peer] = await peers[peer](round);
      results.push(result);
      const { bare, subscribed, e2e } = result;
      console.log(
        `round ${round}: bare ${bare.rate.toFixed(0)}/s, subscribed ${subscribed.rate.toFixed(0)}/s, e2e ${e2e.rate.toFixed(0)}/s` +
          ` → e2e/bare ${percent(e2e.rate / bare.rate)}, e2e/subscribed ${percent(e2e.rate / subscribed.rate)}`,
      );
      console.log(`  cpu bare: ${cpuText(bare)} | subscribed: ${cpuText(subscribed)} | e2e: ${cpuText(e2e)}`);
    }
  } finally {
    await broker.stop();
    dir.cleanup();
  }
  const all = (peer: Peer) => results.map((r) => r[peer]);
  const rates = (peer: Peer) => all(peer).map((m) => m.rate);
  const ratios = (peer: Peer) => results.map((r) => r.e2e.rate / r[peer].rate);
  const rate = (v: number) => `${v.toFixed(0)}/s`;
  const cpu = (v: number) => v.toFixed(3);
  console.log(`bare: ${spread(rates('bare'), rate)}; subscribed: ${spread(rates('subscribed'), rate)}; e2e: ${spread(rates('e2e'), rate)}`);
  for (const peer of ['bare', 'subscribed', 'e2e'] as const) {
    const names = Object.keys(all(peer)[0]!.cpu);
    console.log(`cpu ${peer}: ${names.map((name) => `${name} ${spread(all(peer).map((m) => m.cpu[name]!), cpu)}`).join('; ')}`);
  }
  // Less sensitive to other people's load than the rates: the CPU spent per event by all the
  // processes taking part. Their quotient is the ratio a machine with no core to spare tends to.
  const totalCpu = (peer: Peer) => median(all(peer).map((m) => Object.values(m.cpu).reduce((a, b) => a + b, 0)));
  console.log(
    `cpu all processes, median s per 10k: bare ${cpu(totalCpu('bare'))}, subscribed ${cpu(totalCpu('subscribed'))}, e2e ${cpu(totalCpu('e2e'))} (bare/e2e ${percent(totalCpu('bare') / totalCpu('e2e'))})`,
  );
  console.log(`ratio e2e / bare: ${spread(ratios('bare'), percent)} (target ≥ 50%)`);
  console.log(`ratio e2e / subscribed: ${spread(ratios('subscribed'), percent)}`);
  // The rounds in which the machine was otherwise idle: the ratio without other people's load,
  // which slows the two sides by different amounts from one round to the next.
  const quiet = results.filter((r) => r.bare.otherCores < quietCores && r.e2e.otherCores < quietCores).map((r) => r.e2e.rate / r.bare.rate);
  console.log(
    quiet.length === 0
      ? `ratio e2e / bare in quiet rounds (others < ${quietCores} cores): no such round`
      : `ratio e2e / bare in quiet rounds (others < ${quietCores} cores): ${quiet.length} of ${rounds}, ${spread(quiet, percent)}`,
  );
}
