import type { CaseReply } from './case-replies.ts';
import { findItem, type Bilingual, type Catalogue } from './catalogue.ts';
import type { DeskStore, PriorityReason, TicketRow, WaitingTicket } from './desk-store.ts';
import { maskedName, maskedPhone } from './personal-input.ts';
import { estimateWait, type QueuedTicket } from './queue-policy.ts';
import type { TicketState } from './ticket-states.ts';

/** A ticket as residents and screens see it: personal fields masked, wait estimated while waiting. */
export interface TicketView {
  id: string;
  number: string;
  /** Service day, YYYY-MM-DD (China time). */
  day: string;
  state: TicketState;
  category: { id: string; name: Bilingual };
  item: { id: string; name: Bilingual; documents: Bilingual[] };
  priority: PriorityReason | null;
  counter: number | null;
  recalls: number;
  /** Only while waiting: people the calling rule puts before this ticket, and their expected minutes. */
  peopleAhead: number | null;
  estimatedWaitMinutes: number | null;
  /** Handed over: the day the office must have closed the case by (7135 rule). */
  dueDay: string | null;
  /** Handed over: the lasting reference printed for the resident (查进度 on any later day). */
  caseReference: string | null;
  takenAt: string;
  calledAt: string | null;
  closedAt: string | null;
  nameMasked: string | null;
  phoneMasked: string | null;
  /** Handed over: what the office has said so far (null until its first update reaches the bus). */
  officeCase?: CaseReply | null;
}

export interface ViewContext {
  catalogue: Catalogue;
  /** Today's waiting tickets in calling order. */
  order: readonly QueuedTicket[];
  averageMinutes(itemId: string): number;
  counters: number;
}

export function ticketView(row: TicketRow, context: ViewContext | null, catalogue: Catalogue | null = context?.catalogue ?? null): TicketView {
  const found = catalogue ? findItem(catalogue, row.itemId) : null;
  const unknown = (id: string) => ({ zh: id, en: id });
  const estimate = row.state === 'waiting' && context ? estimateWait(context.order, row.seq, context.averageMinutes, context.counters) : null;
  return {
    id: row.id,
    number: row.number,
    day: row.day,
    state: row.state,
    category: { id: row.categoryId, name: found?.category.name ?? unknown(row.categoryId) },
    item: { id: row.itemId, name: found?.item.name ?? unknown(row.itemId), documents: found?.item.documents ?? [] },
    priority: row.priority,
    counter: row.counter,
    recalls: row.recalls,
    peopleAhead: estimate?.peopleAhead ?? null,
    estimatedWaitMinutes: estimate?.minutes ?? null,
    dueDay: row.dueDay,
    caseReference: row.caseReference,
    takenAt: row.takenAt,
    calledAt: row.calledAt,
    closedAt: row.closedAt,
    nameMasked: maskedName(row.name),
    phoneMasked: maskedPhone(row.phone),
  };
}

/** The queue board: no personal fields at all, waiting tickets in the order they will be called. */
export interface QueueView {
  day: string;
  waiting: { id: string; number: string; itemId: string; priority: boolean; peopleAhead: number; estimatedWaitMinutes: number }[];
  called: { id: string; number: string; counter: number; recalls: number }[];
  serving: { id: string; number: string; counter: number }[];
}

export function queueView(
  waiting: readonly WaitingTicket[],
  atCounters: ReturnType<DeskStore['atCounters']>,
  context: ViewContext,
): Omit<QueueView, 'day'> {
  const bySeq = new Map(waiting.map((t) => [t.seq, t]));
  // One pass: each ticket waits for the minutes of everyone before it in calling order.
  let minutesAhead = 0;
  const ordered = context.order.map((q, index) => {
    const t = bySeq.get(q.seq)!;
    const estimatedWaitMinutes = Math.ceil(minutesAhead / Math.max(1, context.counters));
    minutesAhead += context.averageMinutes(q.itemId);
    return { id: t.id, number: t.number, itemId: t.itemId, priority: t.priority, peopleAhead: index, estimatedWaitMinutes };
  });
  return {
    waiting: ordered,
    called: atCounters.filter((t) => t.state === 'called').map(({ id, number, counter, recalls }) => ({ id, number, counter, recalls })),
    serving: atCounters.filter((t) => t.state === 'serving').map(({ id, number, counter }) => ({ id, number, counter })),
  };
}
