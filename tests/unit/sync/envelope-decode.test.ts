import { describe, expect, it } from 'vitest';
import { decodeEnvelope, decodeJson, envelopeSchema } from '../../../src/sync/envelope.ts';

const base = {
  v: 1,
  id: '019ab2c4-1234-7abc-8def-0123456789ab',
  busId: 'bus-01',
  seq: 42,
  kind: 'count',
  at: '2026-11-23T08:15:30.250Z',
  payload: { n: 1 },
};

/** Each variant changes one field of the canonical envelope (or its layout). */
const variants: Record<string, unknown> = {
  canonical: base,
  'upper-case id': { ...base, id: base.id.toUpperCase() },
  'nil uuid': { ...base, id: '00000000-0000-0000-0000-000000000000' },
  'uuid version 9': { ...base, id: '019ab2c4-1234-9abc-8def-0123456789ab' },
  'uuid bad variant': { ...base, id: '019ab2c4-1234-7abc-cdef-0123456789ab' },
  'not a uuid': { ...base, id: 'hello' },
  'v 2': { ...base, v: 2 },
  'v as text': { ...base, v: '1' },
  'seq 0': { ...base, seq: 0 },
  'seq negative': { ...base, seq: -3 },
  'seq fraction': { ...base, seq: 1.5 },
  'seq unsafe': { ...base, seq: 2 ** 53 },
  'seq as text': { ...base, seq: '42' },
  'bus id too long': { ...base, busId: 'b'.repeat(33) },
  'bus id with slash': { ...base, busId: 'bus/01' },
  'kind upper case': { ...base, kind: 'Count' },
  'kind empty': { ...base, kind: '' },
  'at without millis': { ...base, at: '2026-11-23T08:15:30Z' },
  'at with offset': { ...base, at: '2026-11-23T16:15:30.250+08:00' },
  'at with micros': { ...base, at: '2026-11-23T08:15:30.250123Z' },
  'at 30 February': { ...base, at: '2026-02-30T08:15:30.250Z' },
  'at 29 February of a leap year': { ...base, at: '2028-02-29T08:15:30.250Z' },
  'at 29 February of a common year': { ...base, at: '2026-02-29T08:15:30.250Z' },
  'at hour 24': { ...base, at: '2026-11-23T24:00:00.000Z' },
  'at minute 60': { ...base, at: '2026-11-23T08:60:00.000Z' },
  'at date only': { ...base, at: '2026-11-23' },
  'at local time': { ...base, at: '2026-11-23T08:15:30.250' },
  'payload null': { ...base, payload: null },
  'payload missing': (({ payload: _payload, ...rest }) => rest)(base),
  'extra key': { ...base, extra: true },
  'id missing': (({ id: _id, ...rest }) => rest)(base),
  array: [base],
  'plain number': 7,
};

describe('decodeEnvelope', () => {
  it.each(Object.entries(variants))('%s: same verdict, value and reason as envelopeSchema', (_name, value) => {
    const bytes = Buffer.from(JSON.stringify(value));
    expect(decodeEnvelope(bytes)).toEqual(decodeJson(envelopeSchema, bytes));
  });

  it('refuses a __proto__ key like the schema does', () => {
    const bytes = Buffer.from(JSON.stringify(base).replace('{', '{"__proto__":{"x":1},'));
    const fast = decodeEnvelope(bytes);
    expect(fast.ok).toBe(false);
    expect(fast).toEqual(decodeJson(envelopeSchema, bytes));
  });

  it('refuses invalid JSON and oversized messages with the schema path reasons', () => {
    for (const bytes of [Buffer.from('{"v":1,'), Buffer.alloc(256 * 1024 + 1, 0x20)]) {
      const fast = decodeEnvelope(bytes);
      expect(fast.ok).toBe(false);
      expect(fast).toEqual(decodeJson(envelopeSchema, bytes));
    }
  });
});
