import { z } from 'zod';
import { isLoopbackHost } from '../core/loopback.ts';

/** Where a relative path in the config is resolved: the config file's folder, or the cwd. */
const gpsSchema = z.strictObject({
  source: z.enum(['simulator', 'serial', 'gpsd', 'replay']).default('simulator'),
  /** Serial device (e.g. /dev/ttyUSB0), or "auto" to probe the ports; replay: the NMEA file. */
  path: z.string().min(1).optional(),
  baudRate: z.number().int().positive().default(9600),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(1).max(65535).default(2947),
  /** Simulator and paced replay: 1 = real time, 10 = ten times faster. */
  speed: z.number().positive().max(1000).default(1),
  /** Simulator: position noise in metres (one sigma). */
  noiseMetres: z.number().min(0).max(200).default(3),
  /** Seconds without a sentence before the feed counts as stale. */
  staleAfterS: z.number().positive().default(5),
});

const mqttSchema = z.strictObject({
  /**
   * Unset: the demo embeds a broker; `run` then works offline and keeps everything in the outbox.
   * mqtts:// for TLS. No user or password in it: URLs get printed, credentials go in username/password.
   */
  url: z
    .string()
    .url()
    .refine((url) => !URL.canParse(url) || (new URL(url).username === '' && new URL(url).password === ''), {
      message: 'must not carry a user or password (they would be printed with it): set mqtt.username and mqtt.password',
    })
    .optional(),
  /** 5 in the field (reason codes, session expiry); 4 only for brokers without MQTT 5, such as the demo's embedded one. */
  protocolVersion: z.union([z.literal(4), z.literal(5)]).default(5),
  username: z.string().optional(),
  password: z.string().optional(),
  /** PEM files (relative to the config file): the CA that signed the broker's certificate, and the client's own certificate and key (CN = busId when the broker takes the username from it). */
  ca: z.string().optional(),
  cert: z.string().optional(),
  key: z.string().optional(),
});

const syncSchema = z.strictObject({
  /** Publishes waiting for their PUBACK at once. */
  window: z.number().int().min(1).max(1000).default(64),
  /** Rows published but not yet acknowledged end to end by the office; bounds the broker's queue for the office. */
  maxUnacked: z.number().int().min(1).max(100_000).default(5000),
  /** Seconds before a published row the office has not acknowledged is sent again. */
  resendAfterS: z.number().positive().default(30),
  /** Outbox storage bound (docs/protocol.md §Storage): above it positions are thinned, nothing else is dropped. */
  maxOutboxBytes: z.number().int().positive().default(64 * 1024 * 1024),
  /** Positions older than this are thinned even under the byte bound. */
  maxPositionAgeDays: z.number().positive().default(7),
});

const counterSchema = z.strictObject({
  /** none: the driver's tally buttons only; simulator: the demo; serial: a door passenger counter. */
  source: z.enum(['none', 'simulator', 'serial']).default('none'),
  /** Serial device of the counter, e.g. /dev/ttyUSB1. */
  path: z.string().min(1).optional(),
  baudRate: z.number().int().positive().default(9600),
  /** Seats and standing room, shown beside the occupancy. */
  capacity: z.number().int().positive().max(200).default(40),
}).refine((c) => c.source !== 'serial' || c.path !== undefined, {
  message: 'counter.path is required when counter.source is "serial"',
  path: ['path'],
});

const httpSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    /** 0 picks a free port (tests). */
    port: z.number().int().min(0).max(65535).default(8080),
    /** Host header names accepted besides loopback and `host` (the name browsers use for a remote bind). */
    hostNames: z.array(z.string().min(1).max(253)).max(20).default([]),
    /** A bind outside loopback serves the network: it must be asked for, and is warned about at start. */
    allowRemote: z.boolean().default(false),
  })
  .refine((h) => isLoopbackHost(h.host) || h.allowRemote, {
    message: 'is not a loopback address: set allowRemote: true beside it to serve the network',
    path: ['host'],
  });
const httpDefaults = { hostNames: [], allowRemote: false };

const officeUserSchema = z.strictObject({
  username: z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/),
  displayName: z.string().min(1).max(40).optional(),
  /** Hashed (scrypt) into the office database at start; only added if the user does not exist. */
  password: z.string().min(10),
  /** May see residents' personal data unmasked on request (audited). */
  canUnmask: z.boolean().default(false),
});

/**
 * The basemap under the office's map. Unset: the route on a plain background (works offline).
 * The office fetches the tiles for its pages (/tiles/z/x/y), so the pages stay same-origin.
 */
const officeMapSchema = z.strictObject({
  /** XYZ tile URL with {z}, {x}, {y} (and {s} when subdomains are given), http or https. */
  tiles: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'an http:// or https:// URL template')
    .refine((t) => ['{z}', '{x}', '{y}'].every((k) => t.includes(k)), 'the template needs {z}, {x} and {y}'),
  subdomains: z.array(z.string().regex(/^[A-Za-z0-9-]{1,16}$/)).max(8).optional(),
  /** wgs84 for OpenStreetMap-like sources; gcj02 for 高德/腾讯 (our WGS-84 positions are shifted onto them). */
  datum: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  /** Shown on the map, as the tile source requires. */
  attribution: z.string().min(1).max(200),
  maxZoom: z.number().int().min(1).max(22).default(18),
});

