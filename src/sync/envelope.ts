import { z } from 'zod';

/** Largest uplink payload either side accepts; anything bigger is quarantined, not parsed. */
export const maxEnvelopeBytes = 256 * 1024;

const busIdPattern = /^[A-Za-z0-9_-]{1,32}$/;
const kindPattern = /^[a-z][a-z0-9_-]{0,31}$/;

/** Every uplink event, validated by this one schema on the bus and at the office. */
export const envelopeSchema = z.strictObject({
  v: z.literal(1),
  id: z.string().uuid(),
  busId: z.string().regex(busIdPattern),
  seq: z.number().int().positive(),
  kind: z.string().regex(kindPattern),
  at: z.string().datetime({ offset: true }),
  payload: z.unknown(),
});

export type Envelope = z.infer<typeof envelopeSchema>;

/** The office's end-to-end acknowledgement: every seq up to `seq` is committed in its database. */
export const ackSchema = z.strictObject({ v: z.literal(1), seq: z.number().int().min(0) });
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

export function statusPayload(state: 'online' | 'offline', floorSeq?: number): string {
  return JSON.stringify({ v: 1, state, ...(floorSeq === undefined ? {} : { floorSeq }) });
}

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The envelope as the bus writes it; each check is a narrower form of envelopeSchema's. */
const envelopeKeys = ['v', 'id', 'busId', 'seq', 'kind', 'at', 'payload'];
const lowercaseUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const utcMillis = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isCanonicalEnvelope(data: unknown): data is Envelope {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const e = data as Record<string, unknown>;
  if (Object.keys(e).length !== envelopeKeys.length || !envelopeKeys.every((key) => Object.hasOwn(e, key))) return false;
  const { v, id, busId, seq, kind, at } = e;
  if (v !== 1 || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq <= 0) return false;
  if (typeof id !== 'string' || !lowercaseUuid.test(id)) return false;
  if (typeof busId !== 'string' || !busIdPattern.test(busId) || typeof kind !== 'string' || !kindPattern.test(kind)) return false;
  if (typeof at !== 'string' || !utcMillis.test(at)) return false;
  // A real calendar instant: 2026-02-30 or 24:00 do not survive the round trip.
  const ms = Date.parse(at);
  return Number.isFinite(ms) && new Date(ms).toISOString() === at;
}

/**
 * An uplink envelope from the wire, exactly as strict as envelopeSchema: the office sees tens of
 * thousands a second in a backlog, so the shape the bus writes is checked by hand and anything
 * else (other time forms, upper-case ids, every refusal and its reason) goes through the schema.
 */
export function decodeEnvelope(bytes: Buffer): DecodeResult<Envelope> {
  if (bytes.length <= maxEnvelopeBytes) {
    let data: unknown;
    try {
      data = JSON.parse(bytes.toString());
    } catch {
      data = undefined;
    }
    if (isCanonicalEnvelope(data)) return { ok: true, value: data };
  }
  return decodeJson(envelopeSchema, bytes);
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
