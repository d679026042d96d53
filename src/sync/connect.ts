import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IClientOptions } from 'mqtt';
import type { Config } from '../config/schema.ts';
import { err, ok, type Result } from '../core/result.ts';

export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

const pemKinds = { ca: 'certificate', cert: 'certificate', key: 'private key' } as const;

/**
 * Reads the PEM files `mqtt.ca`, `mqtt.cert` and `mqtt.key` name and checks each parses as what it
 * should be. Errors name the config key and the path, never the file's content.
 */
export function readTlsFiles(mqtt: Config['mqtt']): Result<TlsFiles, 'tls-file'> {
  const files: TlsFiles = {};
  for (const key of ['ca', 'cert', 'key'] as const) {
    const path = mqtt[key];
    if (path === undefined) continue;
    let pem: Buffer;
    try {
      pem = readFileSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      return err('tls-file', `mqtt.${key}: cannot read ${path} (${code})`);
    }
    try {
      if (key === 'key') createPrivateKey(pem);
      else new X509Certificate(pem);
    } catch {
      return err('tls-file', `mqtt.${key}: ${path} is not a PEM ${pemKinds[key]}`);
    }
    files[key] = pem;
  }
  if ((files.cert === undefined) !== (files.key === undefined)) {
    return err('tls-file', 'mqtt.cert and mqtt.key go together: a client certificate needs its private key');
  }
  if (files.cert && files.key && !new X509Certificate(files.cert).checkPrivateKey(createPrivateKey(files.key))) {
    return err('tls-file', `mqtt.key: ${mqtt.key} is not the private key of mqtt.cert ${mqtt.cert}`);
  }
  return ok(files);
}

/**
 * Client options shared by the bus uplink and the office receiver. The certificate files are read
 * on every call (each connection attempt), so renewed ones are taken up at the next reconnect.
 * @throws Error naming the config key and path when a certificate file cannot be used
 */
export function mqttClientOptions(
  mqtt: Config['mqtt'],
  clientId: string,
  extra: Partial<IClientOptions> = {},
): IClientOptions {
  const tls = readTlsFiles(mqtt);
  if (!tls.ok) throw new Error(tls.error.message);
  const options: IClientOptions = {
    clientId,
    protocolVersion: mqtt.protocolVersion,
    username: mqtt.username,
    password: mqtt.password,
    ...tls.value,
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
