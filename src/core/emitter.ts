/** A tiny typed event hub: the core publishes, the host and Electron forward to screens. */
export type Listener<T> = (event: T) => void;

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  on(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One broken screen must not stop the others from hearing about the bus.
        console.error('listener failed:', error instanceof Error ? error.message : error);
      }
    }
  }
}
