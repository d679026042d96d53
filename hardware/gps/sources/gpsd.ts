/**
 * A gpsd client: TCP (default port 2947), `?WATCH={"enable":true,"json":true}`, one JSON object per
 * line; TPV objects are already fixes with the same field names. Reconnects with backoff.
 */
import { Socket } from 'node:net';
import { gpsDelays } from '../delays.ts';
import { FeedSource, SourceFeed } from '../feed.ts';
import type { Fix, GpsClock } from '../types.ts';

export interface GpsdOptions {
  host?: string;
  port?: number;
  clock: GpsClock;
  staleAfterS?: number;
  reopenMinMs?: number;
  reopenMaxMs?: number;
}

/** Longest JSON line we hold (gpsd SKY objects with many satellites run to a few kB). */
const MAX_LINE = 65_536;

export class GpsdSource extends FeedSource {
  private socket: Socket | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private attempts = 0;
  private pending = '';
  private readonly address: string;

  constructor(private readonly options: GpsdOptions) {
    super(new SourceFeed(options));
    this.address = `${options.host ?? '127.0.0.1'}:${options.port ?? 2947}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.feed.startWatchdog();
    this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.feed.stopWatchdog();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      });
    }
    this.feed.setDevice(null, false);
  }

  private connect(): void {
    if (!this.running) return;
    const socket = new Socket();
    this.socket = socket;
    this.pending = '';
    socket.setEncoding('utf8');
    socket.once('connect', () => {
      this.attempts = 0;
      this.feed.setDevice(`gpsd://${this.address}`, true);
      socket.write('?WATCH={"enable":true,"json":true}\n');
    });
    socket.on('data', (text: string) => this.data(text));
    socket.once('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.feed.setDevice(`gpsd://${this.address}`, false);
      this.retry();
    });
    socket.on('error', () => socket.destroy());
    socket.connect(this.options.port ?? 2947, this.options.host ?? '127.0.0.1');
  }

  private data(text: string): void {
    this.pending += text;
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, newline).trim();
      this.pending = this.pending.slice(newline + 1);
      if (line) this.object(line);
    }
    if (this.pending.length > MAX_LINE) this.pending = '';
  }

  private object(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return; // a torn or foreign line: gpsd will send the next report
    }
    const fix = tpvToFix(value);
    if (fix) this.feed.fix(fix);
  }

  private retry(): void {
    if (!this.running) return;
    const min = this.options.reopenMinMs ?? gpsDelays.reopenMinMs;
    const max = this.options.reopenMaxMs ?? gpsDelays.reopenMaxMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, Math.min(max, min * 2 ** this.attempts++));
  }
}

const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A gpsd TPV object → Fix; null for other classes and malformed objects. */
export function tpvToFix(value: unknown): Fix | null {
  if (!value || typeof value !== 'object') return null;
  const o = value as Record<string, unknown>;
  if (o.class !== 'TPV') return null;
  const rawMode = finite(o.mode) ?? 1;
  const lat = finite(o.lat);
  const lon = finite(o.lon);
  const mode: 1 | 2 | 3 = rawMode >= 3 ? 3 : rawMode === 2 ? 2 : 1;
  const positioned = mode >= 2 && lat !== undefined && lon !== undefined;
  const fix: Fix = {
    time: typeof o.time === 'string' && !Number.isNaN(Date.parse(o.time)) ? new Date(o.time).toISOString() : null,
    mode: positioned ? mode : 1,
    lat: positioned ? lat : NaN,
    lon: positioned ? lon : NaN,
  };
  const optional = { status: finite(o.status), altMSL: finite(o.altMSL ?? o.alt), speed: finite(o.speed), track: finite(o.track) };
  for (const [key, v] of Object.entries(optional)) if (v !== undefined && positioned) (fix as unknown as Record<string, number>)[key] = v;
  return fix;
}
