import type { Result } from '../../src/core/result.ts';

/**
 * The queue-ticket printer (58 mm thermal, ESC/POS). The device printer, the simulator and the
 * in-memory fake implement TicketPrinter; the bytes come from ticket-layout.ts for all three.
 */
export interface Bilingual {
  zh: string;
  en: string;
}

/** What a ticket shows; the desk fills it from the ticket it just committed. */
export interface TicketPrintout {
  number: string;
  item: Bilingual;
  priority: boolean;
  peopleAhead: number;
  estimatedWaitMinutes: number;
  documents: Bilingual[];
  /** Local (China) time as printed, "YYYY-MM-DD HH:MM". */
  takenAtLocal: string;
  /** The ticket's secret, printed as a short code: cancelling and rating ask for it. */
  secret?: string;
  /** Printed as a QR code too when the printer is configured to print one. */
  qr?: string;
  /** A hand-over slip: the case's lasting reference for 查进度 and the day it is due. */
  caseReference?: string | null;
  dueDay?: string | null;
}

/**
 * A comment's slip: the 查询码 a resident types under 查进度 to read the office's reply, so it
 * leaves the bus on paper rather than only on the screen.
 */
export interface CommentSlip {
  kind: 'comment';
  reference: string;
  category: Bilingual;
  /** For 议题: the residents' meeting day, "YYYY-MM-DD". */
  meetingDay: string | null;
  /** Local (China) time as printed, "YYYY-MM-DD HH:MM". */
  sentAtLocal: string;
}

/** Everything the ticket printer prints: a queue ticket (or hand-over slip), or a comment's slip. */
export type Printout = TicketPrintout | CommentSlip;

export const isCommentSlip = (p: Printout): p is CommentSlip => 'kind' in p && p.kind === 'comment';

export type PrinterState = 'ready' | 'failed' | 'disabled';

export interface PrinterStatus {
  state: PrinterState;
  /** Device path, simulator folder, or "fake". */
  device: string | null;
  printed: number;
  lastError: string | null;
}

export type PrintError = 'printer-failed' | 'printer-disabled';

export interface TicketPrinter {
  /** Resolves once the bytes were handed to the device (the paper may still be moving). */
  print(printout: Printout): Promise<Result<void, PrintError>>;
  status(): PrinterStatus;
}
