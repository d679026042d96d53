import type { Result } from '../core/result.ts';
import type { OfficeReceiver } from './receiver.ts';

/** Where a downlink goes: one bus, or every bus (`fleet`). */
export type DownlinkTarget = { busId: string } | 'fleet';

/** The downlink kind carrying case status and replies to what residents raised on a bus. */
export const caseKind = 'case';

/**
 * The body of a `case` downlink: the office's status and reply for what a resident raised on a
 * bus, keyed by the reference code the resident holds (comments) or the ticket id (hand-overs).
 * `version` only moves forward, so a late or replayed update never undoes a newer one.
 */
export interface CaseUpdateBody {
  source: 'comment' | 'ticket';
  reference: string | null;
  ticketId: string | null;
  status: 'accepted' | 'in-progress' | 'answered' | 'closed';
  replyText: string | null;
  version: number;
}

/** What the office's actions need from the downlink, whichever connection carries it. */
export interface OfficeDownlink {
  publishCaseUpdate(busId: string, body: CaseUpdateBody): Promise<Result<unknown, string>>;
  publishContent(target: DownlinkTarget, kind: string, version: number, body: unknown): Promise<Result<unknown, string>>;
}

/**
 * The downlink over the receiver's own broker connection: case updates QoS 1 and not retained
 * (the bus's persistent session keeps them), content retained so a bus back later gets the newest.
 */
export function receiverDownlink(receiver: OfficeReceiver): OfficeDownlink {
  return {
    publishCaseUpdate: (busId, body) => receiver.publishCaseUpdate(busId, caseKind, body),
    publishContent: (target, kind, version, body) => receiver.publishContent(target === 'fleet' ? 'fleet' : target.busId, kind, version, body),
  };
}
