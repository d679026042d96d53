import { createHash } from 'node:crypto';
import { parseBusTopic } from '../../protocol/topics.ts';

/** How much the quarantine may hold: beyond these a message is counted as dropped, not stored. */
export interface QuarantineLimits {
  /** Rows kept per bus (messages on topics of no bus share the bus id ''). */
  perBus: number;
  /** Payload bytes kept in all. */
  totalBytes: number;
  /** Bytes of one payload kept (the reason says what the message was; the rest is evidence enough). */
  payloadBytes: number;
}

export const defaultQuarantineLimits: QuarantineLimits = { perBus: 1000, totalBytes: 64 * 1024 * 1024, payloadBytes: 4096 };

/** The identity of an event the quarantine holds once: its envelope's (bus, seq, id). */
export interface QuarantineKey {
  busId: string;
  seq: number;
  id: string;
}

export interface QuarantineEntry {
  busId: string;
  dedup: string;
  payload: Buffer;
}

/**
 * The row a message would take: its bus (from the topic, which the broker ACL ties to the sender),
 * the key it is stored once under, and its payload cut to the kept size. A message without an
 * envelope is the same message when topic, reason and bytes are.
 */
export function quarantineEntry(topic: string, reason: string, payload: Buffer, limits: QuarantineLimits, key?: QuarantineKey): QuarantineEntry {
  const busId = key?.busId ?? parseBusTopic(topic)?.busId ?? '';
  const dedup = key
    ? `event:${key.busId}:${key.seq}:${key.id}`
    : `message:${createHash('sha256').update(topic).update('\u0000').update(reason).update('\u0000').update(payload).digest('hex')}`;
  return { busId, dedup, payload: payload.subarray(0, limits.payloadBytes) };
}
