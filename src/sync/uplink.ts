import type { IPublishPacket, MqttClient, Packet } from 'mqtt';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { delays } from '../core/delays.ts';
import { Emitter } from '../core/emitter.ts';
import { isDiskFull, type BoundsReport, type OutboxWireRow } from '../store/outbox.ts';
import type { Store } from '../store/store.ts';
import { mqttClientOptions } from './connect.ts';
import { ManagedConnection, type Backoff } from './connection.ts';
import { DownlinkDispatcher } from './downlink.ts';
import { ackSchema, decodeJson, statusPayload, type LivePosition } from '../protocol/envelope.ts';
import { ClientPacketIds, encodePublishes, UplinkPacketIds, type OutgoingPublish } from './publish-wire.ts';
import { ackKind, topics } from '../protocol/topics.ts';
import type { LinkState, UplinkStatus } from './uplink-status.ts';

export type SyncSettings = Config['sync'];

export interface UplinkOptions {
  store: Store;
  busId: string;
  mqtt: Config['mqtt'];
  clock: Clock;
  /** Publishes in flight at once (waiting for PUBACK); overrides sync.window. */
  window?: number;
  sync?: Partial<SyncSettings>;
  backoff?: Backoff;
  /** How often stale rows are requeued and the storage bound enforced. */
  maintenanceMs?: number;
  downlink?: DownlinkDispatcher;
}

const defaults: SyncSettings = {
  window: 64,
  maxUnacked: 5000,
  resendAfterS: delays.resendAfterMs / 1000,
  maxOutboxBytes: 64 * 1024 * 1024,
  maxPositionAgeDays: 7,
};

/**
 * Drains the outbox to the office. A PUBACK only marks a row "sent" (a reason code ≥ 0x80 is a
 * refusal, never "sent"); the row leaves the bus only when the office's retained end-to-end ack
 * covers its seq. Rows sent but not acknowledged within resendAfter go out again.
 */
export class Uplink {
  readonly changes = new Emitter<UplinkStatus>();
  readonly downlink: DownlinkDispatcher;
  private readonly settings: SyncSettings;
  private readonly connection: ManagedConnection | null;
  private client: MqttClient | null = null;
  private link: LinkState = 'offline';
  /** The backlog the last online status carried. */
  private statusBacklog: number | null = null;
  /** Published on the current connection, PUBACK not yet recorded. */
  private readonly inFlight = new Set<number>();
  /** Packet id → seq of the uplink's publishes on the current connection. */
  private readonly packetIds = new UplinkPacketIds();
  private readonly topicByKind = new Map<string, Buffer>();
  /** PUBACKed, waiting for the office's ack. */
  private readonly awaiting = new Set<number>();
  private readonly refused = new Map<number, number>();
  private pubacked: number[] = [];
  /**
   * PUBACKed rows not yet marked sent in the database, per burst. Most are acknowledged by the
   * office within a fraction of a second and deleted, so marking them would be wasted writes; they
   * are marked before the drain reads unsent rows from the top, when the connection closes, and
   * once they are older than a maintenance period (losing a mark only costs a resend).
   */
  private unmarked: { atMs: number; seqs: number[] }[] = [];
  private highestSent = 0;
  private ackedSeq = 0;
  private bounds: BoundsReport = { thinned: 0, overBudget: false, databaseBytes: 0 };
  private lastError: string | null = null;
  private failedAttempts = 0;
  private lastOnlineAt: string | null = null;
  private drainQueued = false;
  /** Drain position on this connection (priority, seq of the last row published). */
  private cursor: { priority: number; seq: number } | null = null;
  private lastEmitMs = 0;
  private lastAckProgressMs = 0;
  private resent = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly offAdded: () => void;
  /** The stream the envelopes, status and acks carry (null: the legacy stream, without). */
  private readonly epoch: string | null;

  constructor(private readonly options: UplinkOptions) {
    this.epoch = options.store.wireEpoch();
    this.settings = { ...defaults, ...options.sync, ...(options.window === undefined ? {} : { window: options.window }) };
    this.downlink = options.downlink ?? new DownlinkDispatcher(options.store, options.clock);
    this.offAdded = options.store.outbox.added.on(() => {
      // A new row may outrank those already queued: the next drain starts from the top again.
      this.cursor = null;
      this.kick();
    });
    const { busId, mqtt: mqttConfig } = options;
    this.connection =
      mqttConfig.url === undefined
        ? null
        : new ManagedConnection(
            mqttConfig.url,
            () =>
              mqttClientOptions(mqttConfig, `lianxin-bus-${busId}`, {
                clean: false,
                messageIdProvider: new ClientPacketIds(),
                will: { topic: topics.status(busId), payload: Buffer.from(statusPayload('offline')), qos: 1, retain: true },
              }),
            options.backoff ?? { minMs: delays.reconnectMinMs, maxMs: delays.reconnectMaxMs },
            {
              prepare: (client) => {
                client.handleMessage = (packet, done) => {
                  this.onMessage(packet);
                  done();
                };
                // mqtt.js ignores PUBACKs for ids it did not allocate: those are the uplink's.
                client.on('packetreceive', (packet) => {
                  if (packet.cmd === 'puback') this.onPuback(client, packet);
                });
              },
              onConnect: (client) => this.onConnect(client),
              onClose: (reason) => this.onClose(reason),
            },
          );
  }

