import type Database from 'better-sqlite3';
import type { EventLedger } from './ledger/types.ts';
import type { Clock } from '../core/clock.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { z } from 'zod';
import { catalogueSchema } from '../services/desk/catalogue.ts';
import { handbookSchema } from '../services/handbook/articles.ts';
import { contentSchemas } from '../sync/content.ts';
import { caseKind } from './publish.ts';
import { contentIssues, issuesSentence } from './content/issues.ts';
import type { OfficeAuth } from './auth.ts';
import type { CaseUpdateBody, DownlinkTarget, OfficeDownlink } from './publish.ts';

export const caseStates = ['accepted', 'in-progress', 'closed'] as const;
export type CaseState = (typeof caseStates)[number];
export const triageStates = ['new', 'assigned', 'replied', 'closed'] as const;
export type TriageState = (typeof triageStates)[number];

/** The office's content kinds that staff edit here (the route is managed separately). */
export const editableContentKinds = ['service-catalogue', 'policy-handbook', 'activity-schedule', 'announcements'] as const;
export type EditableKind = (typeof editableContentKinds)[number];

/** Checked with the schema of the area that applies it on the bus, so staff see a refusal before anything is sent. */
const editableSchemas: Record<EditableKind, z.ZodType> = {
  'service-catalogue': catalogueSchema,
  'policy-handbook': handbookSchema,
  'activity-schedule': contentSchemas['activity-schedule'],
  announcements: contentSchemas.announcements,
};

/**
 * A draft checked with the schema the bus applies: the parsed body, or every problem with its path
 * and a Chinese message for the field it belongs to (the forms show each beside its field).
 */
export function checkContent(kind: EditableKind, body: unknown): Result<unknown, 'invalid-content'> {
  const parsed = editableSchemas[kind].safeParse(body);
  if (parsed.success) return ok(parsed.data);
  const issues = contentIssues(parsed.error.issues);
  return { ok: false, error: { code: 'invalid-content', message: `未发布：${issuesSentence(issues)}`, issues } };
}

/** Case updates younger than this are sent again when a bus comes back online. */
export const caseRepublishDays = 30;

/** Content as shipped with the software: on every bus before the office publishes anything. */
export type ShippedContent = Partial<Record<EditableKind, { version: number; body: unknown }>>;

export interface Caller {
  username: string;
}

/**
 * What office staff change: each change commits with its audit row, then what the bus must know
 * goes down. A failed publish is reported to the user (the change is kept and can be sent again).
 */
export class OfficeActions {
  constructor(
    private readonly db: Database.Database,
    private readonly ledger: EventLedger,
    private readonly auth: OfficeAuth,
    private readonly downlink: OfficeDownlink,
    private readonly clock: Clock,
    private readonly shipped: ShippedContent = {},
  ) {}

