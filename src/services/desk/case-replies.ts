import type Database from 'better-sqlite3';
import type { Clock } from '../../core/clock.ts';

export const caseStatuses = ['received', 'accepted', 'in-progress', 'answered', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export interface CaseReply {
  status: CaseStatus;
  replyText: string | null;
  version: number;
  updatedAt: string;
}

/** The office's word on handed-over tickets; a reply only replaces an older version. */
export class CaseReplies {
  private readonly select;
  private readonly upsert;

  constructor(
    db: Database.Database,
    private readonly clock: Clock,
  ) {
    this.select = db.prepare(
      'SELECT status, reply_text AS replyText, version, updated_at AS updatedAt FROM desk_case_reply WHERE ticket_id = ?',
    );
    this.upsert = db.prepare(
      `INSERT INTO desk_case_reply (ticket_id, status, reply_text, version, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (ticket_id) DO UPDATE SET status = excluded.status, reply_text = excluded.reply_text,
         version = excluded.version, updated_at = excluded.updated_at
       WHERE excluded.version > desk_case_reply.version`,
    );
  }

  get(ticketId: string): CaseReply | null {
    return (this.select.get(ticketId) as CaseReply | undefined) ?? null;
  }

  /** True when stored; false when the bus already has this version or a newer one. */
  apply(ticketId: string, status: CaseStatus, replyText: string | null, version: number): boolean {
    return this.upsert.run(ticketId, status, replyText, version, this.clock.now().toISOString()).changes > 0;
  }
}
