import type { IPublishPacket, MqttClient } from 'mqtt';
import type { Config } from '../config/schema.ts';
import { delays } from '../core/delays.ts';
import { Emitter } from '../core/emitter.ts';
import { uuidv7 } from '../core/ids.ts';
import { err, ok, type Result } from '../core/result.ts';
import { mqttClientOptions } from '../sync/connect.ts';
import { ManagedConnection, type Backoff } from '../sync/connection.ts';
import { contentSchemas, isContentKind } from '../sync/content.ts';
import { ackPayload, decodeJson, decodeUplink, positionSchema, statusSchema, type Envelope } from '../protocol/envelope.ts';
import { maxPayloadDepth, nestsTooDeep, payloadProblem } from '../protocol/payloads.ts';
import { ackKind, parseBusTopic, topics } from '../protocol/topics.ts';
import type { QuarantineKey } from './ledger/quarantine-policy.ts';
import type { EventLedger } from './ledger/types.ts';

export type OfficeEvent =
  | { type: 'event'; envelope: Envelope; duplicate: boolean }
  | { type: 'bus-status'; busId: string; online: boolean; backlog?: number; at: string }
  | { type: 'position'; busId: string; position: unknown }
  | { type: 'quarantined'; topic: string; reason: string };

export interface OfficeReceiverOptions {
  clientId?: string;
  backoff?: Backoff;
  /** Wait before acknowledging a burst of commits (one fsync and one ack per bus per burst). */
  ackDebounceMs?: number;
  /**
   * Connections of this receiver in the shared uplink subscription (MQTT 5 `$share/office/…`,
   * which receivers on other machines join too): more lanes, more messages the broker keeps in
   * flight towards the office, at the price of arrival order across lanes (the seq order and the
   * contiguous ack are unaffected). 1 keeps strict arrival order.
   */
  lanes?: number;
}

export type PublishError = 'not-connected' | 'invalid' | 'not-newer' | 'refused';

/** Commits after which an ack goes out even while a burst continues, so the bus's credit never runs dry. */
const ackEvery = 1000;
/** MQTT 5 shared subscription group: every receiver of the office (on any machine) joins it. */
const shareGroup = 'office';
/** Messages the broker may have in flight to one connection (MQTT 5 Receive Maximum): bounds one commit's batch and the memory a backlog takes. */
const receiveMaximum = 1000;

/**
 * Given to mqtt.js's handleMessage callback for QoS 1 messages: mqtt.js then sends no PUBACK and
 * hands over the next message at once (it would otherwise wait for each commit, one message per
 * connection); the receiver sends the PUBACKs itself, after the commit, in arrival order.
 */
const pubackAfterCommit = new Error('PUBACK sent by the office receiver after its commit');

const noLog = (): void => undefined;

interface Pending {
  /** An uplink event for the batch's transaction, or null for a message recorded by `record`. */
  envelope: Envelope | null;
  /** The envelope's payload as received (JSON text). */
  payloadJson: string;
  /** Why the payload fails its kind's schema: stored and acknowledged, but never projected. */
  rejected: string | null;
  /** Status, position or quarantine: written before the batch's PUBACKs go out. */
  record: (() => Promise<void>) | null;
  topic: string;
  payload: Buffer;
  client: MqttClient;
  /** Absent for QoS 0 (live positions): nothing to acknowledge. */
  messageId: number | undefined;
}

/**
 * Receives every bus's uplink. Messages are committed to the office database before their PUBACKs
 * go out (the receiver writes them itself, see pubackAfterCommit), everything received meanwhile
 * on all lanes in one transaction; then, per bus and per burst, one fsync and the retained
 * end-to-end ack: the highest contiguous seq committed.
 */
export class OfficeReceiver {
  readonly events = new Emitter<OfficeEvent>();
  private readonly connections: ManagedConnection[];
  private client: MqttClient | null = null;
  private readonly pendingAcks = new Map<string, NodeJS.Timeout>();
  private readonly commitsSinceAck = new Map<string, number>();
  private readonly ackDebounceMs: number;
  private batch: Pending[] = [];
  /** The batch being committed; messages arriving meanwhile wait for the next one. */
  private flushing: Promise<void> | null = null;
  /** Acks go out one after another, so a bus never sees its ack move backwards. */
  private acks: Promise<void> = Promise.resolve();
  private firstConnect: { resolve(): void; reject(error: Error): void } | null = null;

