import { create } from 'zustand';
import { call, subscribe, type ApiOutput, type LiveEvent } from './api.ts';
import { chime } from '../shared/chime.ts';

type SystemStatus = ApiOutput<'systemStatus'>;
export type DriverPrompt = ApiOutput<'driverPrompt'>;
type TripState = ApiOutput<'tripState'>;
export type RouteStop = ApiOutput<'tripRoute'>['stops'][number];

interface DriverState {
  link: SystemStatus['link'] | null;
  gps: SystemStatus['gps'] | null;
  prompt: DriverPrompt | null;
  occupancy: number | null;
  capacity: number | null;
  /** The number most recently called to a counter (the queue's current number). */
  calling: { number: string; counter: number } | null;
  waiting: number | null;
  /** The bus database was replaced after damage within the last day: the driver tells the office. */
  storageReset: SystemStatus['storageReset'];
  /** A tally press the core refused or could not receive. */
  tallyProblem: string | null;
  /** The loop's stops in travel order, for 校准到站. */
  stops: RouteStop[];
  arrivals: NonNullable<TripState['arrivals']>;
  /** What the last manual 报站 / 校准 did: the core's refusal, or the stop it announced. */
  manual: { ok: true; stop: RouteStop['name'] } | { ok: false; reason: string } | null;
}

export const useDriver = create<DriverState>(() => ({ link: null, gps: null, prompt: null, occupancy: null, capacity: null, calling: null, waiting: null, storageReset: null, tallyProblem: null, stops: [], arrivals: [], manual: null }));

type Queue = ApiOutput<'deskQueue'>;

/** The latest call in the queue: the called ticket with the highest number of the newest call, else none. */
function callingFrom(queue: Queue): DriverState['calling'] {
  const last = queue.called.at(-1) ?? queue.serving.at(-1);
  return last ? { number: last.number, counter: last.counter } : null;
}

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
    case 'trip-state':
      return useDriver.setState({ arrivals: event.state.arrivals ?? [] });
    case 'occupancy':
      return useDriver.setState({ occupancy: event.occupancy });
    case 'desk-call':
      return useDriver.setState({ calling: { number: event.number, counter: event.counter } });
    case 'desk-queue':
      return useDriver.setState({ waiting: event.queue.waiting.length });
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

/** Shown for a day after it happened: long enough for a shift to notice and tell the office. */
function recentReset(status: SystemStatus): SystemStatus['storageReset'] {
  const reset = status.storageReset;
  return reset && Date.parse(status.now) - Date.parse(reset.at) < 86_400_000 ? reset : null;
}

async function reload(): Promise<void> {
  const [status, prompt, occupancy, queue, route, trip] = await Promise.all([
    call('systemStatus'),
    call('driverPrompt'),
    call('ridershipOccupancy'),
    call('deskQueue'),
    call('tripRoute'),
    call('tripState'),
  ]);
  useDriver.setState({
    stops: route.stops,
    arrivals: trip.arrivals ?? [],
    link: status.link,
    gps: status.gps,
    storageReset: recentReset(status),
    prompt,
    occupancy: occupancy.occupancy,
    capacity: occupancy.capacity,
    calling: callingFrom(queue),
    waiting: queue.waiting.length,
  });
}

export async function tally(action: 'board' | 'alight' | 'unboard'): Promise<void> {
  try {
    const result = await call('ridershipTally', { action });
    useDriver.setState(result.ok ? { occupancy: result.value.occupancy, tallyProblem: null } : { tallyProblem: result.error.message });
  } catch (error) {
    useDriver.setState({ tallyProblem: (error as Error).message });
  }
}

/** The driver's own 报站 when automation fails: the next stop now, or the bus stands at `stopId`. */
export async function manualAnnounce(stopId?: string): Promise<void> {
  try {
    const result = stopId ? await call('tripResyncTo', { stopId }) : await call('announceNextStopNow');
    if (!result.ok) return useDriver.setState({ manual: { ok: false, reason: result.error.message } });
    const event = result.value.find((e) => e.stopId && (e.type === 'approaching' || e.type === 'arrived'));
    const stop = useDriver.getState().stops.find((s) => s.id === (event?.stopId ?? stopId));
    useDriver.setState({ manual: stop ? { ok: true, stop: stop.name } : null });
  } catch (error) {
    useDriver.setState({ manual: { ok: false, reason: (error as Error).message } });
  }
}

/** Snapshot on every (re)connection of the live feed, then live updates. */
export function startDriverFeed(): () => void {
  return subscribe(apply, () => void reload());
}
