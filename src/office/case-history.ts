import type Database from 'better-sqlite3';

/** One line of a case's history: from the bus (what residents and the bus staff did) or from the office. */
export interface CaseHistoryEntry {
  at: string;
  from: 'bus' | 'office';
  /** Staff-facing words; codes stay out of it. */
  what: string;
  who: string | null;
}

const stateWords: Record<string, string> = { accepted: '受理', 'in-progress': '办理中', closed: '办结' };
const triageWords: Record<string, string> = { new: '新留言', assigned: '已分办', replied: '已答复', closed: '已办结' };

/**
 * A case's full history, oldest first: the ticket's or comment's steps on the bus (as projected from
 * its events) and every office action on it (from the audit log), replies and what was sent to the bus.
 * A version the bus reported applied (its downlink-applied event) is shown as received there.
 */
export function caseHistory(db: Database.Database, caseId: string): CaseHistoryEntry[] | null {
  const c = db.prepare('SELECT source, source_id, bus_id, opened_at FROM office_case WHERE case_id = ?').get(caseId) as
    | { source: 'ticket' | 'comment'; source_id: string; bus_id: string; opened_at: string }
    | undefined;
  if (!c) return null;
  const out: CaseHistoryEntry[] = [];
  const bus = (at: string | null, what: string) => at && out.push({ at, from: 'bus', what, who: null });
  if (c.source === 'ticket') {
    const t = db.prepare('SELECT number, taken_at, called_at, started_at, finished_at, state, last_at FROM p_ticket WHERE ticket_id = ?').get(c.source_id) as
      | { number: string | null; taken_at: string | null; called_at: string | null; started_at: string | null; finished_at: string | null; state: string; last_at: string }
      | undefined;
    if (t) {
      bus(t.taken_at, `居民在车上取号${t.number ? ` ${t.number}` : ''}`);
      bus(t.called_at, '服务台叫号');
      bus(t.started_at, '开始办理');
      bus(t.finished_at, '车上办完');
      if (t.state === 'handed_over') bus(t.last_at, `车上无法当场办完，转交社区办公室（车辆 ${c.bus_id}）`);
    }
  } else {
    const at = db.prepare('SELECT at FROM p_comment WHERE comment_id = ?').pluck().get(c.source_id) as string | undefined;
    bus(at ?? c.opened_at, `居民在车辆 ${c.bus_id} 上留言求助`);
  }
  const actions = db
    .prepare(
      `SELECT a.at, coalesce(u.display_name, a.username) AS who, a.action, a.detail FROM audit_log a LEFT JOIN office_user u ON u.username = a.username
       WHERE (a.action = 'case-update' AND a.target = ?) OR (a.action = 'comment-triage' AND a.target = ?) ORDER BY a.id`,
    )
    .all(caseId, c.source === 'comment' ? c.source_id : null) as { at: string; who: string; action: string; detail: string }[];
  for (const a of actions) {
    let d: { state?: string; triage?: string; replyText?: string | null; version?: number; assignee?: string };
    try {
      d = JSON.parse(a.detail) as typeof d;
    } catch {
      d = {};
    }
    const parts = [
      a.action === 'case-update' ? `状态改为「${stateWords[d.state ?? ''] ?? d.state}」` : `留言改为「${triageWords[d.triage ?? ''] ?? d.triage}」`,
      d.assignee ? `交给 ${d.assignee}` : null,
      d.replyText ? `答复居民：“${d.replyText}”` : null,
      d.version ? `已发往车辆 ${c.bus_id}（第 ${d.version} 版）` : null,
    ];
    out.push({ at: a.at, from: 'office', what: parts.filter(Boolean).join('；'), who: a.who });
  }
  // What the bus reported applied: the reply is then what the resident reads on 查进度.
  const delivered = db
    .prepare(
      `SELECT a.applied_at AS at, d.version FROM office_case_downlink d JOIN p_downlink_applied a ON a.downlink_id = d.downlink_id AND a.bus_id = d.bus_id
       WHERE d.case_id = ? ORDER BY a.applied_at`,
    )
    .all(caseId) as { at: string; version: number }[];
  for (const d of delivered) out.push({ at: d.at, from: 'bus', what: `车辆 ${c.bus_id} 已收到第 ${d.version} 版，居民查进度时可见`, who: null });
  return out.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
}
