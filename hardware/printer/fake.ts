import { err, ok, type Result } from '../../src/core/result.ts';
import { PrinterStatusFeed } from './file-printers.ts';
import { ticketBytes } from './ticket-layout.ts';
import type { PrintError, PrinterStatus, TicketPrinter, TicketPrintout } from './types.ts';

/** In-memory printer for tests: keeps every ticket and its bytes; `failNext` simulates a paper jam. */
export class FakeTicketPrinter implements TicketPrinter {
  readonly printed: { ticket: TicketPrintout; bytes: Uint8Array }[] = [];
  failNext = false;
  private lastError: string | null = null;
  private readonly statuses = new PrinterStatusFeed();

  async print(ticket: TicketPrintout): Promise<Result<void, PrintError>> {
    if (this.failNext) {
      this.failNext = false;
      this.lastError = 'paper out';
      this.statuses.report(this.status());
      return err('printer-failed', 'ticket printer: paper out');
    }
    this.printed.push({ ticket, bytes: ticketBytes(ticket) });
    this.lastError = null;
    this.statuses.report(this.status());
    return ok(undefined);
  }

  status(): PrinterStatus {
    return { state: this.lastError ? 'failed' : 'ready', device: 'fake', printed: this.printed.length, lastError: this.lastError };
  }

  onStatus(listener: (status: PrinterStatus) => void): () => void {
    return this.statuses.on(listener);
  }
}