  async updateCase(caller: Caller, input: { caseId: string; state: CaseState; replyText?: string }): Promise<Result<{ version: number; sent: boolean }, 'unknown-case' | 'not-sent'>> {
    const now = this.clock.now().toISOString();
    const updated = this.db
      .transaction(() => {
        const row = this.db.prepare('SELECT * FROM office_case WHERE case_id = ?').get(input.caseId) as
          | { source: 'ticket' | 'comment'; source_id: string; bus_id: string; reference: string | null; version: number; reply_text: string | null }
          | undefined;
        if (!row) return null;
        // A comment's reply and its case share one version on the bus: whichever moved last wins.
        const commentVersion = row.source === 'comment' ? (this.db.prepare('SELECT reply_version FROM p_comment WHERE comment_id = ?').pluck().get(row.source_id) as number | undefined) : undefined;
        const version = Math.max(row.version, commentVersion ?? 0) + 1;
        const replyText = input.replyText?.trim() || row.reply_text;
        this.db
          .prepare('UPDATE office_case SET state = ?, reply_text = ?, version = ?, updated_at = ?, updated_by = ? WHERE case_id = ?')
          .run(input.state, replyText, version, now, caller.username, input.caseId);
        if (row.source === 'comment') {
          this.db
            .prepare("UPDATE p_comment SET triage = CASE WHEN ? = 'closed' THEN 'closed' ELSE 'replied' END, reply_text = ?, reply_version = ?, updated_at = ? WHERE comment_id = ?")
            .run(input.state, replyText, version, now, row.source_id);
        }
        this.auth.audit(caller.username, 'case-update', input.caseId, { state: input.state, replyText, version });
        const body: CaseUpdateBody = {
          source: row.source,
          reference: row.reference,
          ticketId: row.source === 'ticket' ? row.source_id : null,
          status: input.state,
          replyText,
          version,
        };
        return { busId: row.bus_id, body };
      })
      .immediate();
    if (!updated) return err('unknown-case', `no case ${input.caseId}`);
    const sent = await this.sendCaseUpdate(updated.busId, updated.body);
    if (!sent.ok) return err('not-sent', `saved, but not sent to bus ${updated.busId}: ${sent.error.message}`);
    return ok({ version: updated.body.version, sent: true });
  }

  /** Triage of a comment; a reply goes down to the bus as a case update under its reference code. */
  async triageComment(
    caller: Caller,
    input: { commentId: string; triage: TriageState; assignee?: string; replyText?: string },
  ): Promise<Result<{ version: number }, 'unknown-comment' | 'not-sent'>> {
    const now = this.clock.now().toISOString();
    const updated = this.db
      .transaction(() => {
        const row = this.db.prepare('SELECT reference, bus_id, reply_version, reply_text FROM p_comment WHERE comment_id = ?').get(input.commentId) as
          | { reference: string; bus_id: string; reply_version: number; reply_text: string | null }
          | undefined;
        if (!row) return null;
        const reply = input.replyText?.trim() || null;
        const caseVersion = (this.db.prepare('SELECT version FROM office_case WHERE source_id = ?').pluck().get(input.commentId) as number | undefined) ?? 0;
        const current = Math.max(row.reply_version, caseVersion);
        const version = reply !== null || input.triage === 'closed' ? current + 1 : row.reply_version;
        this.db
          .prepare('UPDATE p_comment SET triage = ?, assignee = coalesce(?, assignee), reply_text = coalesce(?, reply_text), reply_version = ?, updated_at = ? WHERE comment_id = ?')
          .run(input.triage, input.assignee ?? null, reply, version, now, input.commentId);
        if (version !== row.reply_version) this.db.prepare('UPDATE office_case SET version = ? WHERE source_id = ?').run(version, input.commentId);
        this.auth.audit(caller.username, 'comment-triage', input.commentId, { triage: input.triage, assignee: input.assignee, replyText: reply });
        if (version === row.reply_version) return { version, send: null };
        const body: CaseUpdateBody = {
          source: 'comment',
          reference: row.reference,
          ticketId: null,
          status: input.triage === 'closed' ? 'closed' : 'answered',
          replyText: reply ?? row.reply_text,
          version,
        };
        return { version, send: { busId: row.bus_id, body } };
      })
      .immediate();
    if (!updated) return err('unknown-comment', `no comment ${input.commentId}`);
    if (updated.send) {
      const sent = await this.sendCaseUpdate(updated.send.busId, updated.send.body);
      if (!sent.ok) return err('not-sent', `saved, but not sent to bus ${updated.send.busId}: ${sent.error.message}`);
    }
    return ok({ version: updated.version });
  }

