/**
 * A receiver on a serial port (USB adapter). `auto` lists the ports and probes each at the usual
 * NMEA rates. A receiver is unplugged and replugged on a bus (vibration, cleaning, a loose cable):
 * when the port closes or cannot be opened it is reopened with a doubling backoff until stop().
 */
import type { SerialPort } from 'serialport';
import { loadSerialPort } from '../../serial/serialport.ts';
import { gpsDelays } from '../delays.ts';
import { FeedSource, SourceFeed } from '../feed.ts';
import { NmeaFramer } from '../framer.ts';
import { SentenceFields } from '../sentence.ts';
import type { GpsClock } from '../types.ts';

export const probeBaudRates = [4800, 9600, 38400, 115200] as const;

export interface SerialGpsOptions {
  /** Device path, or `auto` to find the receiver. */
  path: string;
  baudRate?: number;
  clock: GpsClock;
  staleAfterS?: number;
  acceptMissingChecksum?: boolean;
  reopenMinMs?: number;
  reopenMaxMs?: number;
  probeListenMs?: number;
}

export class SerialGpsSource extends FeedSource {
  private port: SerialPort | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private attempts = 0;

  constructor(private readonly options: SerialGpsOptions) {
    super(new SourceFeed(options));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.feed.startWatchdog();
    void this.open();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.feed.stopWatchdog();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.feed.setDevice(null, false);
  }

  private async open(): Promise<void> {
    if (!this.running) return;
    let target: { path: string; baudRate: number } | null = { path: this.options.path, baudRate: this.options.baudRate ?? 9600 };
    if (this.options.path === 'auto') target = await findReceiver(this.options.probeListenMs ?? gpsDelays.probeListenMs);
    if (!this.running) return;
    if (!target) return this.retry();
    const SerialPort = await loadSerialPort();
    if (!this.running) return;
    const port = new SerialPort({ path: target.path, baudRate: target.baudRate, autoOpen: false });
    port.open((error) => {
      if (!this.running) {
        if (!error) port.close();
        return;
      }
      if (error) return this.retry();
      this.attempts = 0;
      this.port = port;
      this.feed.setDevice(target.path, true);
      port.on('data', (chunk: Buffer) => this.feed.bytes(chunk));
      port.once('close', () => this.lost(port));
      port.once('error', () => this.lost(port));
    });
  }

  private lost(port: SerialPort): void {
    if (this.port !== port) return;
    this.port = null;
    port.removeAllListeners('data');
    if (port.isOpen) port.close();
    this.feed.end();
    this.feed.setDevice(this.options.path, false);
    this.retry();
  }

  private retry(): void {
    if (!this.running) return;
    const min = this.options.reopenMinMs ?? gpsDelays.reopenMinMs;
    const max = this.options.reopenMaxMs ?? gpsDelays.reopenMaxMs;
    const wait = Math.min(max, min * 2 ** this.attempts++);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.open();
    }, wait);
  }
}

/** Lists the serial ports and returns the first one where valid NMEA arrives at a probed rate. */
export async function findReceiver(listenMs: number): Promise<{ path: string; baudRate: number } | null> {
  const SerialPort = await loadSerialPort();
  const ports = await SerialPort.list().catch(() => []);
  for (const { path } of ports) {
    for (const baudRate of probeBaudRates) {
      if (await speaksNmea(path, baudRate, listenMs)) return { path, baudRate };
    }
  }
  return null;
}

/** Opens a port at one rate and listens for two sentences with valid checksums. */
export async function speaksNmea(path: string, baudRate: number, listenMs: number): Promise<boolean> {
  const SerialPort = await loadSerialPort();
  return new Promise((resolve) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    const framer = new NmeaFramer();
    const fields = new SentenceFields();
    let valid = 0;
    let done = false;
    const finish = (result: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (port.isOpen) port.close(() => resolve(result));
      else resolve(result);
    };
    const timer = setTimeout(() => finish(false), listenMs);
    port.open((error) => {
      if (error) return finish(false);
      port.on('data', (chunk: Buffer) =>
        framer.push(chunk, (s) => {
          if (fields.scan(s) === 'ok' && ++valid >= 2) finish(true);
        }),
      );
      port.once('error', () => finish(false));
    });
  });
}