  start(): void {
    if (!this.connection) return;
    this.setLink('connecting');
    this.connection.start();
    this.timer = setInterval(() => this.maintain(), this.options.maintenanceMs ?? delays.outboxMaintenanceMs);
    this.timer.unref();
    this.maintain();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.offAdded();
    this.client = null;
    this.markPubacked(Infinity);
    // A clean stop says "offline" itself; the will covers the unclean ones.
    await this.connection?.stop((client) =>
      client.publishAsync(topics.status(this.options.busId), statusPayload('offline'), { qos: 1, retain: true }),
    );
    this.setLink('offline');
  }

  /** New outbox rows or a freed window: drain once the current transaction has committed. */
  kick(): void {
    if (this.drainQueued) return;
    this.drainQueued = true;
    setImmediate(() => {
      this.drainQueued = false;
      this.drain();
    });
  }

  /** The live position (QoS 0, not stored; LivePositionPacer picks which); false while not connected. */
  publishPosition(position: LivePosition): boolean {
    if (!this.client || this.link !== 'online') return false;
    this.client.publish(topics.position(this.options.busId), JSON.stringify({ v: 1, ...position }), { qos: 0 });
    return true;
  }

  status(): UplinkStatus {
    const stats = this.options.store.outbox.stats();
    const oldest = stats.oldestCreatedAt;
    return {
      link: this.link,
      failedAttempts: this.failedAttempts,
      lastOnlineAt: this.lastOnlineAt,
      backlog: stats.backlog,
      unsent: stats.unsent - this.unmarked.reduce((n, burst) => n + burst.seqs.length, 0),
      oldestUnackedS: oldest === null ? null : Math.max(0, (this.options.clock.now().getTime() - Date.parse(oldest)) / 1000),
      ackedSeq: this.ackedSeq,
      lastSeq: stats.lastSeq,
      databaseBytes: this.bounds.databaseBytes,
      refused: this.refused.size,
      resent: this.resent,
      diskFull: this.options.store.outbox.isDiskFull(),
      overBudget: this.bounds.overBudget,
      lastError: this.lastError,
    };
  }

  private onConnect(client: MqttClient): void {
    this.client = client;
    this.inFlight.clear();
    this.packetIds.clear();
    this.pubacked = [];
    this.highestSent = 0;
    this.cursor = null;
    this.lastError = null;
    this.failedAttempts = 0;
    this.lastOnlineAt = this.options.clock.now().toISOString();
    const { busId } = this.options;
    this.publishOnline();
    client.subscribe([topics.downAll(busId), topics.fleetDownAll], { qos: 1 });
    this.setLink('online');
    this.kick();
  }

  private onClose(reason: string | null): void {
    this.client = null;
    this.inFlight.clear();
    this.packetIds.clear();
    this.pubacked = [];
    // The broker took these rows: they need not go out again on the next connection.
    this.markPubacked(Infinity);
    if (reason) this.lastError = reason;
    // A drop ends a connection that was up; a close while still connecting is a failed attempt.
    if (this.link === 'online') this.lastOnlineAt = this.options.clock.now().toISOString();
    else this.failedAttempts += 1;
    if (this.link === 'connecting') this.emitStatus();
    else this.setLink('connecting');
  }

