import { err, ok, type Result } from '../../src/core/result.ts';
import { commentSlipBytes, ticketBytes } from './ticket-layout.ts';
import { isCommentSlip, type CommentSlip, type PrintError, type PrinterStatus, type Printout, type TicketPrinter, type TicketPrintout } from './types.ts';

/** In-memory printer for tests: keeps every ticket and its bytes; `failNext` simulates a paper jam. */
export class FakeTicketPrinter implements TicketPrinter {
  readonly printed: { ticket: TicketPrintout; bytes: Uint8Array }[] = [];
  readonly slips: { slip: CommentSlip; bytes: Uint8Array }[] = [];
  failNext = false;
  private lastError: string | null = null;

  async print(printout: Printout): Promise<Result<void, PrintError>> {
    if (this.failNext) {
      this.failNext = false;
      this.lastError = 'paper out';
      return err('printer-failed', 'ticket printer: paper out');
    }
    if (isCommentSlip(printout)) this.slips.push({ slip: printout, bytes: commentSlipBytes(printout) });
    else this.printed.push({ ticket: printout, bytes: ticketBytes(printout) });
    this.lastError = null;
    return ok(undefined);
  }

  status(): PrinterStatus {
    return { state: this.lastError ? 'failed' : 'ready', device: 'fake', printed: this.printed.length + this.slips.length, lastError: this.lastError };
  }
}
