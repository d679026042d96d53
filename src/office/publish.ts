import mqtt, { type MqttClient } from 'mqtt';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { delays } from '../core/delays.ts';
import { uuidv7 } from '../core/ids.ts';
import { err, ok, type Result } from '../core/result.ts';
import { mqttClientOptions } from '../sync/connect.ts';
import type { Downlink } from '../sync/envelope.ts';
import { topics } from '../sync/topics.ts';

/** Where a downlink goes: one bus, or every bus (`fleet`). */
export type DownlinkTarget = { busId: string } | 'fleet';

/**
 * The body of a `case` downlink: the office's status and reply for what a resident raised on a
 * bus, keyed by the reference code the resident holds (comments) or the ticket id (hand-overs).
 * `version` only moves forward, so a late or replayed update never undoes a newer one.
 */
export interface CaseUpdateBody {
  source: 'comment' | 'ticket';
  reference: string | null;
  ticketId: string | null;
  status: 'accepted' | 'in-progress' | 'answered' | 'closed';
  replyText: string | null;
  version: number;
}

/** What the office's actions need from the downlink, whichever connection carries it. */
export interface OfficeDownlink {
  publishCaseUpdate(busId: string, body: CaseUpdateBody): Promise<Result<unknown, string>>;
  publishContent(target: DownlinkTarget, kind: string, version: number, body: unknown): Promise<Result<unknown, string>>;
}

/**
 * The office's downlink: case updates (QoS 1, not retained: the bus's persistent session queues
 * them) and content (QoS 1, retained, so a bus that connects later gets the newest version).
 */
export class OfficePublisher implements OfficeDownlink {
  private client: MqttClient | null = null;

  constructor(
    private readonly mqttConfig: Config['mqtt'],
    private readonly clock: Clock,
    private readonly clientId = 'lianxin-office-downlink',
  ) {}

  async start(): Promise<void> {
    if (this.mqttConfig.url === undefined) throw new Error('office downlink: mqtt.url is not configured');
    const client = mqtt.connect(this.mqttConfig.url, mqttClientOptions(this.mqttConfig, this.clientId, { clean: true, reconnectPeriod: delays.reconnectMinMs }));
    this.client = client;
    client.on('error', (error) => console.error(`office downlink: ${error.message}`));
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync();
  }

  publishCaseUpdate(busId: string, body: CaseUpdateBody): Promise<Result<Downlink, 'not-sent'>> {
    return this.send(topics.down(busId, 'case'), { v: 1, id: uuidv7(), kind: 'case', issuedAt: this.clock.now().toISOString(), body }, false);
  }

  publishContent(target: DownlinkTarget, kind: string, version: number, body: unknown): Promise<Result<Downlink, 'not-sent'>> {
    const topic = target === 'fleet' ? topics.fleetDown(kind) : topics.down(target.busId, kind);
    return this.send(topic, { v: 1, id: uuidv7(), kind, version, issuedAt: this.clock.now().toISOString(), body }, true);
  }

  private async send(topic: string, message: Downlink, retain: boolean): Promise<Result<Downlink, 'not-sent'>> {
    const client = this.client;
    if (!client?.connected) return err('not-sent', 'the office is not connected to the broker; nothing was sent');
    try {
      // With MQTT 5 a PUBACK reason code ≥ 0x80 (e.g. ACL denied) rejects this promise.
      await client.publishAsync(topic, JSON.stringify(message), { qos: 1, retain });
      return ok(message);
    } catch (error) {
      return err('not-sent', `the broker refused the message: ${(error as Error).message}`);
    }
  }
}
