import { payloadProblem, uplinkKinds } from '../../../src/protocol/payloads.ts';
import { wirePayload } from '../../helpers/wire-payloads.ts';

/**
 * Hostile uplink payloads for the office fuzz test: each a valid envelope's payload (raw bytes,
 * so invalid UTF-8 gets through) that its kind's schema must refuse, or, for `steal`, a valid
 * payload carrying another bus's entity ids, which the projection must refuse. `schemaValid` is
 * what the office must decide (a wrong type can by chance be a right one: `reasons: []`).
 */
export type Hostile = { kind: string; payload: Buffer; schemaValid: boolean };

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const deep = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

const breakers: ((kind: string, n: number, pick: <T>(xs: readonly T[]) => T) => Buffer)[] = [
  // Wrong types for each field the kind has.
  (kind, n, pick) => {
    const valid = wirePayload(kind, n);
    const field = pick(Object.keys(valid));
    return json({ ...valid, [field]: pick([{}, [], 'x', -1, true, null, 1e308]) === null ? [] : pick([{}, [], true, 'not-it']) });
  },
  // Absurd and impossible dates and days.
  (kind, n, pick) => {
    const valid = wirePayload(kind, n);
    const bad = pick(['+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '2026-02-30T00:00:00Z', 'not-a-day', '2026-13-01', '1970-01-01T00:00:00Z', '']);
    const fields = Object.keys(valid).filter((k) => /at$|time|day|Day|createdAt/.test(k));
    return json({ ...valid, [fields.length > 0 ? pick(fields) : 'time']: bad, day: bad, time: bad, at: bad });
  },
  // Huge, negative and non-integer numbers.
  (kind, n, pick) => json({ ...wirePayload(kind, n), boarded: pick([1e308, -1e9, 2 ** 53, 0.5]), lap: -5, distance: 1e300, index: -1, lat: 1000, hour: 99 }),
  // Deep nesting, inside an object and as the payload itself.
  (kind, n, pick) => Buffer.from(pick([deep(500), `{"type":${deep(500)}}`, `{"a":${deep(20_000)}}`])),
  // Long strings.
  (kind, n) => json({ ...wirePayload(kind, n), text: 'x'.repeat(3000), itemId: 'y'.repeat(5000), stopId: 'z'.repeat(200), topic: 'w'.repeat(400) }),
  // Prototype keys.
  (kind, n, pick) => {
    const text = JSON.stringify(wirePayload(kind, n)).slice(1, -1);
    return Buffer.from(`{${pick(['"__proto__":{"polluted":true}', '"constructor":{"prototype":{"polluted":true}}', '"__proto__":null'])},${text},"type":1}`);
  },
  // Invalid UTF-8 inside a string.
  (kind) => Buffer.concat([Buffer.from('{"reference":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(`","kind":"${kind}","boarded":"x"}`)]),
  // Not an object at all.
  (_kind, _n, pick) => Buffer.from(pick(['null', '1', '"text"', '[]', 'true', '-0', '[{"boarded":1}]'])),
  // An empty object: every required field missing.
  () => Buffer.from('{}'),
];

export function hostilePayloads(random: () => number, count: number, stealable: { tickets: string[]; comments: string[]; ratings: string[] }): Hostile[] {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const kinds = [...uplinkKinds, 'no-such-kind'];
  const out: Hostile[] = [];
  for (let n = 1; n <= count; n++) {
    if (n % 50 === 0) {
      // Schema-valid, but with a real bus's ids and a time far ahead: only the projection can refuse it.
      const at = '2099-01-01T00:00:00.000Z';
      const kind = pick(['ticket', 'comment', 'rating'] as const);
      const payload =
        kind === 'ticket'
          ? wirePayload('ticket', n, { ticketId: pick(stealable.tickets), action: 'hand_over', to: 'handed_over', at, handover: { note: 'stolen', name: 'x', phone: '1' } })
          : kind === 'comment'
            ? wirePayload('comment', n, { id: pick(stealable.comments), text: 'overwritten', at })
            : wirePayload('rating', n, { id: pick(stealable.ratings), level: 'very-dissatisfied', followUp: true, at });
      out.push({ kind, payload: json(payload), schemaValid: true });
      continue;
    }
    const kind = pick(kinds);
    const payload = kind === 'no-such-kind' ? json(wirePayload('count', n)) : pick(breakers)(kind, n, pick);
    out.push({ kind, payload, schemaValid: payloadProblem(kind, JSON.parse(payload.toString())) === null });
  }
  return out;
}