  private drain(): void {
    const client = this.client;
    if (!client?.connected) return;
    const room = this.settings.window - this.inFlight.size;
    if (room <= 0) return;
    const credit = this.settings.maxUnacked - this.awaiting.size - this.inFlight.size;
    const nowMs = Date.now();
    for (const [seq, until] of this.refused) {
      if (until > nowMs) continue;
      this.refused.delete(seq);
      this.cursor = null;
    }
    const excluding = this.refused.size === 0 ? this.inFlight : new Set([...this.inFlight, ...this.refused.keys()]);
    const outbox = this.options.store.outbox;
    if (credit <= 0) {
      // Out of credit, only rows that fill gaps below what was sent may go: they let the office's
      // contiguous ack advance, which is what frees the credit. Usually there is no gap to look for.
      if (!this.gapBelowHighestSent()) return;
      if (!this.markPubacked(Infinity)) return;
      const rows = outbox.unsentBelow(this.highestSent, room, excluding);
      this.publish(client, rows);
      if (rows.length > 0) this.cursor = null;
      return;
    }
    // Reading from the top must not pick PUBACKed rows again.
    if (!this.cursor && !this.markPubacked(Infinity)) return;
    // Rows before the cursor are in flight, refused or sent: continue after it instead of re-reading them.
    const limit = Math.min(room, credit);
    const rows = this.cursor ? outbox.unsentAfter(this.cursor, limit) : outbox.unsent(limit, excluding);
    this.publish(client, rows);
    const last = rows.at(-1);
    if (last) this.cursor = { priority: last.priority, seq: last.seq };
  }

  private publish(client: MqttClient, rows: readonly OutboxWireRow[]): void {
    if (rows.length === 0) return;
    const { busId } = this.options;
    const head = `"busId":"${busId}",${this.epoch === null ? '' : `"epoch":"${this.epoch}",`}`;
    const publishes: OutgoingPublish[] = rows.map((row) => {
      this.inFlight.add(row.seq);
      if (row.seq > this.highestSent) this.highestSent = row.seq;
      return {
        topic: this.topicFor(row.kind),
        packetId: this.packetIds.allocate(row.seq),
        // The stored payload is already JSON: splice it in rather than parse and re-serialise it.
        payload: `{"v":1,"id":"${row.id}",${head}"seq":${row.seq},"kind":"${row.kind}","at":${JSON.stringify(row.at)},"payload":${row.payloadJson}}`,
      };
    });
    client.stream.write(encodePublishes(publishes, this.options.mqtt.protocolVersion));
  }

  private topicFor(kind: string): Buffer {
    let topic = this.topicByKind.get(kind);
    if (!topic) this.topicByKind.set(kind, (topic = Buffer.from(topics.up(this.options.busId, kind))));
    return topic;
  }

  /** A PUBACK for one of the uplink's publishes: reason code ≥ 0x80 is a refusal, retried after resendAfter. */
  private onPuback(client: MqttClient, packet: Extract<Packet, { cmd: 'puback' }>): void {
    if (this.client !== client || packet.messageId === undefined) return;
    const seq = this.packetIds.release(packet.messageId);
    if (seq === undefined) return;
    const reasonCode = packet.reasonCode ?? 0;
    if (reasonCode >= 0x80) {
      this.inFlight.delete(seq);
      this.refused.set(seq, Date.now() + this.settings.resendAfterS * 1000);
      this.lastError = `seq ${seq} refused by the broker (reason code 0x${reasonCode.toString(16)})`;
      this.cursor = null;
      this.emitStatus();
      this.kick();
      return;
    }
    this.pubacked.push(seq);
    if (this.pubacked.length === 1) setImmediate(() => this.recordPubacks(client));
  }

  /** Whether a seq between the office's ack and the highest sent is neither in flight, awaiting its ack nor refused. */
  private gapBelowHighestSent(): boolean {
    const low = this.ackedSeq;
    const high = this.highestSent;
    const within = (seq: number) => seq > low && seq <= high;
    let held = 0;
    for (const seq of this.awaiting) if (within(seq)) held++;
    for (const seq of this.inFlight) if (within(seq) && !this.awaiting.has(seq)) held++;
    for (const seq of this.refused.keys()) if (within(seq) && !this.awaiting.has(seq) && !this.inFlight.has(seq)) held++;
    return held < high - low;
  }

  /** PUBACKs of one burst: the rows now wait for the office's ack (marked sent later, if still needed). */
  private recordPubacks(client: MqttClient): void {
    if (this.client !== client) return;
    const seqs = this.pubacked.filter((seq) => seq > this.ackedSeq);
    for (const seq of this.pubacked) this.inFlight.delete(seq);
    this.pubacked = [];
    for (const seq of seqs) this.awaiting.add(seq);
    if (seqs.length > 0) this.unmarked.push({ atMs: this.options.clock.now().getTime(), seqs });
    this.drain();
  }

  /** Marks sent the PUBACKed rows still unacknowledged from bursts before `beforeMs`; false when the disk is full. */
  private markPubacked(beforeMs: number): boolean {
    const due = this.unmarked.filter((burst) => burst.atMs < beforeMs);
    if (due.length === 0) return true;
    this.unmarked = this.unmarked.filter((burst) => burst.atMs >= beforeMs);
    const outbox = this.options.store.outbox;
    const marked = this.guardDisk(() => {
      for (const burst of due) outbox.markSent(burst.seqs, new Date(burst.atMs).toISOString());
    });
    if (!marked) {
      // Not marked: they stay unsent and go out again, which the office de-duplicates.
      for (const burst of due) for (const seq of burst.seqs) this.awaiting.delete(seq);
      this.cursor = null;
    }
    return marked;
  }

