/**
 * A timer's or a stream's callback that can never throw out into the event loop: a failure is
 * logged with its source and the next tick, chunk or retry runs as usual. For device feeds,
 * housekeeping timers and packet handlers, where nobody up the stack could catch it.
 */
export function contained<A extends unknown[]>(source: string, callback: (...args: A) => unknown): (...args: A) => void {
  const report = (error: unknown) => console.error(`${source}: failed (goes on): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return (...args: A) => {
    try {
      const result = callback(...args);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  };
}
