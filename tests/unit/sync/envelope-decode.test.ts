import { describe, expect, it } from 'vitest';
import { decodeJson, decodeUplink, envelopeSchema, type DecodeResult, type Uplinked } from '../../../src/protocol/envelope.ts';

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
  'at 29 February of a century': { ...base, at: '2100-02-29T08:15:30.250Z' },
  'at 29 February of a fourth century': { ...base, at: '2000-02-29T08:15:30.250Z' },
  'at 31 April': { ...base, at: '2026-04-31T08:15:30.250Z' },
  'at 31 December': { ...base, at: '2026-12-31T23:59:59.999Z' },
  'at month 13': { ...base, at: '2026-13-01T08:15:30.250Z' },
  'at month 0': { ...base, at: '2026-00-10T08:15:30.250Z' },
  'at day 0': { ...base, at: '2026-11-00T08:15:30.250Z' },
  'at year 0': { ...base, at: '0000-02-29T00:00:00.000Z' },
  'at hour 24': { ...base, at: '2026-11-23T24:00:00.000Z' },
  'at minute 60': { ...base, at: '2026-11-23T08:60:00.000Z' },
  'at second 60': { ...base, at: '2026-11-23T23:59:60.000Z' },
  'at date only': { ...base, at: '2026-11-23' },
  'at local time': { ...base, at: '2026-11-23T08:15:30.250' },
  'payload null': { ...base, payload: null },
  'payload text with a brace and quotes': { ...base, payload: { text: '}","seq":7}', emoji: '车🚌' } },
  'payload array': { ...base, payload: [1, [2, { a: '}' }]] },
  'payload __proto__ key': { ...base, payload: JSON.parse('{"__proto__":{"x":1}}') as unknown },
  'payload missing': (({ payload: _payload, ...rest }) => rest)(base),
  'extra key': { ...base, extra: true },
  'id missing': (({ id: _id, ...rest }) => rest)(base),
  array: [base],
  'plain number': 7,
};

/** What envelopeSchema says, with the payload text an accepted envelope is stored with. */
function schemaVerdict(bytes: Buffer): DecodeResult<Uplinked> {
  const decoded = decodeJson(envelopeSchema, bytes);
  return decoded.ok ? { ok: true, value: { envelope: decoded.value, payloadJson: JSON.stringify(decoded.value.payload) } } : decoded;
}

describe('decodeUplink', () => {
  it.each(Object.entries(variants))('%s: same verdict, value and reason as envelopeSchema', (_name, value) => {
    const bytes = Buffer.from(JSON.stringify(value));
    expect(decodeUplink(bytes)).toEqual(schemaVerdict(bytes));
  });

  it('keeps the payload text as the bus wrote it: valid JSON of exactly the payload', () => {
    const payloadJson = '{"n": 1.50, "s":"\\u00e9\\"}", "deep":[{"}":"{"}]} ';
    const bytes = Buffer.from(`${JSON.stringify(base).slice(0, -'{"n":1}}'.length)}${payloadJson}}`);
    const decoded = decodeUplink(bytes);
    expect(decoded).toEqual({ ok: true, value: { envelope: { ...base, payload: JSON.parse(payloadJson) as unknown }, payloadJson } });
    expect(decodeJson(envelopeSchema, bytes)).toEqual({ ok: true, value: { ...base, payload: JSON.parse(payloadJson) as unknown } });
  });

  it('never takes a duplicate key after the payload for part of the payload', () => {
    // JSON.parse keeps the last of duplicate keys: the schema sees seq 7 and payload 1.
    const bytes = Buffer.from(JSON.stringify(base).replace('"payload":{"n":1}}', '"payload":1,"seq":7}'));
    const decoded = decodeUplink(bytes);
    expect(decoded).toEqual(schemaVerdict(bytes));
    expect(decoded.ok && decoded.value).toMatchObject({ envelope: { seq: 7, payload: 1 }, payloadJson: '1' });
  });

  it('refuses a __proto__ key like the schema does', () => {
    const bytes = Buffer.from(JSON.stringify(base).replace('{', '{"__proto__":{"x":1},'));
    const decoded = decodeUplink(bytes);
    expect(decoded.ok).toBe(false);
    expect(decoded).toEqual(schemaVerdict(bytes));
  });

  it('refuses invalid JSON and oversized messages with the schema path reasons', () => {
    const truncated = JSON.stringify(base).slice(0, -1);
    for (const bytes of [Buffer.from('{"v":1,'), Buffer.from(truncated), Buffer.from(`${truncated}}}`), Buffer.alloc(256 * 1024 + 1, 0x20)]) {
      const decoded = decodeUplink(bytes);
      expect(decoded.ok).toBe(false);
      expect(decoded).toEqual(schemaVerdict(bytes));
    }
  });
});
