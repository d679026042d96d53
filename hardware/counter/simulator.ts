import { CounterLineFeed, LineFedCounter } from './line-feed.ts';
import { formatCounterEvent } from './protocol.ts';
import type { CounterEvent } from './types.ts';

export interface SimulatedCounterOptions {
  /** Same seed, same passengers: demo runs and benchmarks are repeatable. */
  seed?: number;
  /** Most passengers boarding at one stop. */
  maxBoarding?: number;
  /** Seats and standing room: the simulator never boards more than this. */
  capacity?: number;
}

export interface StopVisit {
  stopId: string;
  boarded: number;
  alighted: number;
}

/** mulberry32: a tiny, well-mixed 32-bit generator; enough for made-up passengers. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A counter for the demo and benchmarks: at each stop the bus serves it opens both doors, lets
 * some passengers off (rear door, D2) and on (front door, D1), and closes them, writing protocol
 * lines through the same parser a real counter's bytes go through. It remembers what it made up
 * so a run can be checked against what was recorded.
 */
export class SimulatedCounter extends LineFedCounter {
  private readonly random: () => number;
  private readonly maxBoarding: number;
  private readonly capacity: number;
  private onboard = 0;
  readonly visits: StopVisit[] = [];

  constructor(options: SimulatedCounterOptions = {}) {
    super(new CounterLineFeed('simulator'));
    this.random = seededRandom(options.seed ?? 1);
    this.maxBoarding = options.maxBoarding ?? 6;
    this.capacity = options.capacity ?? 40;
  }

  start(): void {
    this.feed.setState('connected');
  }

  async stop(): Promise<void> {
    this.feed.setState('stopped');
  }

  /** The bus stands at stopId with its doors open; returns who got off and on. */
  serveStop(stopId: string): StopVisit {
    const alighted = Math.floor(this.random() * (this.onboard + 1));
    const room = this.capacity - (this.onboard - alighted);
    const boarded = Math.min(room, Math.floor(this.random() * (this.maxBoarding + 1)));
    this.write({ kind: 'door', door: 1, open: true });
    this.write({ kind: 'door', door: 2, open: true });
    this.writeInGroups('out', 2, alighted);
    this.writeInGroups('in', 1, boarded);
    this.write({ kind: 'door', door: 2, open: false });
    this.write({ kind: 'door', door: 1, open: false });
    this.onboard += boarded - alighted;
    const visit = { stopId, boarded, alighted };
    this.visits.push(visit);
    return visit;
  }

  /** Passengers pass the sensor one to three at a time, as a counter reports them. */
  private writeInGroups(kind: 'in' | 'out', door: number, total: number): void {
    let left = total;
    while (left > 0) {
      const count = Math.min(left, 1 + Math.floor(this.random() * 3));
      this.write({ kind, door, count });
      left -= count;
    }
  }

  private write(event: CounterEvent): void {
    this.feed.feed(formatCounterEvent(event));
  }
}
