import type { IClientOptions } from 'mqtt';

/**
 * The uplink writes its QoS 1 PUBLISH packets itself, a whole drain batch in one socket write:
 * through mqtt.js each message cost a callback, a clone, an entry in its in-memory store (a copy
 * of what the outbox already holds durably), a dozen debug calls and a socket chunk per field:
 * about a third of the bus's CPU in a backlog. mqtt.js keeps the connection, its own packets
 * (status, subscriptions) and parsing; the packet ids are split so the two never collide.
 */

/** mqtt.js allocates ids 1..lastClientPacketId for its own packets; the uplink uses the ones above. */
export const lastClientPacketId = 1023;
const maxPacketId = 65_535;

/** Packet ids for mqtt.js's own packets, kept below the uplink's range. */
export class ClientPacketIds implements NonNullable<IClientOptions['messageIdProvider']> {
  private last = 0;

  allocate(): number {
    this.last = (this.last % lastClientPacketId) + 1;
    return this.last;
  }

  getLastAllocated(): number | null {
    return this.last === 0 ? null : this.last;
  }

  register(): boolean {
    return true;
  }

  deallocate(): void {}

  clear(): void {}
}

/** The uplink's packet ids (above mqtt.js's), each mapped to the outbox seq it carries until its PUBACK. */
export class UplinkPacketIds {
  private readonly seqById = new Map<number, number>();
  private next = lastClientPacketId + 1;

  /** An id not in use; the window (≤ 1000 in flight) is far below the range, so the search is short. */
  allocate(seq: number): number {
    while (this.seqById.has(this.next)) this.advance();
    const id = this.next;
    this.advance();
    this.seqById.set(id, seq);
    return id;
  }

  /** The seq the id carried, now released; undefined for an id that is not the uplink's. */
  release(id: number): number | undefined {
    const seq = this.seqById.get(id);
    if (seq !== undefined) this.seqById.delete(id);
    return seq;
  }

  clear(): void {
    this.seqById.clear();
  }

  private advance(): void {
    this.next = this.next === maxPacketId ? lastClientPacketId + 1 : this.next + 1;
  }
}

export interface OutgoingPublish {
  /** UTF-8 topic name. */
  topic: Buffer;
  packetId: number;
  payload: string;
}

/**
 * QoS 1 PUBLISH packets (no DUP, no retain) back to back in one buffer. MQTT 5 adds an empty
 * property list; 3.1.1 has none.
 */
export function encodePublishes(publishes: readonly OutgoingPublish[], protocolVersion: 4 | 5): Buffer {
  const propertiesBytes = protocolVersion === 5 ? 1 : 0;
  const payloadBytes = publishes.map((p) => Buffer.byteLength(p.payload));
  let total = 0;
  const remaining = publishes.map((p, i) => {
    const length = 2 + p.topic.length + 2 + propertiesBytes + payloadBytes[i]!;
    total += 1 + varintBytes(length) + length;
    return length;
  });
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  publishes.forEach((p, i) => {
    out[at++] = 0x32; // PUBLISH, QoS 1
    for (let n = remaining[i]!; ; ) {
      const byte = n % 128;
      n = Math.floor(n / 128);
      out[at++] = n > 0 ? byte | 0x80 : byte;
      if (n === 0) break;
    }
    at = out.writeUInt16BE(p.topic.length, at);
    at += p.topic.copy(out, at);
    at = out.writeUInt16BE(p.packetId, at);
    if (propertiesBytes) out[at++] = 0;
    at += out.write(p.payload, at, 'utf8');
  });
  return out;
}

function varintBytes(n: number): number {
  return n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4;
}
