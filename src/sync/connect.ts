import { readFileSync } from 'node:fs';
import type { IClientOptions } from 'mqtt';
import type { Config } from '../config/schema.ts';

/** Client options shared by the bus uplink and the office receiver. */
export function mqttClientOptions(
  mqtt: Config['mqtt'],
  clientId: string,
  extra: Partial<IClientOptions> = {},
): IClientOptions {
  const read = (path: string | undefined) => (path === undefined ? undefined : readFileSync(path));
  const options: IClientOptions = {
    clientId,
    protocolVersion: mqtt.protocolVersion,
    username: mqtt.username,
    password: mqtt.password,
    ca: read(mqtt.ca),
    cert: read(mqtt.cert),
    key: read(mqtt.key),
    // Our own outbox is the durable queue; mqtt.js must not queue offline publishes in memory.
    queueQoSZero: false,
    connectTimeout: 10_000,
    ...extra,
  };
  if (mqtt.protocolVersion === 5) {
    // A persistent session only survives a disconnect when its expiry is above zero.
    options.properties = { sessionExpiryInterval: 24 * 3600, ...extra.properties };
  }
  return options;
}
