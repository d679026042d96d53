import { uuidv7 } from '../../src/core/ids.ts';

/**
 * A valid payload of each uplink kind (src/protocol/payloads.ts), for tests that need outbox rows
 * but not a particular domain write. `n` varies it; `extra` adds fields (a newer release's, or padding).
 */
export function wirePayload(kind: string, n = 1, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const at = new Date(Date.UTC(2026, 5, 1, 8, 0, n % 3600)).toISOString();
  const base: Record<string, Record<string, unknown>> = {
    trip: { type: 'arrived', stopId: `s${n % 9}`, lap: 1, time: at, distance: n % 5000 },
    count: { boarded: n % 7, alighted: n % 5 },
    ticket: { v: 1, ticketId: uuidv7(), day: '2026-06-01', number: `A${String(n % 999).padStart(3, '0')}`, categoryId: 'civil', itemId: 'residence-cert', priority: null, action: 'take', from: null, to: 'waiting', at, staffId: null, counter: null },
    comment: { id: uuidv7(), reference: 'ABC234', at, day: '2026-06-01', category: 'suggestion', phrases: [], text: `text ${n}`, contact: null, ticketId: null, meetingDay: null },
    rating: { id: uuidv7(), ticketId: uuidv7(), at, level: 'satisfied', reasons: [], followUp: false },
    diagnostic: { runId: 'run-1', index: n, of: Math.max(n, 1), createdAt: at },
    'downlink-rejected': { topic: 'lianxin/v1/bus/b/down/x', kind: 'x', id: null, reason: 'test' },
    'downlink-applied': { id: uuidv7(), kind: 'policy-handbook', version: n },
    position: { lat: 36.07, lon: 120.38, time: at },
    'storage-reset': { reason: 'corrupt', detail: 'quick_check: test', at, previousEpoch: null, movedTo: '/data/bus.db.corrupt-test', carried: n, unreadable: 0 },
  };
  const payload = base[kind];
  if (!payload) throw new Error(`no test payload for kind ${kind}`);
  return { ...payload, ...extra };
}
