import { z } from 'zod';

/** Largest uplink payload either side accepts; anything bigger is quarantined, not parsed. */
export const maxEnvelopeBytes = 256 * 1024;

const busIdPattern = /^[A-Za-z0-9_-]{1,32}$/;
const kindPattern = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * The bus database's stream epoch (docs/protocol.md §Stream epoch): a recreated database numbers
 * its seqs from 1 again under a new one. Absent: the bus's legacy stream (a database from before epochs).
 */
export const streamEpochSchema = z.string().regex(/^[0-9a-f]{32}$/, 'not a stream epoch');

/** Every uplink event, validated by this one schema on the bus and at the office. */
export const envelopeSchema = z.strictObject({
  v: z.literal(1),
  id: z.string().uuid(),
  busId: z.string().regex(busIdPattern),
  epoch: streamEpochSchema.optional(),
  seq: z.number().int().positive(),
  kind: z.string().regex(kindPattern),
  at: z.string().datetime({ offset: true }),
  payload: z.unknown(),
});

export type Envelope = z.infer<typeof envelopeSchema>;

/** The office's end-to-end acknowledgement: every seq up to `seq` is committed in its database. */
export const ackSchema = z.strictObject({ v: z.literal(1), seq: z.number().int().min(0), epoch: streamEpochSchema.optional() });
export type Ack = z.infer<typeof ackSchema>;

/**
 * Every downlink message (`down/{kind}`, `fleet/down/{kind}`). Content carries a version and is
 * applied only if newer; case updates are applied once per id.
 */
export const downlinkSchema = z.strictObject({
  v: z.literal(1),
  id: z.string().uuid(),
  kind: envelopeSchema.shape.kind,
  version: z.number().int().positive().optional(),
  issuedAt: z.string().datetime({ offset: true }),
  body: z.unknown(),
});
export type Downlink = z.infer<typeof downlinkSchema>;

/** The retained `status` message, and the bus's last will. */
export const statusSchema = z.strictObject({
  v: z.literal(1),
  state: z.enum(['online', 'offline']),
  /**
   * Online only: every seq up to here was acknowledged by the office and is gone from the bus. An
   * office ledger below it was restored from an older state; it moves up to it and records the loss.
   */
  floorSeq: z.number().int().min(0).optional(),
  /** The stream floorSeq belongs to (absent: the legacy stream). */
  epoch: streamEpochSchema.optional(),
  /** Online only: events still on the bus that the office has not confirmed (sent or not), when this status was sent. */
  backlog: z.number().int().min(0).optional(),
});

/** The live position (QoS 0, never stored on the bus). */
export const positionSchema = z.looseObject({
  v: z.literal(1),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  speed: z.number().optional(),
  track: z.number().optional(),
  time: z.string().datetime({ offset: true }),
});
export type LivePosition = Omit<z.infer<typeof positionSchema>, 'v'>;

export function statusPayload(state: 'online' | 'offline', floorSeq?: number, epoch?: string | null, backlog?: number): string {
  return JSON.stringify({ v: 1, state, ...(floorSeq === undefined ? {} : { floorSeq }), ...(epoch ? { epoch } : {}), ...(backlog === undefined ? {} : { backlog }) });
}

/** The end-to-end ack for one stream; the legacy stream's carries no epoch, as before. */
export function ackPayload(seq: number, epoch: string): string {
  return JSON.stringify(epoch === '' ? { v: 1, seq } : { v: 1, seq, epoch });
}

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * The envelope exactly as the bus writes it (uplink.ts), up to its payload: each field a narrower
 * form of envelopeSchema's, none able to hold a quote, so the payload starts right after this.
 */
const canonicalHead =
  /^\{"v":1,"id":"([0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})","busId":"([A-Za-z0-9_-]{1,32})",(?:"epoch":"([0-9a-f]{32})",)?"seq":([1-9][0-9]{0,15}),"kind":"([a-z][a-z0-9_-]{0,31})","at":"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)","payload":/;

/** An uplink event as received: the envelope, and its payload as JSON text to store as it is. */
export interface Uplinked {
  envelope: Envelope;
  payloadJson: string;
}

/**
 * An uplink envelope from the wire, exactly as strict as envelopeSchema. The office sees tens of
 * thousands a second in a backlog, so the layout the bus writes is matched by hand: its head by
 * one pattern, its payload, the rest up to the closing brace, parsed alone. That text parsing as
 * one JSON value is what makes the whole a valid envelope with these seven (or eight) keys and no others,
 * and the payload text is then exactly the payload's JSON. Anything else (other layouts, time
 * forms, upper-case ids, every refusal and its reason) goes through the schema.
 */
export function decodeUplink(bytes: Buffer): DecodeResult<Uplinked> {
  if (bytes.length <= maxEnvelopeBytes) {
    const text = bytes.toString();
    const head = canonicalHead.exec(text);
    if (head && text.endsWith('}')) {
      const [matched, id, busId, epoch, seqText, kind, at] = head as unknown as [string, string, string, string | undefined, string, string, string];
      const payloadJson = text.slice(matched.length, -1);
      const seq = Number(seqText);
      let payload: unknown;
      try {
        payload = JSON.parse(payloadJson);
      } catch {
        payload = undefined;
      }
      // A payload that is one JSON value (`1,"seq":5` is not: it makes a duplicate key) and a
      // real calendar instant.
      if (payload !== undefined && Number.isSafeInteger(seq) && isInstant(at)) {
        const envelope: Envelope = epoch === undefined ? { v: 1, id, busId, seq, kind, at, payload } : { v: 1, id, busId, epoch, seq, kind, at, payload };
        return { ok: true, value: { envelope, payloadJson } };
      }
    }
  }
  const decoded = decodeJson(envelopeSchema, bytes);
  return decoded.ok ? { ok: true, value: { envelope: decoded.value, payloadJson: JSON.stringify(decoded.value.payload) } } : decoded;
}

/** A real calendar instant, in the form the head pattern matched: 2026-02-30, 24:00 or :60 are not. */
function isInstant(at: string): boolean {
  const year = digits(at, 0, 4);
  const month = digits(at, 5, 2);
  const day = digits(at, 8, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days && digits(at, 11, 2) < 24 && digits(at, 14, 2) < 60 && digits(at, 17, 2) < 60;
}

/** The number written by `count` ASCII digits of `text` from `from`. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

export function decodeJson<T>(schema: z.ZodType<T>, bytes: Buffer | string): DecodeResult<T> {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  if (size > maxEnvelopeBytes) return { ok: false, reason: `payload of ${size} bytes exceeds ${maxEnvelopeBytes}` };
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString());
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  }
  return { ok: true, value: parsed.data };
}
