import type { CounterEvent, PassengerCounter } from '../../../hardware/counter/types.ts';
import type { Clock } from '../../core/clock.ts';
import { Emitter } from '../../core/emitter.ts';
import { uuidv7 } from '../../core/ids.ts';
import { localDayHour } from '../../core/local-time.ts';
import { outboxPriority } from '../../store/outbox.ts';
import type { Store } from '../../store/store.ts';
import { RidershipStore, type Adjustment, type CountRow, type CountSource } from './ridership-store.ts';
import { attribute, type Attribution, type StopContext } from './stop-context.ts';

/** The driver's tally buttons on a bus without a counter (or to correct one). */
export type TallyAction = 'board' | 'unboard' | 'alight';

export interface DoorOpened {
  door: number;
  /** Bus clock, ISO. */
  at: string;
}

export interface OccupancyChange {
  occupancy: number;
  count: CountRow;
  adjustments: Adjustment[];
}

export interface RidershipOptions {
  store: Store;
  clock: Clock;
  context: StopContext;
  utcOffsetMinutes?: number;
}

/**
 * Books every boarding and alighting to where the bus was and keeps the occupancy. A door that
 * opens fixes the attribution for the counts that pass it until it closes, so passengers still
 * counted as the bus pulls away stay with the stop they used.
 */
export class RidershipService {
  /** A door went from closed to open; the lead wires this to the tracker as an arrival hint. */
  readonly onDoorOpen = new Emitter<DoorOpened>();
  readonly onOccupancy = new Emitter<OccupancyChange>();
  private readonly rows: RidershipStore;
  private readonly openDoors = new Map<number, Attribution>();

  constructor(private readonly options: RidershipOptions) {
    this.rows = new RidershipStore(options.store);
  }

  /** Listens to a counter until the returned function is called. */
  attach(counter: PassengerCounter): () => void {
    return counter.onEvent((event) => this.handleCounter(event));
  }

  handleCounter(event: CounterEvent): void {
    if (event.kind === 'door') {
      if (!event.open) {
        this.openDoors.delete(event.door);
        return;
      }
      if (this.openDoors.has(event.door)) return;
      const at = this.options.clock.now().toISOString();
      // Told first, so a tracker that takes the door as arrival is at the stop when we ask where we are.
      this.onDoorOpen.emit({ door: event.door, at });
      this.openDoors.set(event.door, attribute(this.options.context.current()));
      return;
    }
    const where = this.openDoors.get(event.door) ?? attribute(this.options.context.current());
    if (event.kind === 'in') this.record('counter', event.door, where, event.count, 0);
    else this.record('counter', event.door, where, 0, event.count);
  }

  tally(action: TallyAction): OccupancyChange {
    const where = this.openDoors.values().next().value ?? attribute(this.options.context.current());
    if (action === 'board') return this.record('tally', null, where, 1, 0);
    if (action === 'alight') return this.record('tally', null, where, 0, 1);
    return this.record('tally', null, where, -1, 0);
  }

  occupancy(): number {
    return this.rows.occupancy();
  }

  /** Doors the counter reports open right now. */
  doorsOpen(): number[] {
    return [...this.openDoors.keys()].sort();
  }

  byStop(day: string) {
    return this.rows.byStop(day);
  }

  byStopAndLap(day: string) {
    return this.rows.byStopAndLap(day);
  }

  byHour(day: string) {
    return this.rows.byHour(day);
  }

  adjustments(day: string) {
    return this.rows.adjustments(day);
  }

  today(): string {
    return localDayHour(this.options.clock.now(), this.options.utcOffsetMinutes).day;
  }

  private record(source: CountSource, door: number | null, where: Attribution, boarded: number, alighted: number): OccupancyChange {
    const { store, clock, utcOffsetMinutes } = this.options;
    const now = clock.now();
    const at = now.toISOString();
    const change = store.withTransaction(() => {
      const before = this.rows.occupancy();
      const wanted = before + boarded - alighted;
      const occupancy = Math.max(0, wanted);
      const adjustments: Adjustment[] = [];
      if (boarded < 0) adjustments.push({ kind: 'correction', amount: boarded, occupancyBefore: before, occupancyAfter: occupancy });
      // A negative occupancy means someone boarded uncounted; keep zero and say so.
      if (wanted < 0) adjustments.push({ kind: 'clamp', amount: -wanted, occupancyBefore: before, occupancyAfter: occupancy });
      const { day, hour } = localDayHour(now, utcOffsetMinutes);
      const count: CountRow = { id: uuidv7(now.getTime()), at, day, hour, ...where, source, door, boarded, alighted, occupancy };
      this.rows.insert(count, adjustments);
      store.outbox.add({ kind: 'count', at, payload: { ...count, adjustments }, priority: outboxPriority.count });
      return { occupancy, count, adjustments };
    });
    this.onOccupancy.emit(change);
    return change;
  }
}
