import { statSync } from 'node:fs';
import type { SerialPort, SerialPort as SerialPortClass } from 'serialport';
import { loadSerialPort } from '../serial/serialport.ts';
import { delays } from '../../src/core/delays.ts';
import { CounterLineFeed, LineFedCounter } from './line-feed.ts';

export interface SerialCounterOptions {
  path: string;
  baudRate?: number;
  reopenMinMs?: number;
  reopenMaxMs?: number;
  presenceCheckMs?: number;
}

/**
 * A door counter on a serial port (USB adapter). A USB counter is unplugged and replugged on a
 * bus (vibration, cleaning, a driver pulling the wrong cable): when the port closes or cannot be
 * opened, it is reopened with a doubling backoff until stop(), without restarting the process.
 * A read error normally reports the unplug; in case it does not, the device node is checked
 * periodically to still be the one opened (gone, or a new device under the same name → reopen).
 */
export class SerialCounter extends LineFedCounter {
  private port: SerialPort | null = null;
  private timer: NodeJS.Timeout | null = null;
  private presence: NodeJS.Timeout | null = null;
  private running = false;
  private attempts = 0;
  private everConnected = false;
  private readonly minMs: number;
  private readonly maxMs: number;

  constructor(private readonly options: SerialCounterOptions) {
    super(new CounterLineFeed(options.path));
    this.minMs = options.reopenMinMs ?? delays.counterReopenMinMs;
    this.maxMs = options.reopenMaxMs ?? delays.counterReopenMaxMs;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.open();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopPresenceCheck();
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.feed.setState('stopped');
  }

  private open(): void {
    if (!this.running) return;
    loadSerialPort().then(
      (SerialPort) => this.openWith(SerialPort),
      (error: unknown) => this.scheduleReopen((error as Error).message),
    );
  }

  private openWith(SerialPort: typeof SerialPortClass): void {
    if (!this.running || this.port) return;
    const port = new SerialPort({ path: this.options.path, baudRate: this.options.baudRate ?? 9600, autoOpen: false });
    this.port = port;
    port.on('data', (chunk: Buffer) => this.feed.feed(chunk));
    port.on('error', (error) => this.feed.setState(this.feed.status().state, { lastError: error.message }));
    port.on('close', () => this.lost(port, 'port closed'));
    port.open((error) => {
      if (this.port !== port) return;
      if (error) {
        this.port = null;
        this.scheduleReopen(error.message);
        return;
      }
      this.attempts = 0;
      this.everConnected = true;
      this.feed.setState('connected', { reopenAttempts: 0, lastError: null });
      this.watchPresence(port);
    });
  }

  private watchPresence(port: SerialPort): void {
    const opened = deviceId(this.options.path);
    this.presence = setInterval(() => {
      if (this.port !== port || deviceId(this.options.path) === opened) return;
      // A close that fails still means the device is gone.
      port.close((error) => error && this.lost(port, 'device replaced or removed'));
    }, this.options.presenceCheckMs ?? delays.counterPresenceCheckMs);
  }

  private lost(port: SerialPort, reason: string): void {
    if (this.port !== port) return;
    this.port = null;
    this.stopPresenceCheck();
    this.feed.dropPartialLine();
    this.scheduleReopen(reason);
  }

  private stopPresenceCheck(): void {
    if (this.presence) clearInterval(this.presence);
    this.presence = null;
  }

  private scheduleReopen(reason: string): void {
    if (!this.running) return;
    this.attempts++;
    this.feed.setState(this.everConnected ? 'reconnecting' : 'no-device', {
      reopenAttempts: this.attempts,
      lastError: reason,
    });
    const wait = Math.min(this.maxMs, this.minMs * 2 ** Math.min(this.attempts - 1, 16));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.open();
    }, wait);
  }
}

/** The device behind a path (symlinks followed), or null when there is none. */
function deviceId(path: string): string | null {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}:${stat.rdev}`;
  } catch {
    return null;
  }
}
