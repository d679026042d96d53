import { z } from 'zod';

/** Largest uplink payload either side accepts; anything bigger is quarantined, not parsed. */
export const maxEnvelopeBytes = 256 * 1024;

/** Every uplink event, validated by this one schema on the bus and at the office. */
export const envelopeSchema = z.strictObject({
  v: z.literal(1),
  id: z.string().uuid(),
  busId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  seq: z.number().int().positive(),
  kind: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/),
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
export const statusSchema = z.strictObject({ v: z.literal(1), state: z.enum(['online', 'offline']) });

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

export function statusPayload(state: 'online' | 'offline'): string {
  return JSON.stringify({ v: 1, state });
}

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; reason: string };

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
