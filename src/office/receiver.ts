import mqtt, { type MqttClient } from 'mqtt';
import type { Config } from '../config/schema.ts';
import { delays } from '../core/delays.ts';
import { Emitter } from '../core/emitter.ts';
import { mqttClientOptions } from '../sync/connect.ts';
import { decodeJson, envelopeSchema, type Envelope } from '../sync/envelope.ts';
import { parseBusTopic, topics } from '../sync/topics.ts';
import type { OfficeStore } from './store.ts';

export type OfficeEvent =
  | { type: 'event'; envelope: Envelope; duplicate: boolean }
  | { type: 'bus-status'; busId: string; online: boolean }
  | { type: 'quarantined'; topic: string; reason: string };

/**
 * Receives every bus's uplink. Each message is committed to the office database before its PUBACK
 * goes out (mqtt.js waits for handleMessage's callback), then the bus is told, per bus, the highest
 * contiguous seq committed — the end-to-end acknowledgement.
 */
export class OfficeReceiver {
  readonly events = new Emitter<OfficeEvent>();
  private client: MqttClient | null = null;
  private readonly ackTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: OfficeStore,
    private readonly mqttConfig: Config['mqtt'],
    private readonly clientId = 'lianxin-office',
  ) {}

  async start(): Promise<void> {
    if (this.mqttConfig.url === undefined) throw new Error('office receiver: mqtt.url is not configured');
    const client = mqtt.connect(
      this.mqttConfig.url,
      mqttClientOptions(this.mqttConfig, this.clientId, { clean: false, reconnectPeriod: delays.reconnectMinMs }),
    );
    this.client = client;
    client.handleMessage = (packet, done) => {
      try {
        this.receive(packet.topic, Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload));
        done();
      } catch (error) {
        // A failed commit must not be acknowledged: the broker redelivers after reconnect.
        done(error as Error);
      }
    };
    client.on('connect', () => {
      client.subscribe([topics.upWildcard, topics.statusWildcard], { qos: 1 });
    });
    client.on('error', (error) => console.error(`office receiver: ${error.message}`));
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  }

  async stop(): Promise<void> {
    for (const timer of this.ackTimers.values()) clearTimeout(timer);
    this.ackTimers.clear();
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync();
  }

  private receive(topic: string, payload: Buffer): void {
    const where = parseBusTopic(topic);
    if (!where) return;
    if (where.channel === 'status') {
      const online = payload.toString().includes('"online"');
      this.store.setOnline(where.busId, online);
      this.events.emit({ type: 'bus-status', busId: where.busId, online });
      return;
    }
    if (where.channel !== 'up') return;
    const decoded = decodeJson(envelopeSchema, payload);
    const reason = !decoded.ok
      ? decoded.reason
      : decoded.value.busId !== where.busId
        ? `envelope busId ${decoded.value.busId} does not match topic bus ${where.busId}`
        : decoded.value.kind !== where.kind
          ? `envelope kind ${decoded.value.kind} does not match topic kind ${where.kind}`
          : null;
    if (reason !== null || !decoded.ok) {
      this.store.quarantine(topic, reason ?? 'invalid', payload);
      this.events.emit({ type: 'quarantined', topic, reason: reason ?? 'invalid' });
      return;
    }
    const { duplicate } = this.store.commit(decoded.value);
    this.events.emit({ type: 'event', envelope: decoded.value, duplicate });
    this.scheduleAck(where.busId);
  }

  /** Acks are batched per bus: one retained message per burst instead of one per event. */
  private scheduleAck(busId: string): void {
    if (this.ackTimers.has(busId)) return;
    const timer = setTimeout(() => {
      this.ackTimers.delete(busId);
      const seq = this.store.committedSeq(busId);
      this.client?.publish(topics.down(busId, 'ack'), JSON.stringify({ v: 1, seq }), { qos: 1, retain: true });
    }, delays.officeAckDebounceMs);
    this.ackTimers.set(busId, timer);
  }
}
