import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoRoutePath, loadConfig } from '../../../src/config/load.ts';
import { tempDir } from '../../helpers/temp.ts';

describe('config', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());

  const write = (name: string, content: string) => {
    const path = join(dir.path, name);
    writeFileSync(path, content);
    return path;
  };

  it('runs the demo with no file: every default is filled in', () => {
    const result = loadConfig(undefined, {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.busId).toBe('demo-bus-01');
    expect(result.value.gps.source).toBe('simulator');
    expect(result.value.route).toBe(demoRoutePath);
    expect(result.value.mqtt.url).toBeUndefined();
    expect(result.value.mqtt.protocolVersion).toBe(5);
  });

  it('names a missing file', () => {
    const result = loadConfig(join(dir.path, 'nope.json'), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'config-missing' } });
    if (!result.ok) expect(result.error.message).toContain('nope.json');
  });

  it('names the JSON syntax error', () => {
    const result = loadConfig(write('bad.json', '{"busId": "a",'), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'config-syntax' } });
  });

  it('names the key with the wrong type', () => {
    const result = loadConfig(write('c.json', JSON.stringify({ gps: { baudRate: 'fast' } })), {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/gps\.baudRate: .*expected number/);
  });

  it('names an unknown key, nested or not', () => {
    const result = loadConfig(write('c.json', JSON.stringify({ busid: 'x', mqtt: { host: 'h' } })), {});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toContain('unknown key "busid"');
      expect(result.error.message).toContain('unknown key "mqtt.host"');
    }
  });

  it('refuses a bus id that cannot be an MQTT topic level', () => {
    const result = loadConfig(write('c.json', JSON.stringify({ busId: 'bus/1#' })), {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('busId');
  });

  it('resolves relative paths against the config file and lets the environment override', () => {
    const path = write('c.json', JSON.stringify({ dataDir: 'state', route: 'r.geojson', http: { port: 9000 } }));
    const result = loadConfig(path, { LIANXIN_HTTP_PORT: '9100', LIANXIN_BUS_ID: 'bus-7', LIANXIN_MQTT_URL: 'mqtt://127.0.0.1:1883' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.dataDir).toBe(join(dir.path, 'state'));
    expect(result.value.route).toBe(join(dir.path, 'r.geojson'));
    expect(result.value.http.port).toBe(9100);
    expect(result.value.busId).toBe('bus-7');
    expect(result.value.mqtt.url).toBe('mqtt://127.0.0.1:1883');
  });

  it('validates environment overrides like the file', () => {
    const result = loadConfig(undefined, { LIANXIN_HTTP_PORT: '99999' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('http.port');
  });
});
