import { create } from 'zustand';
import { call, subscribe, type ApiOutput, type LiveEvent } from '../shared/api-client.ts';
import { chime } from '../shared/chime.ts';
import type { Bilingual } from '../shared/i18n.ts';

type SystemStatus = ApiOutput<'systemStatus'>;
type TripEvent = Extract<LiveEvent, { type: 'trip' }>['event'];

/** What the driver is told, one thing at a time, biggest first. */
export type Prompt =
  | { kind: 'approaching'; stopId: string; name: Bilingual | null; metresToGo: number | null }
  | { kind: 'arrived'; stopId: string; name: Bilingual | null }
  | null;

interface DriverState {
  link: SystemStatus['link'] | null;
  gps: SystemStatus['gps'] | null;
  prompt: Prompt;
  offRoute: boolean;
}

export const useDriver = create<DriverState>(() => ({ link: null, gps: null, prompt: null, offRoute: false }));

const nameOf = (event: TripEvent): Bilingual | null => {
  const name = event.name as Bilingual | undefined;
  return name && typeof name.zh === 'string' ? name : null;
};

/** Folds one trip event into the prompt and the off-route flag; returns whether the driver should hear a chime. */
function applyTrip(event: TripEvent): boolean {
  const stopId = event.stopId ?? '';
  switch (event.type) {
    case 'approaching':
      useDriver.setState({ prompt: { kind: 'approaching', stopId, name: nameOf(event), metresToGo: typeof event.metresToGo === 'number' ? event.metresToGo : null } });
      return true;
    case 'arrived':
      useDriver.setState({ prompt: { kind: 'arrived', stopId, name: nameOf(event) } });
      return true;
    case 'departed':
    case 'passed':
      if (useDriver.getState().prompt?.stopId === stopId) useDriver.setState({ prompt: null });
      return false;
    case 'off_route':
      useDriver.setState({ offRoute: true });
      return true;
    case 'on_route':
      useDriver.setState({ offRoute: false });
      return false;
    default:
      return false;
  }
}

function apply(event: LiveEvent): void {
  if (event.type === 'link') useDriver.setState({ link: event.status });
  if (event.type === 'gps') useDriver.setState({ gps: event.status });
  if (event.type === 'trip' && applyTrip(event.event)) chime();
}

async function reload(): Promise<void> {
  const [status, recent] = await Promise.all([call('systemStatus'), call('tripRecentEvents', { limit: 20 })]);
  useDriver.setState({ link: status.link, gps: status.gps, prompt: null, offRoute: false });
  // Replayed oldest first and without chimes: the screen catches up after a reload or reconnection.
  for (const event of [...recent].reverse()) applyTrip(event);
}

/** Snapshot on every (re)connection of the live feed, then live updates. */
export function startDriverFeed(): () => void {
  return subscribe(apply, () => void reload());
}