  constructor(
    private readonly ledger: EventLedger,
    private readonly mqttConfig: Config['mqtt'],
    options: OfficeReceiverOptions | string = {},
  ) {
    const { clientId = 'lianxin-office', backoff, ackDebounceMs, lanes = 1 } = typeof options === 'string' ? { clientId: options } : options;
    this.ackDebounceMs = ackDebounceMs ?? delays.officeAckDebounceMs;
    const url = mqttConfig.url;
    if (url === undefined) throw new Error('office receiver: mqtt.url is not configured');
    // MQTT 3.1.1 (the demo's embedded broker) has no shared subscriptions: one receiver, one lane.
    const shared = mqttConfig.protocolVersion === 5;
    const uplinkFilter = shared ? `$share/${shareGroup}/${topics.upWildcard}` : topics.upWildcard;
    const lane = (index: number, onConnect: (client: MqttClient) => void, onClose: (reason: string | null) => void) =>
      new ManagedConnection(
        url,
        () =>
          mqttClientOptions(mqttConfig, index === 0 ? clientId : `${clientId}-lane${index}`, {
            clean: false,
            properties: { receiveMaximum },
            // mqtt.js's debug log, off or not, costs several calls per message received.
            log: noLog,
          }),
        backoff ?? { minMs: delays.reconnectMinMs, maxMs: delays.reconnectMaxMs / 6 },
        {
          prepare: (client) => {
            client.handleMessage = (packet, done) => this.receive(client, packet, done);
          },
          onConnect,
          onClose,
        },
      );
    const main = lane(
      0,
      (client) => {
        this.client = client;
        client.subscribe({
          [uplinkFilter]: { qos: 1 },
          [topics.statusWildcard]: { qos: 1 },
          [topics.positionWildcard]: { qos: 0 },
        });
        // A broker that lost its retained messages must learn every bus's ack again.
        void this.ledger.buses().then(
          (buses) => buses.forEach((bus) => this.sendAck(bus.busId)),
          (error: Error) => console.error(`office receiver: cannot list buses to re-send their acks: ${error.message}`),
        );
        this.firstConnect?.resolve();
      },
      (reason) => {
        this.client = null;
        if (reason) console.error(`office receiver: connection lost: ${reason}`);
        this.firstConnect?.reject(new Error(reason ?? 'connection closed'));
      },
    );
    const others = Array.from({ length: shared ? lanes - 1 : 0 }, (_, i) =>
      lane(i + 1, (client) => void client.subscribe(uplinkFilter, { qos: 1 }), () => undefined),
    );
    this.connections = [main, ...others];
  }

  /** Resolves once connected; rejects when the first attempt fails (wrong URL, credentials). */
  async start(): Promise<void> {
    const first = new Promise<void>((resolve, reject) => (this.firstConnect = { resolve, reject }));
    for (const connection of this.connections) connection.start();
    try {
      await first;
    } catch (error) {
      await Promise.all(this.connections.map((c) => c.stop()));
      throw error;
    } finally {
      this.firstConnect = null;
    }
  }

  async stop(): Promise<void> {
    for (const timer of this.pendingAcks.values()) clearTimeout(timer);
    this.pendingAcks.clear();
    await this.flushing;
    for (const key of this.commitsSinceAck.keys()) {
      const [busId, epoch] = key.split('\u0000') as [string, string];
      this.sendAck(busId, epoch);
    }
    await this.acks;
    this.client = null;
    await Promise.all(this.connections.map((c) => c.stop()));
  }

  get connected(): boolean {
    return this.client !== null;
  }

