import { z } from 'zod';
import { count, day, entityId, instant, metres, names, placeId, text } from './fields.ts';

/**
 * One schema per uplink event kind, version 1. The bus checks every outbox row with these before
 * it is written (a bug there fails on the bus, where it is made), and the office checks every
 * received payload with them before anything is projected. Objects are loose: fields a newer bus
 * release adds pass through and are ignored by this release's projection.
 */

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

const tripTypes = ['approaching', 'arrived', 'departed', 'passed', 'passing', 'off_route', 'on_route'] as const;
const passedReasons = ['drove-through', 'gnss-gap', 'off-route', 'resync'] as const;

export const tripPayload = z.looseObject({
  type: z.enum(tripTypes),
  stopId: nullable(placeId),
  lap: count(0, 1_000_000),
  time: instant,
  distance: metres,
  name: names.optional(),
  metresToGo: metres.optional(),
  etaS: z.number().finite().min(0).max(86_400).optional(),
  reason: z.enum(passedReasons).optional(),
  late: z.literal(true).optional(),
  manual: z.literal(true).optional(),
  door: z.literal(true).optional(),
  offset: metres.optional(),
});

/** A bus carries well under 200; a driver's correction is the only negative boarding. */
const passengers = count(0, 500);

export const countPayload = z.looseObject({
  id: entityId.optional(),
  at: instant.optional(),
  day: day.optional(),
  hour: count(0, 23).optional(),
  lap: nullable(count(0, 1_000_000)),
  stopId: nullable(placeId),
  afterStopId: nullable(placeId),
  betweenStops: z.boolean().optional(),
  source: z.enum(['counter', 'tally']).optional(),
  door: nullable(count(0, 16)),
  boarded: count(-500, 500),
  alighted: passengers,
  occupancy: passengers.optional(),
  adjustments: z
    .array(
      z.looseObject({
        kind: z.enum(['clamp', 'correction']),
        amount: count(-500, 500),
        occupancyBefore: passengers,
        occupancyAfter: passengers,
      }),
    )
    .max(8)
    .optional(),
});

const ticketStates = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'handed_over', 'expired'] as const;
const ticketActions = ['take', 'call', 'recall', 'start', 'finish', 'no_show', 'hand_over', 'cancel', 'expire'] as const;

export const ticketPayload = z.looseObject({
  v: z.literal(1).optional(),
  ticketId: entityId,
  day,
  number: z.string().regex(/^[A-Z]{0,4}\d{1,5}$/, 'not a ticket number'),
  categoryId: nullable(entityId),
  itemId: entityId,
  priority: nullable(z.enum(['elderly', 'disabled', 'pregnant'])),
  action: z.enum(ticketActions),
  from: z.enum(ticketStates).nullable(),
  to: z.enum(ticketStates),
  at: instant,
  staffId: nullable(text(64)),
  counter: nullable(count(0, 1000)),
  recalls: count(0, 100).optional(),
  dueDay: nullable(day),
  outcome: nullable(text(200)),
  handover: z
    .looseObject({ note: nullable(text(500)), name: nullable(text(40)), phone: nullable(text(40)) })
    .optional(),
});

export const commentPayload = z.looseObject({
  id: entityId,
  reference: z.string().regex(/^[A-Z0-9]{4,12}$/, 'not a comment reference'),
  at: instant,
  day,
  category: entityId,
  phrases: z.array(entityId).max(16),
  text: text(2000),
  findings: z.unknown().optional(),
  contact: nullable(text(80)),
  ticketId: nullable(entityId),
  meetingDay: nullable(day),
});

export const ratingPayload = z.looseObject({
  id: entityId,
  ticketId: entityId,
  at: instant,
  level: z.enum(['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied']),
  reasons: z.array(entityId).max(16),
  followUp: z.boolean(),
});

/** A synthetic link check (`lianxin sync test-load`); `pad` loads the link with bigger messages. */
export const diagnosticPayload = z.looseObject({
  runId: entityId,
  index: count(1, 100_000_000),
  of: count(1, 100_000_000),
  createdAt: instant,
  pad: text(200_000).optional(),
});

/** A downlink the bus refused, reported so the office sees it. */
export const downlinkRejectedPayload = z.looseObject({
  topic: text(300),
  kind: nullable(text(64)),
  id: nullable(text(64)),
  reason: text(2000),
});

/** A downlink the bus applied: its message id, kind and content version (null for a case update). */
export const downlinkAppliedPayload = z.looseObject({
  id: text(64),
  kind: text(64),
  version: z.number().int().min(0).nullable(),
});

/**
 * The bus found its database damaged, empty or gone and started a fresh one under a new stream
 * epoch: what happened, where the old file was kept, and how many unacknowledged rows came across.
 */
export const storageResetPayload = z.looseObject({
  reason: z.enum(['corrupt', 'not-a-database', 'empty', 'missing']),
  detail: text(500),
  at: instant,
  previousEpoch: z.string().regex(/^[0-9a-f]{32}$/).nullable(),
  movedTo: text(300).nullable(),
  carried: count(0, 100_000_000),
  unreadable: count(0, 100_000_000),
});

/** A stored position (the outbox keeps positions the link could not send live); thinned ones keep only the mark. */
export const positionPayload = z.union([
  z.strictObject({ thinned: z.literal(true) }),
  z.looseObject({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    speed: z.number().finite().min(0).max(100).optional(),
    track: z.number().finite().min(0).max(360).optional(),
    time: instant,
  }),
]);

export const payloadSchemas = {
  trip: tripPayload,
  count: countPayload,
  ticket: ticketPayload,
  comment: commentPayload,
  rating: ratingPayload,
  diagnostic: diagnosticPayload,
  'downlink-rejected': downlinkRejectedPayload,
  'downlink-applied': downlinkAppliedPayload,
  'storage-reset': storageResetPayload,
  position: positionPayload,
} as const satisfies Record<string, z.ZodType>;

export type UplinkKind = keyof typeof payloadSchemas;
export const uplinkKinds = Object.keys(payloadSchemas) as UplinkKind[];

export function isUplinkKind(kind: string): kind is UplinkKind {
  return Object.hasOwn(payloadSchemas, kind);
}

/**
 * Why a payload is not a valid event of its kind, or null when it is. A kind this release does not
 * know is refused too: the bus writes only kinds it knows, so one from the wire is an error or a
 * newer bus, and either way the office cannot read it (it is kept in the ledger, not projected).
 */
export function payloadProblem(kind: string, payload: unknown): string | null {
  if (!isUplinkKind(kind)) return `unknown kind ${kind}`;
  const parsed = payloadSchemas[kind].safeParse(payload);
  if (parsed.success) return null;
  return parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`)
    .join('; ')
    .slice(0, 500);
}

/** Deepest nesting a payload may have: every kind's is 3 or less; deeper stacks break parsers (PostgreSQL's json). */
export const maxPayloadDepth = 16;

/** Whether JSON text nests deeper than maxPayloadDepth (brackets inside strings do not count). */
export function nestsTooDeep(json: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > maxPayloadDepth) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}
