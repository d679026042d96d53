import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Emitter } from '../../src/core/emitter.ts';
import { err, ok, type Result } from '../../src/core/result.ts';
import { printoutBytes } from './ticket-layout.ts';
import { isCommentSlip, type PrintError, type PrinterStatus, type Printout, type TicketPrinter } from './types.ts';

/**
 * A USB or parallel thermal printer as the kernel exposes it (usblp: /dev/usb/lp0): the ESC/POS
 * bytes are written to the device file. A missing or unplugged printer is a failed print, not a crash.
 */
export class DevicePrinter implements TicketPrinter {
  private printed = 0;
  private lastError: string | null = null;
  private readonly statuses = new PrinterStatusFeed();

  constructor(private readonly path: string) {}

  async print(printout: Printout): Promise<Result<void, PrintError>> {
    try {
      await appendFile(this.path, printoutBytes(printout));
      this.printed++;
      this.lastError = null;
      this.statuses.report(this.status());
      return ok(undefined);
    } catch (error) {
      this.lastError = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      this.statuses.report(this.status());
      return err('printer-failed', `ticket printer ${this.path}: ${this.lastError}`);
    }
  }

  status(): PrinterStatus {
    return { state: this.lastError ? 'failed' : 'ready', device: this.path, printed: this.printed, lastError: this.lastError };
  }

  onStatus(listener: (status: PrinterStatus) => void): () => void {
    return this.statuses.on(listener);
  }
}

/** The demo's printer: each ticket's exact bytes go to `<dir>/<day>-<number>.escpos` (unique: numbers never repeat within a day), to inspect or `cat` to a real printer. */
export class SimulatedPrinter implements TicketPrinter {
  private printed = 0;
  private lastError: string | null = null;
  private readonly statuses = new PrinterStatusFeed();

  constructor(private readonly dir: string) {}

  async print(printout: Printout): Promise<Result<void, PrintError>> {
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(join(this.dir, fileName(printout)), printoutBytes(printout));
      this.printed++;
      this.lastError = null;
      this.statuses.report(this.status());
      return ok(undefined);
    } catch (error) {
      this.lastError = (error as Error).message;
      this.statuses.report(this.status());
      return err('printer-failed', `simulated printer: ${this.lastError}`);
    }
  }

  status(): PrinterStatus {
    return { state: this.lastError ? 'failed' : 'ready', device: this.dir, printed: this.printed, lastError: this.lastError };
  }

  onStatus(listener: (status: PrinterStatus) => void): () => void {
    return this.statuses.on(listener);
  }
}

/** `<day>-<number>[-case-<ref>].escpos` for a ticket, `<day>-comment-<ref>.escpos` for a comment's slip: unique within a day. */
function fileName(printout: Printout): string {
  if (isCommentSlip(printout)) return `${printout.sentAtLocal.slice(0, 10)}-comment-${printout.reference}.escpos`;
  return `${printout.takenAtLocal.slice(0, 10)}-${printout.number}${printout.caseReference ? `-case-${printout.caseReference}` : ''}.escpos`;
}

/** Configured off: the number is only shown on screen. */
export const noPrinter: TicketPrinter = {
  async print() {
    return err('printer-disabled', 'no ticket printer is configured');
  },
  status: () => ({ state: 'disabled', device: null, printed: 0, lastError: null }),
  onStatus: () => () => undefined,
};

/** Tells the listeners when the printer's state changes (not on every ticket). */
export class PrinterStatusFeed {
  private readonly statuses = new Emitter<PrinterStatus>('printer status');
  private lastState: PrinterStatus['state'] = 'ready';

  on(listener: (status: PrinterStatus) => void): () => void {
    return this.statuses.on(listener);
  }

  report(status: PrinterStatus): void {
    if (status.state === this.lastState) return;
    this.lastState = status.state;
    this.statuses.emit(status);
  }
}
