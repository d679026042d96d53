import { z } from 'zod';
import type { FeedbackService } from '../services/feedback/feedback.ts';
import type { DownlinkDispatcher } from '../sync/downlink.ts';

/** The office's `case` downlink body (src/office/publish.ts CaseUpdateBody), as the bus reads it. */
export const caseUpdateSchema = z.looseObject({
  source: z.enum(['comment', 'ticket']),
  reference: z.string().nullable(),
  ticketId: z.string().nullable().optional(),
  status: z.string(),
  replyText: z.string().nullable(),
  version: z.number().int(),
});

/**
 * The office's decisions on cases handed over from the bus: a reply to a comment or help request
 * is stored where 查进度 reads it. A reply the bus cannot place (unknown reference, bad status)
 * throws, so the dispatcher rolls it back and reports it to the office as rejected.
 */
export function registerCaseUpdates(downlink: DownlinkDispatcher, feedback: FeedbackService): void {
  downlink.registerDownlink('case', caseUpdateSchema, (body) => {
    if (body.source !== 'comment' || body.reference === null) return;
    const applied = feedback.applyReply(body.reference, body.status, body.replyText, body.version);
    if (!applied.ok) throw new Error(applied.error.message);
  });
}
