import type { Store } from '../../store/store.ts';
import type { ModerationFindings } from './moderation.ts';

export const replyStatuses = ['received', 'accepted', 'in-progress', 'answered', 'closed'] as const;
export type ReplyStatus = (typeof replyStatuses)[number];

export interface CommentRow {
  id: string;
  reference: string;
  at: string;
  day: string;
  category: string;
  phrases: string[];
  /** Masked text: what leaves the bus and what screens show. */
  text: string;
  /** As typed; only with the resident's consent, never synced. */
  textOriginal: string | null;
  findings: ModerationFindings;
  contact: string | null;
  ticketId: string | null;
  meetingDay: string | null;
  status: ReplyStatus;
  replyText: string | null;
  replyVersion: number;
  repliedAt: string | null;
}

interface RawComment {
  id: string;
  reference: string;
  at: string;
  local_day: string;
  category: string;
  phrases: string;
  text: string;
  text_original: string | null;
  findings: string;
  contact: string | null;
  ticket_id: string | null;
  meeting_day: string | null;
  status: ReplyStatus;
  reply_text: string | null;
  reply_version: number;
  replied_at: string | null;
}

export interface RatingRow {
  id: string;
  ticketId: string;
  at: string;
  level: string;
  reasons: string[];
  followUp: boolean;
}

/** Comment and rating tables (migration 4); writes join the caller's transaction. */
export class FeedbackStore {
  constructor(private readonly store: Store) {}

  referenceTaken(reference: string): boolean {
    return this.store.db.prepare('SELECT 1 FROM feedback_comment WHERE reference = ?').get(reference) !== undefined;
  }

  insertComment(row: CommentRow): void {
    this.store.db
      .prepare(
        `INSERT INTO feedback_comment (id, reference, at, local_day, category, phrases, text, text_original, findings,
           contact, ticket_id, meeting_day, status, reply_text, reply_version, replied_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        row.id, row.reference, row.at, row.day, row.category, JSON.stringify(row.phrases), row.text, row.textOriginal,
        JSON.stringify(row.findings), row.contact, row.ticketId, row.meetingDay, row.status, row.replyText,
        row.replyVersion, row.repliedAt,
      );
  }

  comment(reference: string): CommentRow | undefined {
    const raw = this.store.db.prepare('SELECT * FROM feedback_comment WHERE reference = ?').get(reference) as RawComment | undefined;
    return raw && toComment(raw);
  }

  setReply(reference: string, status: ReplyStatus, replyText: string | null, version: number, at: string): void {
    this.store.db
      .prepare('UPDATE feedback_comment SET status = ?, reply_text = ?, reply_version = ?, replied_at = ? WHERE reference = ?')
      .run(status, replyText, version, at, reference);
  }

  commentCount(): number {
    return this.store.db.prepare('SELECT count(*) FROM feedback_comment').pluck().get() as number;
  }

  rating(ticketId: string): RatingRow | undefined {
    const raw = this.store.db.prepare('SELECT * FROM service_rating WHERE ticket_id = ?').get(ticketId) as
      | { id: string; ticket_id: string; at: string; level: string; reasons: string; follow_up: number }
      | undefined;
    return (
      raw && { id: raw.id, ticketId: raw.ticket_id, at: raw.at, level: raw.level, reasons: JSON.parse(raw.reasons) as string[], followUp: raw.follow_up === 1 }
    );
  }

  insertRating(row: RatingRow): void {
    this.store.db
      .prepare('INSERT INTO service_rating (id, ticket_id, at, level, reasons, follow_up) VALUES (?, ?, ?, ?, ?, ?)')
      .run(row.id, row.ticketId, row.at, row.level, JSON.stringify(row.reasons), row.followUp ? 1 : 0);
  }
}

function toComment(raw: RawComment): CommentRow {
  return {
    id: raw.id,
    reference: raw.reference,
    at: raw.at,
    day: raw.local_day,
    category: raw.category,
    phrases: JSON.parse(raw.phrases) as string[],
    text: raw.text,
    textOriginal: raw.text_original,
    findings: JSON.parse(raw.findings) as ModerationFindings,
    contact: raw.contact,
    ticketId: raw.ticket_id,
    meetingDay: raw.meeting_day,
    status: raw.status,
    replyText: raw.reply_text,
    replyVersion: raw.reply_version,
    repliedAt: raw.replied_at,
  };
}
