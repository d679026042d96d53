import mqtt, { type MqttClient } from 'mqtt';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { delays } from '../core/delays.ts';
import { Emitter } from '../core/emitter.ts';
import type { Store } from '../store/store.ts';
import type { OutboxRow } from '../store/outbox.ts';
import { mqttClientOptions } from './connect.ts';
import { ackSchema, decodeJson, type Envelope } from './envelope.ts';
import { topics } from './topics.ts';

export type LinkState = 'offline' | 'connecting' | 'online';

export interface UplinkStatus {
  link: LinkState;
  backlog: number;
  unsent: number;
  /** Age of the oldest row the office has not acknowledged, seconds. */
  oldestUnackedS: number | null;
  ackedSeq: number;
  lastError: string | null;
}

export interface UplinkOptions {
  store: Store;
  busId: string;
  mqtt: Config['mqtt'];
  clock: Clock;
  /** Publishes in flight at once (waiting for PUBACK). */
  window?: number;
}

/**
 * Drains the outbox to the office. A row leaves the bus only when the office says it committed it
 * (retained `down/ack`); a PUBACK only moves it to "sent", and a PUBACK reason code ≥ 0x80 is a failure.
 */
export class Uplink {
  readonly changes = new Emitter<UplinkStatus>();
  private client: MqttClient | null = null;
  private link: LinkState = 'offline';
  private readonly inFlight = new Set<number>();
  private connectedAt = '';
  private ackedSeq = 0;
  private lastError: string | null = null;
  private draining = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly window: number;

  constructor(private readonly options: UplinkOptions) {
    this.window = options.window ?? 64;
  }

  start(): void {
    const { busId, mqtt: mqttConfig } = this.options;
    if (mqttConfig.url === undefined) return;
    this.setLink('connecting');
    const client = mqtt.connect(
      mqttConfig.url,
      mqttClientOptions(mqttConfig, `lianxin-bus-${busId}`, {
        clean: false,
        reconnectPeriod: delays.reconnectMinMs,
        will: { topic: topics.status(busId), payload: Buffer.from(statusPayload('offline')), qos: 1, retain: true },
      }),
    );
    this.client = client;
    client.on('connect', () => {
      this.connectedAt = this.options.clock.now().toISOString();
      this.inFlight.clear();
      this.setLink('online');
      client.publish(topics.status(busId), statusPayload('online'), { qos: 1, retain: true });
      client.subscribe(topics.down(busId, 'ack'), { qos: 1 });
      this.kick();
    });
    client.on('message', (topic, payload) => {
      if (topic === topics.down(busId, 'ack')) this.onAck(payload);
    });
    // mqtt.js reconnects by itself; until stop() the link is only ever "connecting" again.
    client.on('close', () => this.setLink(this.client ? 'connecting' : 'offline'));
    client.on('error', (error) => {
      this.lastError = error.message;
      this.emitStatus();
    });
    this.timer = setInterval(() => this.kick(), delays.outboxPollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    if (client) {
      // A clean stop says "offline" itself; the will covers the unclean ones.
      if (client.connected) {
        await client.publishAsync(topics.status(this.options.busId), statusPayload('offline'), { qos: 1, retain: true }).catch(() => undefined);
      }
      await client.endAsync();
    }
    this.setLink('offline');
  }

  /** Called after a domain write adds outbox rows, so they leave without waiting for the poll. */
  kick(): void {
    if (this.draining || this.link !== 'online') return;
    this.draining = true;
    try {
      this.drain();
    } finally {
      this.draining = false;
    }
  }

  status(): UplinkStatus {
    const stats = this.options.store.outbox.stats();
    const oldest = stats.oldestCreatedAt;
    return {
      link: this.link,
      backlog: stats.backlog,
      unsent: stats.unsent,
      oldestUnackedS: oldest === null ? null : Math.max(0, (this.options.clock.now().getTime() - Date.parse(oldest)) / 1000),
      ackedSeq: this.ackedSeq,
      lastError: this.lastError,
    };
  }

  private drain(): void {
    const client = this.client;
    if (!client) return;
    const room = this.window - this.inFlight.size;
    if (room <= 0) return;
    const resendAfter = new Date(this.options.clock.now().getTime() - delays.resendAfterMs).toISOString();
    const cutoff = resendAfter > this.connectedAt ? resendAfter : this.connectedAt;
    for (const row of this.options.store.outbox.due(room, cutoff, this.inFlight)) this.publish(client, row);
  }

  private publish(client: MqttClient, row: OutboxRow): void {
    const envelope: Envelope = {
      v: 1,
      id: row.id,
      busId: this.options.busId,
      seq: row.seq,
      kind: row.kind,
      at: row.at,
      payload: row.payload,
    };
    this.inFlight.add(row.seq);
    client.publish(topics.up(this.options.busId, row.kind), JSON.stringify(envelope), { qos: 1 }, (error) => {
      if (!this.inFlight.delete(row.seq)) return;
      if (error) {
        // Refused by the broker (e.g. not authorised): stays unsent and visible, never "sent".
        this.lastError = `seq ${row.seq}: ${error.message}`;
        this.emitStatus();
        return;
      }
      this.options.store.outbox.markSent([row.seq]);
      this.kick();
    });
  }

  private onAck(payload: Buffer): void {
    const ack = decodeJson(ackSchema, payload);
    if (!ack.ok) {
      this.lastError = `bad ack from office: ${ack.reason}`;
      return;
    }
    if (ack.value.seq <= this.ackedSeq && this.ackedSeq !== 0) return;
    this.ackedSeq = ack.value.seq;
    this.options.store.outbox.acknowledge(ack.value.seq);
    this.emitStatus();
  }

  private setLink(link: LinkState): void {
    if (this.link === link) return;
    this.link = link;
    this.emitStatus();
  }

  private emitStatus(): void {
    this.changes.emit(this.status());
  }
}

export function statusPayload(state: 'online' | 'offline'): string {
  return JSON.stringify({ v: 1, state });
}
