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