const officeSchema = z.strictObject({
  dataDir: z.string().min(1).optional(),
  http: httpSchema.default({ host: '127.0.0.1', port: 8090, ...httpDefaults }),
  /** Office staff seeded at start (also: `lianxin office user add`). */
  users: z.array(officeUserSchema).default([]),
  /** Adds `Secure` to the session cookie: set when the dashboard is served behind TLS. */
  secureCookie: z.boolean().default(false),
  /**
   * Reverse proxies in front of the dashboard (their addresses as they connect): only from these is
   * X-Forwarded-For believed, so login throttling counts each client, not the proxy.
   */
  trustedProxies: z.array(z.union([z.ipv4(), z.ipv6()])).max(10).default([]),
  map: officeMapSchema.optional(),
  /**
   * Where the ledger of received events lives. Unset: office.db under dataDir. A postgres:// URL:
   * a PostgreSQL database shared by several receivers (docs/office.md §PostgreSQL).
   */
  /** This receiver in the broker: its MQTT client id (unique per office machine) and its lanes. */
  receiver: z
    .strictObject({
      clientId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).default('lianxin-office'),
      /** Connections in the shared uplink subscription; each lets the broker keep 1000 messages in flight. */
      lanes: z.number().int().min(1).max(16).default(2),
    })
    .default({ clientId: 'lianxin-office', lanes: 2 }),
  database: z
    .strictObject({
      url: z
        .string()
        .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'a postgres:// or postgresql:// URL')
        .optional(),
    })
    .default({}),
});

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time "HH:MM"');

const audioSchema = z.strictObject({
  /** auto: a speaker when this machine has one, else the simulator; wav: one file per announcement. */
  output: z.enum(['auto', 'speaker', 'wav', 'simulator']).default('auto'),
  /** Recorded clips (layout in docs/announcements.md); unset: assets/audio. */
  clipsDir: z.string().min(1).optional(),
  /** WAV mode: where the files go; unset: <dataDir>/announcements. */
  wavDir: z.string().min(1).optional(),
  /** Local (Beijing) time range with the quieter volume; it may run over midnight. */
  quietHours: z.strictObject({ from: clockTime, to: clockTime }).default({ from: '21:00', to: '07:00' }),
  volume: z
    .strictObject({ normal: z.number().min(0).max(1).default(0.9), quiet: z.number().min(0).max(1).default(0.5) })
    .default({ normal: 0.9, quiet: 0.5 }),
  /** espeak-ng speaking rate for texts without a clip. */
  wordsPerMinute: z.number().int().min(80).max(400).default(150),
});

const localDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day "YYYY-MM-DD"');

const deskSchema = z.strictObject({
  /** Counters staffed on a service day; the wait estimate shares the work over them. */
  counters: z.number().int().min(1).max(10).default(2),
  /** Fairness (docs/service-desk.md): priority calls in a row while a regular ticket waits. */
  maxPriorityInARow: z.number().int().min(1).max(10).default(2),
  /** The staff console locks itself after this many minutes without a staff action. */
  idleLockMinutes: z.number().positive().max(120).default(5),
  /** Personal fields of a closed ticket are cleared this many days after closing, once the office has it. */
  retentionDays: z.number().int().min(1).max(3650).default(30),
  /** Office calendar for hand-over due dates: public holidays, and weekend days worked instead (调休). */
  holidays: z.array(localDay).default([]),
  makeUpWorkdays: z.array(localDay).default([]),
  /** Staff who may use the console; pinHash from `lianxin desk-pin` (scrypt), never the PIN itself. */
  staff: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
        name: z.string().min(1).max(40),
        pinHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'a hash printed by `lianxin desk-pin`'),
      }),
    )
    .default([]),
  /**
   * Ticket printer: a device file (/dev/usb/lp0), the simulator (files under <dataDir>/printer), or none.
   * `qr`: the printer understands ESC/POS QR codes (GS ( k), so the ticket's secret is printed as one too.
   */
  printer: z
    .strictObject({ kind: z.enum(['device', 'simulator', 'none']).default('simulator'), path: z.string().min(1).optional(), qr: z.boolean().default(false) })
    .default({ kind: 'simulator', qr: false }),
});

const predictionSchema = z.strictObject({
  /** The arrival model's prior before the line has any history: the loop at this speed, lights included... */
  typicalSpeedKmh: z.number().min(5).max(60).default(20),
  /** ...and this long at each fixed stop. Day types come from desk.holidays and desk.makeUpWorkdays. */
  priorDwellS: z.number().min(0).max(600).default(30),
});

export const configSchema = z.strictObject({
  busId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, "-" or "_", at most 32 (it becomes an MQTT topic level)')
    .default('demo-bus-01'),
  dataDir: z.string().min(1).default('data'),
  /** Route GeoJSON; unset: the demo loop shipped in assets/routes. */
  route: z.string().min(1).optional(),
  gps: gpsSchema.default(gpsSchema.parse({})),
  mqtt: mqttSchema.default(mqttSchema.parse({})),
  sync: syncSchema.default(syncSchema.parse({})),
  counter: counterSchema.default(counterSchema.parse({})),
  http: httpSchema.default({ host: '127.0.0.1', port: 8080, ...httpDefaults }),
  office: officeSchema.default(officeSchema.parse({})),
  desk: deskSchema.default(deskSchema.parse({})),
  audio: audioSchema.default(audioSchema.parse({})),
  prediction: predictionSchema.default(predictionSchema.parse({})),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
