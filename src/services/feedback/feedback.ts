import type { Clock } from '../../core/clock.ts';
import { Emitter } from '../../core/emitter.ts';
import { uuidv7 } from '../../core/ids.ts';
import { localDayHour } from '../../core/local-time.ts';
import { maskContact } from '../../core/privacy.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { outboxPriority } from '../../store/outbox.ts';
import type { Store } from '../../store/store.ts';
import { findCategory, meetingDayFor, type CategoryId } from './categories.ts';
import { FeedbackStore, replyStatuses, type CommentRow, type ReplyStatus } from './feedback-store.ts';
import type { Moderator } from './moderation.ts';
import { canonicalReference, uniqueReference } from './reference.ts';
import { cleanText, limitText } from './text.ts';

export const feedbackLimits = { maxTextCodePoints: 500, maxContactCodePoints: 40, maxPhrases: 8 } as const;

export interface CommentInput {
  category: CategoryId;
  phraseIds?: readonly string[];
  text?: string;
  /** A phone number or other way to reach the resident, for the office's reply. */
  contact?: string;
  /** The resident agreed that the unmasked text stays on this bus (it never leaves it). */
  keepOriginal?: boolean;
  /** The service visit (desk ticket) this comment is about. */
  ticketId?: string;
}

export type SubmitError = 'unknown-category' | 'unknown-phrase' | 'empty' | 'too-long' | 'contact-too-long';

export interface SubmittedComment {
  reference: string;
  category: CategoryId;
  /** The text as stored for sync: profanity starred, personal numbers masked. */
  text: string;
  /** True when the resident's text was changed by masking; the screen can say so. */
  masked: boolean;
  contactMasked: string | null;
  /** For 议题: the residents' meeting it goes to. */
  meetingDay: string | null;
}

/** What 查进度 shows for a reference code: nothing personal beyond the resident's own masked text. */
export interface CommentProgress {
  reference: string;
  category: string;
  submittedAt: string;
  phraseIds: string[];
  text: string;
  meetingDay: string | null;
  status: ReplyStatus;
  replyText: string | null;
  repliedAt: string | null;
}

export type ApplyReplyError = 'unknown-reference' | 'invalid-status';

export interface FeedbackOptions {
  store: Store;
  clock: Clock;
  moderator: Moderator;
  utcOffsetMinutes?: number;
}

/** Residents' comments: validated, moderated at the edge, stored with their outbox row, answered later. */
export class FeedbackService {
  /** An office reply was applied; screens showing that reference refresh. */
  readonly onReply = new Emitter<{ reference: string; status: ReplyStatus }>();
  private readonly rows: FeedbackStore;

  constructor(private readonly options: FeedbackOptions) {
    this.rows = new FeedbackStore(options.store);
  }

  submit(input: CommentInput): Result<SubmittedComment, SubmitError> {
    const category = findCategory(input.category);
    if (!category) return err('unknown-category', `no category "${input.category}"`);
    const phraseIds = [...new Set(input.phraseIds ?? [])];
    const unknown = phraseIds.find((id) => !category.phrases.some((p) => p.id === id));
    if (unknown !== undefined) return err('unknown-phrase', `category ${category.id} has no phrase "${unknown}"`);
    const typed = limitText(cleanText(input.text ?? ''), feedbackLimits.maxTextCodePoints);
    if (!typed.ok) return typed;
    if (typed.value === '' && phraseIds.length === 0) return err('empty', 'pick a phrase or write something');
    const contactText = limitText(cleanText(input.contact ?? ''), feedbackLimits.maxContactCodePoints);
    if (!contactText.ok) return err('contact-too-long', contactText.error.message);
    const contact = contactText.value === '' ? null : contactText.value;

    const moderated = this.options.moderator.moderate(typed.value);
    const now = this.options.clock.now();
    const at = now.toISOString();
    const { day } = localDayHour(now, this.options.utcOffsetMinutes);
    const { store } = this.options;
    const row = store.withTransaction(() => {
      const comment: CommentRow = {
        id: uuidv7(now.getTime()),
        reference: uniqueReference((code) => this.rows.referenceTaken(code)),
        at,
        day,
        category: category.id,
        phrases: phraseIds,
        text: moderated.text,
        textOriginal: moderated.changed && input.keepOriginal === true ? typed.value : null,
        findings: moderated.findings,
        contact,
        ticketId: input.ticketId ?? null,
        meetingDay: category.id === 'topic' ? meetingDayFor(day) : null,
        status: 'received',
        replyText: null,
        replyVersion: 0,
        repliedAt: null,
      };
      this.rows.insertComment(comment);
      const { textOriginal: _kept, status: _s, replyText: _r, replyVersion: _v, repliedAt: _a, ...payload } = comment;
      store.outbox.add({ kind: 'comment', at, payload, priority: outboxPriority.resident });
      return comment;
    });
    return ok({
      reference: row.reference,
      category: category.id,
      text: row.text,
      masked: moderated.changed,
      contactMasked: contact === null ? null : maskContact(contact),
      meetingDay: row.meetingDay,
    });
  }

  /** 查进度: the status and reply for a code as the resident typed it. */
  lookup(typedReference: string): Result<CommentProgress, 'invalid-reference' | 'not-found'> {
    const reference = canonicalReference(typedReference);
    if (reference === null) return err('invalid-reference', 'a reference code is 6 letters and digits');
    const row = this.rows.comment(reference);
    if (!row) return err('not-found', `no comment with reference ${reference} on this bus`);
    return ok({
      reference,
      category: row.category,
      submittedAt: row.at,
      phraseIds: row.phrases,
      text: row.text,
      meetingDay: row.meetingDay,
      status: row.status,
      replyText: row.replyText,
      repliedAt: row.repliedAt,
    });
  }

  /**
   * An office reply from the downlink. Versions only move forward: a replayed or reordered older
   * reply is acknowledged (applied: false) without undoing a newer one.
   */
  applyReply(
    reference: string,
    status: string,
    replyText: string | null,
    version: number,
  ): Result<{ applied: boolean }, ApplyReplyError> {
    if (!(replyStatuses as readonly string[]).includes(status)) return err('invalid-status', `unknown status "${status}"`);
    const code = canonicalReference(reference);
    const applied = this.options.store.withTransaction(() => {
      const row = code === null ? undefined : this.rows.comment(code);
      if (!row) return null;
      if (version <= row.replyVersion) return false;
      const text = replyText === null ? null : cleanText(replyText);
      this.rows.setReply(row.reference, status as ReplyStatus, text, version, this.options.clock.now().toISOString());
      return true;
    });
    if (applied === null) return err('unknown-reference', `no comment with reference ${reference} on this bus`);
    if (applied) this.onReply.emit({ reference: code!, status: status as ReplyStatus });
    return ok({ applied });
  }

  count(): number {
    return this.rows.commentCount();
  }

  today(): string {
    return localDayHour(this.options.clock.now(), this.options.utcOffsetMinutes).day;
  }
}
