/** MQTT topic layout (docs/protocol.md). One place so the bus and the office never disagree. */
export const topicRoot = 'lianxin/v1';

/** The downlink kind that carries the office's end-to-end acknowledgement (retained, per bus). */
export const ackKind = 'ack';

export const topics = {
  up: (busId: string, kind: string) => `${topicRoot}/bus/${busId}/up/${kind}`,
  /** Every uplink, deeper malformed topics included (the office quarantines those). */
  upWildcard: `${topicRoot}/bus/+/up/#`,
  position: (busId: string) => `${topicRoot}/bus/${busId}/position`,
  positionWildcard: `${topicRoot}/bus/+/position`,
  status: (busId: string) => `${topicRoot}/bus/${busId}/status`,
  statusWildcard: `${topicRoot}/bus/+/status`,
  down: (busId: string, kind: string) => `${topicRoot}/bus/${busId}/down/${kind}`,
  downAll: (busId: string) => `${topicRoot}/bus/${busId}/down/+`,
  fleetDown: (kind: string) => `${topicRoot}/fleet/down/${kind}`,
  fleetDownAll: `${topicRoot}/fleet/down/+`,
} as const;

/** Splits `lianxin/v1/bus/{busId}/{channel}/{kind?}`; null for anything else. */
export function parseBusTopic(topic: string): { busId: string; channel: string; kind: string | null } | null {
  const parts = topic.split('/');
  if (parts.length < 5 || parts.length > 6 || `${parts[0]}/${parts[1]}` !== topicRoot || parts[2] !== 'bus') return null;
  return { busId: parts[3]!, channel: parts[4]!, kind: parts[5] ?? null };
}

/** `bus/{busId}/down/{kind}` or `fleet/down/{kind}`; null for anything else. */
export function parseDownTopic(topic: string): { kind: string; fleet: boolean } | null {
  const parts = topic.split('/');
  if (`${parts[0]}/${parts[1]}` !== topicRoot) return null;
  if (parts.length === 5 && parts[2] === 'fleet' && parts[3] === 'down') return { kind: parts[4]!, fleet: true };
  if (parts.length === 6 && parts[2] === 'bus' && parts[4] === 'down') return { kind: parts[5]!, fleet: false };
  return null;
}
