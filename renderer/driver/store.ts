import { create } from 'zustand';
import { call, subscribe, type ApiOutput, type LiveEvent } from '../shared/api-client.ts';
import { chime } from '../shared/chime.ts';

type SystemStatus = ApiOutput<'systemStatus'>;
export type DriverPrompt = ApiOutput<'driverPrompt'>;

interface DriverState {
  link: SystemStatus['link'] | null;
  gps: SystemStatus['gps'] | null;
  prompt: DriverPrompt | null;
  occupancy: number | null;
  capacity: number | null;
  /** A tally press the core refused or could not receive. */
  tallyProblem: string | null;
}

export const useDriver = create<DriverState>(() => ({ link: null, gps: null, prompt: null, occupancy: null, capacity: null, tallyProblem: null }));

/** Conditions the driver hears as well as sees: a stop ahead, at a stop, and anything to act on. */
function deservesChime(previous: DriverPrompt | null, next: DriverPrompt): boolean {
  if (previous?.code === next.code) return false;
  return next.code === 'slow-down' || next.code === 'at-stop' || next.level === 'warning';
}

function apply(event: LiveEvent): void {
  switch (event.type) {
    case 'link':
      return useDriver.setState({ link: event.status });
    case 'gps':
      return useDriver.setState({ gps: event.status });
    case 'occupancy':
      return useDriver.setState({ occupancy: event.occupancy });
    case 'driver-prompt': {
      const { type: _type, ...prompt } = event;
      const previous = useDriver.getState().prompt;
      useDriver.setState({ prompt });
      if (deservesChime(previous, prompt)) chime();
      return;
    }
    default:
  }
}

async function reload(): Promise<void> {
  const [status, prompt, occupancy] = await Promise.all([call('systemStatus'), call('driverPrompt'), call('ridershipOccupancy')]);
  useDriver.setState({ link: status.link, gps: status.gps, prompt, occupancy: occupancy.occupancy, capacity: occupancy.capacity });
}

export async function tally(action: 'board' | 'alight' | 'unboard'): Promise<void> {
  try {
    const result = await call('ridershipTally', { action });
    useDriver.setState(result.ok ? { occupancy: result.value.occupancy, tallyProblem: null } : { tallyProblem: result.error.message });
  } catch (error) {
    useDriver.setState({ tallyProblem: (error as Error).message });
  }
}

/** Snapshot on every (re)connection of the live feed, then live updates. */
export function startDriverFeed(): () => void {
  return subscribe(apply, () => void reload());
}