  /** Versioned content to one bus or the fleet, retained so a bus back after weeks still gets the newest. */
  async publishContent(target: string, kind: string, version: number, body: unknown): Promise<Result<{ id: string }, PublishError>> {
    if (!isContentKind(kind)) return err('invalid', `${kind} is not a content kind`);
    const parsed = contentSchemas[kind].safeParse(body);
    if (!parsed.success) return err('invalid', `${kind} body: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    if (version <= (await this.ledger.publishedVersion(target, kind))) return err('not-newer', `${kind} version ${version} is not newer than the one published to ${target}`);
    return this.publishDown(target, kind, version, body, true);
  }

  /** A case status update or comment reply for one bus; applied there once per id. */
  async publishCaseUpdate(busId: string, kind: string, body: unknown): Promise<Result<{ id: string }, PublishError>> {
    if (isContentKind(kind) || kind === ackKind) return err('invalid', `${kind} is not a case update kind`);
    return this.publishDown(busId, kind, undefined, body, false);
  }

  private async publishDown(
    target: string,
    kind: string,
    version: number | undefined,
    body: unknown,
    retain: boolean,
  ): Promise<Result<{ id: string }, PublishError>> {
    const client = this.client;
    if (!client) return err('not-connected', 'the office is not connected to the broker');
    const id = uuidv7();
    const message = { v: 1, id, kind, ...(version === undefined ? {} : { version }), issuedAt: new Date().toISOString(), body };
    const topic = target === 'fleet' ? topics.fleetDown(kind) : topics.down(target, kind);
    try {
      const packet = await client.publishAsync(topic, JSON.stringify(message), { qos: 1, retain });
      const code = (packet as { reasonCode?: number } | undefined)?.reasonCode ?? 0;
      if (code >= 0x80) return err('refused', `broker refused ${topic} (reason code 0x${code.toString(16)})`);
    } catch (error) {
      return err('refused', `publish to ${topic} failed: ${(error as Error).message}`);
    }
    await this.ledger.recordDownlink({ id, target, kind, version: version ?? null, body });
    return ok({ id });
  }

  private receive(client: MqttClient, packet: IPublishPacket, done: (error?: Error) => void): void {
    const messageId = packet.qos > 0 ? packet.messageId : undefined;
    // QoS 1: mqtt.js sends no PUBACK and hands over the next message; ours follows the commit.
    done(messageId === undefined ? undefined : pubackAfterCommit);
    const pending: Pending = { envelope: null, payloadJson: '', rejected: null, record: null, topic: packet.topic, payload: payloadOf(packet), client, messageId };
    const refused = this.classify(pending);
    if (refused !== null) pending.record = () => this.quarantine(pending.topic, refused, pending.payload);
    this.batch.push(pending);
    if (!this.flushing) this.flushing = this.flushAll();
  }

  /**
   * Gives the message its uplink envelope for the batch or the write that records a status or a
   * position; else says why it goes to the quarantine. An uplink event, tens of thousands a second
   * in a backlog, takes no closure.
   */
  private classify(pending: Pending): string | null {
    const { topic, payload } = pending;
    const where = parseBusTopic(topic);
    if (!where) return 'not a bus topic';
    if (where.channel === 'status') {
      const status = decodeJson(statusSchema, payload);
      if (!status.ok) return status.reason;
      const online = status.value.state === 'online';
      const { floorSeq, epoch = '', backlog } = status.value;
      pending.record = async () => {
        await this.ledger.setOnline(where.busId, online);
        if (floorSeq !== undefined) await this.raiseFloor(topic, where.busId, epoch, floorSeq, payload);
        this.events.emit({ type: 'bus-status', busId: where.busId, online, ...(backlog === undefined ? {} : { backlog }), at: new Date().toISOString() });
      };
      return null;
    }
    if (where.channel === 'position') {
      const position = decodeJson(positionSchema, payload);
      if (!position.ok) return position.reason;
      pending.record = async () => {
        await this.ledger.setPosition(where.busId, position.value);
        this.events.emit({ type: 'position', busId: where.busId, position: position.value });
      };
      return null;
    }
    if (where.channel !== 'up') return `unknown channel ${where.channel}`;
    const decoded = decodeUplink(payload);
    if (!decoded.ok) return decoded.reason;
    const { envelope, payloadJson } = decoded.value;
    if (envelope.busId !== where.busId) return `envelope busId ${envelope.busId} does not match topic bus ${where.busId}`;
    if (envelope.kind !== where.kind) return `envelope kind ${envelope.kind} does not match topic kind ${where.kind}`;
    pending.envelope = envelope;
    pending.rejected = nestsTooDeep(payloadJson) ? `payload nests deeper than ${maxPayloadDepth}` : payloadProblem(envelope.kind, envelope.payload);
    // A refused payload is kept as the text received, in one JSON string: nothing of it is lost,
    // and no reader (PostgreSQL's json, an export) has to parse what it could choke on.
    pending.payloadJson = pending.rejected === null ? payloadJson : JSON.stringify(payloadJson);
    return null;
  }

  /** Commits batches until none is waiting: whatever arrives during a commit forms the next one. */
  private async flushAll(): Promise<void> {
    // Let the messages already read from the sockets join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.batch.length > 0) {
      const batch = this.batch;
      this.batch = [];
      await this.flush(batch);
    }
    this.flushing = null;
  }

  /** One transaction for the batch's events; its PUBACKs go out after it, in arrival order. */
  private async flush(batch: Pending[]): Promise<void> {
    let outcomes: Awaited<ReturnType<EventLedger['commitBatch']>> | null;
    try {
      const envelopes: Envelope[] = [];
      const payloads: string[] = [];
      const rejected: (string | null)[] = [];
      for (const pending of batch) {
        if (pending.record) await pending.record();
        else if (pending.envelope) {
          envelopes.push(pending.envelope);
          payloads.push(pending.payloadJson);
          rejected.push(pending.rejected);
        }
      }
      outcomes = await this.ledger.commitBatch(envelopes, payloads, rejected);
    } catch (error) {
      // Not acknowledged: the broker redelivers, and the bus resends what the office never acked.
      console.error(`office receiver: commit failed: ${(error as Error).message}`);
      // Their PUBACKs never go, and the broker would hold them in flight (against Receive Maximum)
      // for as long as the connection lives: dropping it makes the broker deliver them again.
      for (const client of new Set(batch.map((p) => p.client))) client.stream.destroy();
      return;
    }
    const pubacks = new Map<MqttClient, number[]>();
    let i = 0;
    for (const { envelope, topic, payload, client, messageId } of batch) {
      if (envelope) {
        const outcome = outcomes[i++]!;
        if (outcome === 'conflict') {
          try {
            const { busId, seq, id } = envelope;
            await this.quarantine(topic, `seq ${seq} or id ${id} already stored for another event`, payload, { busId, seq, id });
          } catch (error) {
            console.error(`office receiver: cannot quarantine a conflicting event: ${(error as Error).message}`);
            continue;
          }
        } else {
          this.events.emit({ type: 'event', envelope, duplicate: outcome === 'duplicate' });
          this.scheduleAck(envelope.busId, envelope.epoch ?? '');
        }
      }
      if (messageId === undefined) continue;
      const ids = pubacks.get(client);
      if (ids) ids.push(messageId);
      else pubacks.set(client, [messageId]);
    }
    for (const [client, ids] of pubacks) sendPubacks(client, ids);
  }

  /**
   * A bus that deleted seqs this ledger does not hold as contiguous: the ledger was restored from
   * an older state. Without this its ack would wait for them forever and the bus would stop
   * sending; the loss goes to the quarantine, where the office sees it.
   */
  private async raiseFloor(topic: string, busId: string, epoch: string, floorSeq: number, payload: Buffer): Promise<void> {
    const lost = await this.ledger.raiseFloor(busId, floorSeq, epoch);
    if (!lost) return;
    if (lost.missing > 0) {
      const reason = `seqs ${lost.from}..${lost.to} of ${busId} were acknowledged to the bus before, which has deleted them; ${lost.missing} are not in the office ledger (restored from an older backup?) and cannot be sent again`;
      console.error(`office receiver: ${reason}`);
      await this.quarantine(topic, reason, payload);
    }
    this.sendAck(busId, epoch);
  }

  private async quarantine(topic: string, reason: string, payload: Buffer, key?: QuarantineKey): Promise<void> {
    if (await this.ledger.quarantine(topic, reason, payload, key)) this.events.emit({ type: 'quarantined', topic, reason });
  }

  /** One ack per stream per burst, and at least one every `ackEvery` commits while a burst goes on. */
  private scheduleAck(busId: string, epoch: string): void {
    const key = `${busId}\u0000${epoch}`;
    const count = (this.commitsSinceAck.get(key) ?? 0) + 1;
    this.commitsSinceAck.set(key, count);
    if (count >= ackEvery) return this.sendAck(busId, epoch);
    if (this.pendingAcks.has(key)) return;
    this.pendingAcks.set(
      key,
      setTimeout(() => this.sendAck(busId, epoch), this.ackDebounceMs),
    );
  }

  /**
   * Makes the stream's commits durable and publishes its ack, retained. Only the bus's current
   * stream's: the retained ack is one per bus, and the bus waits for its current stream's (an
   * older stream's late events are committed and kept, but their database is gone).
   */
  private sendAck(busId: string, epoch?: string): void {
    const key = `${busId}\u0000${epoch ?? ''}`;
    clearTimeout(this.pendingAcks.get(key));
    this.pendingAcks.delete(key);
    this.commitsSinceAck.delete(key);
    this.acks = this.acks.then(async () => {
      try {
        const current = await this.ledger.currentEpoch(busId);
        const stream = epoch ?? current;
        const seq = await this.ledger.makeDurable(busId, stream);
        if (stream === current) this.client?.publish(topics.down(busId, ackKind), ackPayload(seq, stream), { qos: 1, retain: true });
      } catch (error) {
        // The next commit for this bus schedules another; the bus resends what stays unacked.
        console.error(`office receiver: ack for ${busId} failed: ${(error as Error).message}`);
      }
    });
  }
}

/**
 * PUBACKs with reason code 0 and no properties (Remaining Length 2, valid in MQTT 3.1.1 and 5), in
 * one write per connection. A connection that closed meanwhile gets none: the broker redelivers
 * those messages and the office finds them duplicates.
 */
function sendPubacks(client: MqttClient, messageIds: readonly number[]): void {
  if (!client.connected) return;
  const bytes = Buffer.allocUnsafe(4 * messageIds.length);
  messageIds.forEach((id, k) => {
    bytes[4 * k] = 0x40;
    bytes[4 * k + 1] = 2;
    bytes.writeUInt16BE(id, 4 * k + 2);
  });
  client.stream.write(bytes);
}

function payloadOf(packet: IPublishPacket): Buffer {
  return Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
}
