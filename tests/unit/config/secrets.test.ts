import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.ts';
import { tempDir } from '../../helpers/temp.ts';

const secret = 'Hunter2-secret';

describe('config errors never echo the MQTT password', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());
  const load = (text: string, env: NodeJS.ProcessEnv = {}) => {
    const path = join(dir.path, 'config.json');
    writeFileSync(path, text);
    return loadConfig(path, env);
  };
  const failure = (text: string, env: NodeJS.ProcessEnv = {}) => {
    const result = load(text, env);
    if (result.ok) throw new Error(`expected ${text} to be refused`);
    return result.error.message;
  };

  it('names the place of a JSON syntax error instead of quoting the text around it', () => {
    // V8 quotes up to ten characters on each side of an unexpected token: here the password.
    const unquoted = failure(`{\n  "busId": "bus-a",\n  "mqtt": { "password": ${secret} }\n}`);
    expect(unquoted).toContain('is not valid JSON: Unexpected character at line 3, column 25');
    const missingComma = failure(`{"mqtt": {"password": "${secret}" "username": "bus-a"}}`);
    expect(missingComma).toMatch(/Expected ',' or '}' after property value at line 1, column \d+/);
    const unterminated = failure(`{"mqtt": {"username": "bus-a", "password": "${secret}}`);
    expect(unterminated).toMatch(/Unterminated string at line 1/);
    const short = failure(`{"p":${secret}}`);
    expect(short).toContain('not valid JSON');
    for (const message of [unquoted, missingComma, unterminated, short]) expect(message).not.toContain(secret.slice(0, 6));
  });

  it('names the key of an invalid URL or password, not its value', () => {
    const url = failure(JSON.stringify({ mqtt: { url: `mqtts://bus-a:${secret}@ bad host:8883` } }));
    expect(url).toMatch(/mqtt\.url: Invalid URL/);
    // A URL with credentials in it would be printed whole by whatever names the broker.
    const withCredentials = failure(JSON.stringify({ mqtt: { url: `mqtts://bus-a:${secret}@127.0.0.1:8883` } }));
    expect(withCredentials).toMatch(/mqtt\.url: must not carry a user or password .* set mqtt\.username and mqtt\.password/);
    const fromEnv = failure('{}', { LIANXIN_MQTT_URL: `mqtts://bus-a:${secret}@127.0.0.1:8883` });
    expect(fromEnv).toMatch(/mqtt\.url: must not carry a user or password/);
    const password = failure(JSON.stringify({ mqtt: { password: [secret] } }));
    expect(password).toMatch(/mqtt\.password: .*expected string/);
    const misspelt = failure(JSON.stringify({ mqtt: { passwort: secret } }));
    expect(misspelt).toContain('unknown key "mqtt.passwort"');
    for (const message of [url, withCredentials, fromEnv, password, misspelt]) expect(message).not.toContain(secret);
  });

  it('keeps a numeric password from the environment as text, and ports as numbers', () => {
    const result = load('{}', { LIANXIN_MQTT_PASSWORD: '123456', LIANXIN_MQTT_USERNAME: '42', LIANXIN_HTTP_PORT: '9100' });
    expect(result.ok && result.value.mqtt).toMatchObject({ password: '123456', username: '42' });
    expect(result.ok && result.value.http.port).toBe(9100);
  });

  it('resolves relative certificate paths against the config file like its other paths', () => {
    const result = load(JSON.stringify({ mqtt: { url: 'mqtts://127.0.0.1:8883', ca: 'certs/ca.crt', cert: '/etc/lianxin/bus.crt', key: 'bus.key' } }));
    expect(result.ok && result.value.mqtt).toMatchObject({
      ca: join(dir.path, 'certs/ca.crt'),
      cert: '/etc/lianxin/bus.crt',
      key: join(dir.path, 'bus.key'),
    });
  });
});
