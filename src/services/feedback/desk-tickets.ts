import type { Store } from '../../store/store.ts';
import type { FinishedTickets } from './ratings.ts';

/**
 * Finished visits read from the service desk's tickets (bus migration 5): served to the end
 * (`done`) or served and handed over to the office (`handed_over`). A no-show, a cancelled or an
 * expired ticket was never a visit, so it cannot be rated.
 */
export function deskFinishedTickets(store: Store): FinishedTickets {
  const query = store.db.prepare("SELECT 1 FROM desk_ticket WHERE id = ? AND state IN ('done', 'handed_over')");
  return { isFinished: (ticketId) => query.get(ticketId) !== undefined };
}
