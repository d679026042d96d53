/**
 * The one typed event hub of the bus, in the core and in hardware/: a listener that throws is
 * logged with the feed's source name and its own label, and the feed and the other listeners go on
 * (one broken screen or consumer must not stop a device feed or the process).
 */
export type Listener<T> = (event: T) => void;

export class Emitter<T> {
  private readonly listeners = new Map<Listener<T>, string | undefined>();

  /** `source` names the feed in the log: "gps fixes", "counter events", "printer status"… */
  constructor(readonly source = 'event') {}

  on(listener: Listener<T>, label?: string): () => void {
    this.listeners.set(listener, label);
    return () => this.listeners.delete(listener);
  }

  emit(event: T): void {
    for (const [listener, label] of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
        console.error(`${this.source}: listener${label ? ` ${label}` : ''} failed (the feed goes on): ${reason}`);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