  /** Every seq up to here was acknowledged by the office and deleted from the outbox. */
  private floorSeq(): number {
    const { lastSeq, backlog } = this.options.store.outbox.stats();
    return lastSeq - backlog;
  }

  /**
   * The retained online status, with the floor seq: an office whose ack is below it (its ledger
   * restored from an older state) moves up to it instead of waiting for rows the bus no longer has.
   * Sent at connect and whenever an ack comes in below the floor.
   */
  private publishOnline(): void {
    const { lastSeq, backlog } = this.options.store.outbox.stats();
    this.statusBacklog = backlog;
    this.client?.publish(topics.status(this.options.busId), statusPayload('online', lastSeq - backlog, this.epoch, backlog), { qos: 1, retain: true });
  }

  /** The retained status says how many events still wait on the bus: sent again when that changed (office staff read it as 未上传条数). */
  private refreshOnline(): void {
    if (this.link === 'online' && this.options.store.outbox.stats().backlog !== this.statusBacklog) this.publishOnline();
  }

  private onMessage(packet: IPublishPacket): void {
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    if (packet.topic === topics.down(this.options.busId, ackKind)) this.onAck(payload);
    else this.downlink.dispatch(packet.topic, payload);
  }

  private onAck(payload: Buffer): void {
    const ack = decodeJson(ackSchema, payload);
    if (!ack.ok) {
      this.lastError = `bad ack from office: ${ack.reason}`;
      return;
    }
    // An ack of another stream (the office's retained ack from before this database was recreated,
    // or the legacy stream's) says nothing about these seqs: acting on it would delete rows unsent.
    if ((ack.value.epoch ?? null) !== this.epoch) return;
    const seq = ack.value.seq;
    if (seq < this.floorSeq()) return this.publishOnline();
    if (seq <= this.ackedSeq) return;
    if (!this.guardDisk(() => this.options.store.outbox.acknowledge(seq))) return;
    this.ackedSeq = seq;
    this.lastAckProgressMs = Date.now();
    for (const s of this.awaiting) if (s <= seq) this.awaiting.delete(s);
    this.unmarked = this.unmarked.filter((burst) => (burst.seqs = burst.seqs.filter((s) => s > seq)).length > 0);
    for (const s of this.refused.keys()) if (s <= seq) this.refused.delete(s);
    this.emitStatus(true);
    this.drain();
  }

  /** Periodic: rows the office never confirmed go out again; the storage bound is enforced. */
  private maintain(): void {
    const outbox = this.options.store.outbox;
    const resendAfterMs = this.settings.resendAfterS * 1000;
    const before = new Date(this.options.clock.now().getTime() - resendAfterMs).toISOString();
    // While the office's ack keeps advancing the pipe is alive and rows are merely queued: resending
    // them would only double the office's work. A stalled ack means something was lost.
    const stalled = Date.now() - this.lastAckProgressMs >= resendAfterMs;
    const maintenanceMs = this.options.maintenanceMs ?? delays.outboxMaintenanceMs;
    this.markPubacked(stalled ? Infinity : this.options.clock.now().getTime() - maintenanceMs);
    this.guardDisk(() => {
      if (stalled) {
        const requeued = outbox.requeueStale(before);
        for (const seq of requeued) this.awaiting.delete(seq);
        this.resent += requeued.length;
        this.cursor = null;
      }
      this.bounds = outbox.enforceBounds({
        maxBytes: this.settings.maxOutboxBytes,
        maxPositionAgeMs: this.settings.maxPositionAgeDays * 86_400_000,
      });
    });
    this.emitStatus();
    this.refreshOnline();
    this.drain();
  }

  private guardDisk(write: () => void): boolean {
    try {
      write();
      return true;
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      this.lastError = 'the bus disk is full';
      this.emitStatus();
      return false;
    }
  }

  private setLink(link: LinkState): void {
    if (this.link === link) return;
    this.link = link;
    this.emitStatus();
  }

  /** Acks arrive several times a second while draining: those updates are thinned to one a second. */
  private emitStatus(throttled = false): void {
    const nowMs = Date.now();
    if (throttled && nowMs - this.lastEmitMs < 1000) return;
    this.lastEmitMs = nowMs;
    this.changes.emit(this.status());
  }
}