  /**
   * A bus back online gets the newest update of every case answered in the last caseRepublishDays
   * again: the broker keeps queued case updates only for the session expiry (24 h). Versions only
   * move forward on the bus, so what it already has is ignored there.
   */
  async republishCases(busId: string): Promise<{ sent: number; failed: number }> {
    const since = new Date(this.clock.now().getTime() - caseRepublishDays * 86_400_000).toISOString();
    const rows = await this.ledger.publishedSince(busId, caseKind, since);
    const newest = new Map<string, CaseUpdateBody>();
    for (const row of rows) {
      const body = JSON.parse(row) as CaseUpdateBody;
      const key = `${body.source}:${body.reference ?? body.ticketId}`;
      if ((newest.get(key)?.version ?? -1) < body.version) newest.set(key, body);
    }
    let failed = 0;
    for (const body of newest.values()) if (!(await this.sendCaseUpdate(busId, body)).ok) failed++;
    return { sent: newest.size - failed, failed };
  }

  /**
   * Publishes a case update and keeps which case its downlink id carries: the bus reports the id
   * when it applied it, and the case's history then says the reply is on the bus.
   */
  private async sendCaseUpdate(busId: string, body: CaseUpdateBody): Promise<Result<unknown, string>> {
    const sent = await this.downlink.publishCaseUpdate(busId, body);
    const id = sent.ok ? (sent.value as { id?: unknown } | null)?.id : undefined;
    if (typeof id !== 'string') return sent;
    const caseId = this.db
      .prepare('SELECT case_id FROM office_case WHERE bus_id = ? AND ((source = ? AND source_id = ?) OR (source = ? AND reference = ?))')
      .pluck()
      .get(busId, 'ticket', body.ticketId, 'comment', body.reference) as string | undefined;
    if (caseId) {
      this.db
        .prepare('INSERT INTO office_case_downlink (downlink_id, case_id, bus_id, version, sent_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(id, caseId, busId, body.version, this.clock.now().toISOString());
    }
    return sent;
  }

  followUpRating(caller: Caller, input: { ratingId: string; note: string }): Result<null, 'unknown-rating'> {
    const changed = this.db
      .prepare('UPDATE p_rating SET follow_up_done_at = ?, follow_up_note = ? WHERE rating_id = ? AND follow_up = 1')
      .run(this.clock.now().toISOString(), input.note, input.ratingId).changes;
    if (changed === 0) return err('unknown-rating', `no low rating ${input.ratingId}`);
    this.auth.audit(caller.username, 'rating-follow-up', input.ratingId, { note: input.note });
    return ok(null);
  }

  /** Validates with the same schema the bus applies, stores a new version, then publishes it. */
  async publishContent(
    caller: Caller,
    input: { kind: string; target: DownlinkTarget; body: unknown },
  ): Promise<Result<{ version: number }, 'unknown-kind' | 'invalid-content' | 'not-sent'>> {
    if (!Object.hasOwn(editableSchemas, input.kind)) return err('unknown-kind', `content kind ${input.kind} cannot be edited here`);
    const checked = checkContent(input.kind as EditableKind, input.body);
    if (!checked.ok) return checked;
    const parsed = { data: checked.value };
    const target = input.target === 'fleet' ? 'fleet' : input.target.busId;
    const version = this.db
      .transaction(() => {
        // Buses hold the shipped version already: anything older or equal would be ignored as stale.
        const published = (this.db.prepare('SELECT max(version) FROM office_content WHERE kind = ?').pluck().get(input.kind) as number | null) ?? 0;
        const next = Math.max(published, this.shipped[input.kind as EditableKind]?.version ?? 0) + 1;
        this.db
          .prepare('INSERT INTO office_content (kind, version, target, body, published_at, published_by) VALUES (?, ?, ?, ?, ?, ?)')
          .run(input.kind, next, target, JSON.stringify(parsed.data), this.clock.now().toISOString(), caller.username);
        this.auth.audit(caller.username, 'content-publish', input.kind, { version: next, target });
        return next;
      })
      .immediate();
    const sent = await this.downlink.publishContent(input.target, input.kind, version, parsed.data);
    if (!sent.ok) return err('not-sent', `version ${version} saved, but not sent: ${sent.error.message}`);
    return ok({ version });
  }
}
