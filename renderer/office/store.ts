import { create } from 'zustand';
import type { OfficeApi } from '../../src/office/api.ts';
import type { OfficeEvent } from '../../src/office/receiver.ts';
import type { BusRow, ReceivedEvent } from '../../src/office/store.ts';
import { clientFor, subscribe } from '../shared/api-client.ts';

const officeCall = clientFor<OfficeApi>();
/** How many received events the page keeps on show. */
const shown = 50;

interface OfficeState {
  buses: BusRow[];
  events: ReceivedEvent[];
  error: string | null;
}

export const useOffice = create<OfficeState>(() => ({ buses: [], events: [], error: null }));

/** Newest first, at most `shown`. */
function latest(events: ReceivedEvent[]): ReceivedEvent[] {
  return [...events].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || b.seq - a.seq).slice(0, shown);
}

async function reload(): Promise<void> {
  try {
    const [buses, events] = await Promise.all([officeCall('officeBuses'), officeCall('officeEvents', { limit: 1000 })]);
    useOffice.setState({
      buses,
      events: events.ok ? latest(events.value) : useOffice.getState().events,
      error: events.ok ? null : events.error.message,
    });
  } catch (error) {
    useOffice.setState({ error: (error as Error).message });
  }
}

function apply(event: OfficeEvent): void {
  if (event.type === 'event' && !event.duplicate) {
    const received = { ...event.envelope, receivedAt: new Date().toISOString() };
    useOffice.setState((s) => ({ events: latest([received, ...s.events]) }));
    useOffice.setState((s) => ({
      buses: s.buses.some((b) => b.busId === event.envelope.busId) ? s.buses.map((b) => (b.busId === event.envelope.busId ? { ...b, lastSeen: received.receivedAt } : b)) : s.buses,
    }));
  }
  if (event.type === 'bus-status') void reload();
}

/** Snapshot on every (re)connection of the live feed, then live updates. */
export function startOfficeFeed(): () => void {
  return subscribe<OfficeEvent>(apply, () => void reload());
}
