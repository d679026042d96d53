/**
 * What every door passenger counter gives the core: parsed events per door and a status.
 * The serial counter, the simulator and the in-memory fake all implement PassengerCounter.
 * The line protocol they speak is in protocol.ts and docs/ridership-and-feedback.md.
 */
export type CounterEvent =
  | { kind: 'in'; door: number; count: number }
  | { kind: 'out'; door: number; count: number }
  | { kind: 'door'; door: number; open: boolean };

export type CounterState = 'no-device' | 'connected' | 'reconnecting' | 'stopped';

export interface CounterStatus {
  state: CounterState;
  /** Serial device path, or "simulator" / "fake". */
  device: string | null;
  /** Lines that did not match the protocol since start (garbage, cut or glued lines). */
  rejectedLines: number;
  acceptedLines: number;
  /** Reopen attempts since the port was last open; 0 while connected. */
  reopenAttempts: number;
  lastError: string | null;
}

export interface PassengerCounter {
  start(): void;
  stop(): Promise<void>;
  onEvent(listener: (event: CounterEvent) => void): () => void;
  onStatus(listener: (status: CounterStatus) => void): () => void;
  status(): CounterStatus;
}
