import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ZodError } from 'zod';
import { shippedAsset } from '../app-root/app-root.ts';
import { err, ok, type Result } from '../core/result.ts';
import { configSchema, type Config } from './schema.ts';

export const demoRoutePath = shippedAsset('routes/hongfu-loop.geojson');

/**
 * Environment variables that may override the file, for a bus image whose config is read-only.
 * Each maps to one key; the value is a string except for the keys in `numericEnvKeys`.
 */
export const envOverrides: Readonly<Record<string, string>> = {
  LIANXIN_BUS_ID: 'busId',
  LIANXIN_DATA_DIR: 'dataDir',
  LIANXIN_ROUTE: 'route',
  LIANXIN_GPS_SOURCE: 'gps.source',
  LIANXIN_GPS_PATH: 'gps.path',
  LIANXIN_GPS_BAUD_RATE: 'gps.baudRate',
  LIANXIN_GPS_HOST: 'gps.host',
  LIANXIN_GPS_PORT: 'gps.port',
  LIANXIN_GPS_SPEED: 'gps.speed',
  LIANXIN_MQTT_URL: 'mqtt.url',
  LIANXIN_MQTT_USERNAME: 'mqtt.username',
  LIANXIN_MQTT_PASSWORD: 'mqtt.password',
  LIANXIN_OFFICE_DATABASE_URL: 'office.database.url',
  LIANXIN_HTTP_HOST: 'http.host',
  LIANXIN_HTTP_PORT: 'http.port',
};

/** Keys whose environment value is read as a number; any other stays text, so a password "123456" is not turned into a number. */
const numericEnvKeys = new Set(['gps.baudRate', 'gps.port', 'gps.speed', 'http.port']);

export type ConfigErrorCode = 'config-missing' | 'config-unreadable' | 'config-syntax' | 'config-invalid';

/** Loads, overrides and validates; never half-applies a broken file. */
export function loadConfig(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Result<Config, ConfigErrorCode> {
  let raw: unknown = {};
  let baseDir = process.cwd();
  if (file !== undefined) {
    const path = resolve(file);
    baseDir = dirname(path);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return err('config-missing', `config file not found: ${path}`);
      return err('config-unreadable', `config file ${path} cannot be read (${code ?? String(error)})`);
    }
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return err('config-syntax', `config file ${path} is not valid JSON: ${jsonSyntaxProblem((error as Error).message, text)}`);
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      return err('config-invalid', `config file ${path}: the top level must be a JSON object`);
    }
  }
  const merged = applyEnv(structuredClone(raw) as Record<string, unknown>, env);
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    return err('config-invalid', `${file ? `config file ${resolve(file)}` : 'config'}:\n${describe(parsed.error)}`);
  }
  return ok(resolvePaths(parsed.data, baseDir));
}

/**
 * V8's JSON.parse message may quote the text around the fault, which can be a password: keep the
 * reason and say where (line, column), never the text itself.
 */
function jsonSyntaxProblem(message: string, text: string): string {
  const located = /^(.*?) in JSON at position (\d+)/.exec(message);
  const quoted = /^Unexpected token .*?, (\.\.\.)?"(.*)"(\.\.\.)? is not valid JSON$/s.exec(message);
  const [reason, position] = located
    ? [located[1]!, Number(located[2])]
    : quoted
      ? // V8 shows 10 characters before the fault when it cuts the excerpt's start.
        ['Unexpected character', quoted[1] ? text.indexOf(quoted[2]!) + 10 : -1]
      : [message.includes('"') || message.includes("'") ? 'Unexpected input' : message, -1];
  if (position < 0) return reason;
  const before = text.slice(0, position).split('\n');
  return `${reason} at line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

function applyEnv(target: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  for (const [name, key] of Object.entries(envOverrides)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const parts = key.split('.');
    let node = target;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (next === undefined || next === null || typeof next !== 'object') node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts.at(-1)!] = numericEnvKeys.has(key) && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return target;
}

function describe(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const at = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
      if (issue.code === 'unrecognized_keys') {
        const prefix = issue.path.length > 0 ? `${issue.path.join('.')}.` : '';
        return `  - unknown key ${issue.keys.map((k) => `"${prefix}${k}"`).join(', ')}`;
      }
      return `  - ${at}: ${issue.message}`;
    })
    .join('\n');
}

function resolvePaths(config: Config, baseDir: string): Config {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const optionalAt = (p: string | undefined) => (p === undefined ? undefined : at(p));
  return {
    ...config,
    dataDir: at(config.dataDir),
    route: config.route === undefined ? demoRoutePath : at(config.route),
    mqtt: { ...config.mqtt, ca: optionalAt(config.mqtt.ca), cert: optionalAt(config.mqtt.cert), key: optionalAt(config.mqtt.key) },
    gps: { ...config.gps, path: config.gps.path && config.gps.source === 'replay' ? at(config.gps.path) : config.gps.path },
    office: { ...config.office, dataDir: at(config.office.dataDir ?? `${config.dataDir}/office`) },
    audio: {
      ...config.audio,
      clipsDir: config.audio.clipsDir === undefined ? shippedAsset('audio') : at(config.audio.clipsDir),
      wavDir: at(config.audio.wavDir ?? `${config.dataDir}/announcements`),
    },
  };
}
