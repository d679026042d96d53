import type { IClientOptions, MqttClient, connect as mqttConnect } from 'mqtt';
import { loadMqttConnect } from './mqtt-module.ts';

export interface Backoff {
  minMs: number;
  maxMs: number;
}

export interface ConnectionHandlers {
  /** A fresh client just connected (subscribe, publish status, start draining). */
  onConnect(client: MqttClient): void;
  /** The connection is gone; a new attempt is scheduled. */
  onClose(reason: string | null): void;
  /** Before connecting: lets the owner install `handleMessage` on the new client. */
  prepare?(client: MqttClient): void;
}

/** Full-range jitter over an exponentially growing ceiling: buses cut by the same tunnel do not return in step. */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.minMs * 2 ** Math.min(attempt, 30));
  return Math.round(backoff.minMs / 2 + random() * (ceiling - backoff.minMs / 2));
}

/**
 * One MQTT connection kept alive by us rather than by mqtt.js's fixed reconnectPeriod: every
 * attempt is a fresh client (no in-memory queue carried over — our outbox is the queue), spaced by
 * exponential backoff with jitter, reset once a CONNACK arrives.
 */
export class ManagedConnection {
  private client: MqttClient | null = null;
  private retry: NodeJS.Timeout | null = null;
  private attempt = 0;
  private stopped = true;

  constructor(
    private readonly url: string,
    private readonly options: () => IClientOptions,
    private readonly backoff: Backoff,
    private readonly handlers: ConnectionHandlers,
  ) {}

  get current(): MqttClient | null {
    return this.client?.connected ? this.client : null;
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  /** Ends the connection; `farewell` runs first while still connected (e.g. a clean "offline"). */
  async stop(farewell?: (client: MqttClient) => Promise<unknown>): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (client.connected && farewell) await farewell(client).catch(() => undefined);
    await client.endAsync(!client.connected);
  }

  private open(): void {
    loadMqttConnect().then(
      (connect) => {
        if (!this.stopped && !this.client) this.connectWith(connect);
      },
      (error: unknown) => {
        this.handlers.onClose(`mqtt.js: ${(error as Error).message}`);
        this.scheduleRetry();
      },
    );
  }

  private connectWith(connect: typeof mqttConnect): void {
    let client: MqttClient;
    try {
      client = connect(this.url, { ...this.options(), reconnectPeriod: 0 });
    } catch (error) {
      // A certificate file missing or unusable: a failed attempt with the reason as the error, tried
      // again later (the file may yet be installed), never an exception escaping a retry timer.
      this.handlers.onClose((error as Error).message);
      this.scheduleRetry();
      return;
    }
    this.client = client;
    this.handlers.prepare?.(client);
    let lastError: string | null = null;
    let closed = false;
    client.on('connect', () => {
      this.attempt = 0;
      this.handlers.onConnect(client);
    });
    client.on('error', (error) => {
      lastError = error.message;
    });
    client.on('close', () => {
      if (closed) return;
      closed = true;
      const current = this.client === client && !this.stopped;
      if (current) {
        this.client = null;
        this.handlers.onClose(lastError);
      }
      // Drop the dead client's pending callbacks: its publishes are the outbox's to resend.
      client.end(true);
      if (current) this.scheduleRetry();
    });
  }

  private scheduleRetry(): void {
    const wait = backoffDelay(this.attempt++, this.backoff);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.stopped) this.open();
    }, wait);
  }
}
