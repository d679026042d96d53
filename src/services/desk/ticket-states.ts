/**
 * The ticket life cycle. `expired` closes what was left open when a service day ended, so personal
 * fields of abandoned tickets reach the retention purge too.
 */
export const ticketStates = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'handed_over', 'expired'] as const;
export type TicketState = (typeof ticketStates)[number];

export const closedStates: ReadonlySet<TicketState> = new Set(['done', 'no_show', 'cancelled', 'handed_over', 'expired']);

export type TicketAction = 'take' | 'call' | 'recall' | 'start' | 'finish' | 'no_show' | 'hand_over' | 'cancel' | 'expire';

/** Each action: the states it may start from and the state it leads to. Anything else is refused. */
export const transitions: Readonly<Record<Exclude<TicketAction, 'take'>, { from: readonly TicketState[]; to: TicketState }>> = {
  call: { from: ['waiting'], to: 'called' },
  recall: { from: ['called'], to: 'called' },
  start: { from: ['called'], to: 'serving' },
  finish: { from: ['serving'], to: 'done' },
  no_show: { from: ['called'], to: 'no_show' },
  hand_over: { from: ['serving'], to: 'handed_over' },
  cancel: { from: ['waiting', 'called'], to: 'cancelled' },
  expire: { from: ['waiting', 'called', 'serving'], to: 'expired' },
};

/** A called number is announced again at most this many times before it counts as a no-show. */
export const maxRecalls = 2;

const stateNames: Record<TicketState, string> = {
  waiting: 'waiting',
  called: 'called',
  serving: 'being served',
  done: 'done',
  no_show: 'a no-show',
  cancelled: 'cancelled',
  handed_over: 'handed over to the office',
  expired: 'expired at the end of its service day',
};

export function describeState(state: TicketState): string {
  return stateNames[state];
}
