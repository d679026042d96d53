/** MQTT topic layout (docs/protocol.md). One place so the bus and the office never disagree. */
export const topicRoot = 'lianxin/v1';

export const topics = {
  up: (busId: string, kind: string) => `${topicRoot}/bus/${busId}/up/${kind}`,
  upWildcard: `${topicRoot}/bus/+/up/#`,
  position: (busId: string) => `${topicRoot}/bus/${busId}/position`,
  status: (busId: string) => `${topicRoot}/bus/${busId}/status`,
  statusWildcard: `${topicRoot}/bus/+/status`,
  down: (busId: string, kind: string) => `${topicRoot}/bus/${busId}/down/${kind}`,
  downAll: (busId: string) => `${topicRoot}/bus/${busId}/down/#`,
  fleetDown: (kind: string) => `${topicRoot}/fleet/down/${kind}`,
  fleetDownAll: `${topicRoot}/fleet/down/#`,
} as const;

/** Splits `lianxin/v1/bus/{busId}/{channel}/{kind?}`; null for anything else. */
export function parseBusTopic(topic: string): { busId: string; channel: string; kind: string | null } | null {
  const parts = topic.split('/');
  if (parts.length < 4 || `${parts[0]}/${parts[1]}` !== topicRoot || parts[2] !== 'bus') return null;
  return { busId: parts[3]!, channel: parts[4] ?? '', kind: parts[5] ?? null };
}
