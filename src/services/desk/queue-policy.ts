/**
 * Who is called next. Priority tickets (70+, disabled, pregnant) go first, but never more than
 * `maxPriorityInARow` calls in a row while a regular ticket waits: then the oldest regular ticket is
 * called, and the streak starts again. So a regular resident is passed by at most that many priority
 * tickets per regular call, and both groups are served in taking order among themselves.
 * The streak counts the day's calls across all counters (recalls excluded), read from the history.
 */
export interface QueuedTicket {
  /** Taking order over the whole day (all categories). */
  seq: number;
  itemId: string;
  priority: boolean;
}

/** The whole calling order of the tickets waiting now, if nobody else arrives. */
export function callOrder<T extends QueuedTicket>(waiting: readonly T[], priorityStreak: number, maxPriorityInARow: number): T[] {
  const sorted = [...waiting].sort((a, b) => a.seq - b.seq);
  const priority = sorted.filter((t) => t.priority);
  const regular = sorted.filter((t) => !t.priority);
  const order: T[] = [];
  let streak = priorityStreak;
  let p = 0;
  let r = 0;
  while (p < priority.length || r < regular.length) {
    const regularWaits = r < regular.length;
    if (p < priority.length && (!regularWaits || streak < maxPriorityInARow)) {
      order.push(priority[p++]!);
      streak++;
    } else {
      order.push(regular[r++]!);
      streak = 0;
    }
  }
  return order;
}

export function nextToCall<T extends QueuedTicket>(waiting: readonly T[], priorityStreak: number, maxPriorityInARow: number): T | null {
  return callOrder(waiting, priorityStreak, maxPriorityInARow)[0] ?? null;
}

export interface WaitEstimate {
  peopleAhead: number;
  /** Whole minutes, rounded up; 0 when nobody is ahead. */
  minutes: number;
}

/**
 * People ahead under the calling rule, and their expected service time (moving average per item)
 * shared out over the open counters. Residents already at a counter are not counted.
 */
export function estimateWait(
  order: readonly QueuedTicket[],
  seq: number,
  averageMinutes: (itemId: string) => number,
  counters: number,
): WaitEstimate {
  const index = order.findIndex((t) => t.seq === seq);
  const ahead = index < 0 ? order : order.slice(0, index);
  const total = ahead.reduce((sum, t) => sum + averageMinutes(t.itemId), 0);
  return { peopleAhead: ahead.length, minutes: Math.ceil(total / Math.max(1, counters)) };
}
