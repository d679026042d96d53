import { z } from 'zod';
import { caseStatuses } from '../services/desk/case-replies.ts';
import type { DeskService } from '../services/desk/desk-service.ts';
import type { FeedbackService } from '../services/feedback/feedback.ts';
import type { DownlinkDispatcher } from '../sync/downlink.ts';

/** The office's `case` downlink body (src/office/publish.ts CaseUpdateBody), as the bus reads it. */
export const caseUpdateSchema = z.looseObject({
  source: z.enum(['comment', 'ticket']),
  reference: z.string().nullable(),
  ticketId: z.string().nullable().optional(),
  status: z.enum(caseStatuses),
  replyText: z.string().nullable(),
  version: z.number().int(),
});

/**
 * The office's decisions on cases handed over from the bus: a reply to a comment or help request,
 * or the progress of a handed-over ticket, stored where 查进度 reads it. An update the bus cannot
 * place (unknown reference or ticket) throws, so the dispatcher rolls it back and reports it to
 * the office as rejected.
 */
export function registerCaseUpdates(
  downlink: DownlinkDispatcher,
  services: { feedback: FeedbackService; desk?: Pick<DeskService, 'applyCaseReply'> },
): void {
  downlink.registerDownlink('case', caseUpdateSchema, (body) => {
    const applied =
      body.source === 'comment'
        ? body.reference === null
          ? null
          : services.feedback.applyReply(body.reference, body.status, body.replyText, body.version)
        : body.ticketId && services.desk
          ? services.desk.applyCaseReply(body.ticketId, body.status, body.replyText, body.version)
          : null;
    if (applied === null) throw new Error(`case update for a ${body.source} without its reference or ticket id`);
    if (!applied.ok) throw new Error(applied.error.message);
  });
}
