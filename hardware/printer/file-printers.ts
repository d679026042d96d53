import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

  constructor(private readonly path: string) {}

  async print(printout: Printout): Promise<Result<void, PrintError>> {
    try {
      await appendFile(this.path, printoutBytes(printout));
      this.printed++;
      this.lastError = null;
      return ok(undefined);
    } catch (error) {
      this.lastError = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return err('printer-failed', `ticket printer ${this.path}: ${this.lastError}`);
    }
  }

  status(): PrinterStatus {
    return { state: this.lastError ? 'failed' : 'ready', device: this.path, printed: this.printed, lastError: this.lastError };
  }
}

/** The demo's printer: each ticket's exact bytes go to `<dir>/<day>-<number>.escpos` (unique: numbers never repeat within a day), to inspect or `cat` to a real printer. */
export class SimulatedPrinter implements TicketPrinter {
  private printed = 0;
  private lastError: string | null = null;

  constructor(private readonly dir: string) {}

  async print(printout: Printout): Promise<Result<void, PrintError>> {
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(join(this.dir, fileName(printout)), printoutBytes(printout));
      this.printed++;
      this.lastError = null;
      return ok(undefined);
    } catch (error) {
      this.lastError = (error as Error).message;
      return err('printer-failed', `simulated printer: ${this.lastError}`);
    }
  }

  status(): PrinterStatus {
    return { state: this.lastError ? 'failed' : 'ready', device: this.dir, printed: this.printed, lastError: this.lastError };
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
};
