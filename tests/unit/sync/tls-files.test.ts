import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/schema.ts';
import { mqttClientOptions, readTlsFiles } from '../../../src/sync/connect.ts';
import { makeTestCa } from '../../helpers/certs.ts';
import { tempDir } from '../../helpers/temp.ts';

describe('certificate files named by mqtt.ca / mqtt.cert / mqtt.key', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());
  const ca = makeTestCa(dir.path);
  const busA = ca.client('bus-a');
  const busB = ca.client('bus-b');
  const mqtt = (files: Partial<Config['mqtt']>): Config['mqtt'] => ({ url: 'mqtts://127.0.0.1:8883', protocolVersion: 5, ...files });
  const problem = (files: Partial<Config['mqtt']>) => {
    const result = readTlsFiles(mqtt(files));
    return result.ok ? null : result.error.message;
  };

  it('reads a CA and a matching client certificate into the client options', () => {
    const options = mqttClientOptions(mqtt({ ca: ca.ca, ...busA }), 'lianxin-bus-bus-a');
    expect(options.ca).toEqual(readFileSync(ca.ca));
    expect(options.cert).toEqual(readFileSync(busA.cert));
    expect(options.key).toEqual(readFileSync(busA.key));
  });

  it('names the key and the path of a missing file', () => {
    const missing = join(dir.path, 'nowhere', 'ca.crt');
    expect(problem({ ca: missing })).toBe(`mqtt.ca: cannot read ${missing} (ENOENT)`);
    expect(problem({ ca: ca.ca, cert: busA.cert, key: missing })).toBe(`mqtt.key: cannot read ${missing} (ENOENT)`);
    expect(() => mqttClientOptions(mqtt({ key: missing, cert: busA.cert }), 'x')).toThrow(`mqtt.key: cannot read ${missing} (ENOENT)`);
  });

  it('refuses a file that is not what its key says, without quoting it', () => {
    // A certificate given as the key: its PEM text must not appear in the message.
    expect(problem({ cert: busA.cert, key: busA.cert })).toBe(`mqtt.key: ${busA.cert} is not a PEM private key`);
    const garbage = join(dir.path, 'garbage.crt');
    writeFileSync(garbage, 'not a certificate at all');
    expect(problem({ ca: garbage })).toBe(`mqtt.ca: ${garbage} is not a PEM certificate`);
  });

  it('refuses a certificate without its own private key', () => {
    expect(problem({ cert: busA.cert })).toMatch(/mqtt\.cert and mqtt\.key go together/);
    expect(problem({ cert: busA.cert, key: busB.key })).toBe(`mqtt.key: ${busB.key} is not the private key of mqtt.cert ${busA.cert}`);
  });
});
