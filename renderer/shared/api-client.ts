import type { Screen, ScreenApis, ScreenEvents } from '../../src/api/surfaces.ts';

/** A method table as the hosts serve it: async functions of one JSON input. */
type Methods = Record<string, (input: never) => unknown>;

/** No input for methods that take none; optional where the method accepts undefined. */
type InputArgs<F extends (input: never) => unknown> = Parameters<F> extends []
  ? []
  : undefined extends Parameters<F>[0]
    ? [input?: Parameters<F>[0]]
    : [input: Parameters<F>[0]];

export type Call<A extends Methods> = <M extends keyof A & string>(
  method: M,
  ...input: InputArgs<A[M]>
) => Promise<Awaited<ReturnType<A[M]>>>;

/** The host answered with something other than the method's value (network, 4xx/5xx). */
export class TransportError extends Error {
  constructor(
    readonly method: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** In Electron the main process knows which screen a window is; a browser names it in the path. */
async function invoke(screen: Screen, method: string, input: unknown): Promise<unknown> {
  if (window.lianxin) return window.lianxin.invoke(method, input);
  const res = await fetch(`/api/${screen}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: input === undefined ? '' : JSON.stringify(input),
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new TransportError(method, res.status, body?.error?.message ?? `HTTP ${res.status}`);
  }
  return res.json();
}

/** One screen's client: only the methods the host serves that screen, and the events it hears. */
export function screenClient<S extends Screen>(screen: S) {
  type A = ScreenApis[S];
  const call = ((method: string, input?: unknown) => invoke(screen, method, input)) as Call<A>;
  const listen = (listener: (event: ScreenEvents[S]) => void, onOpen?: () => void) => subscribe(`/api/${screen}/events`, listener, onOpen);
  return { call, subscribe: listen };
}

/** What a screen's method answers. */
export type OutputOf<A, M extends keyof A> = A[M] extends (...args: never[]) => infer R ? Awaited<R> : never;

/**
 * Live pushes: through the preload in Electron, else the host's event stream (EventSource
 * reconnects by itself). `onOpen` fires on every (re)connection so a store can reload its snapshot.
 */
export function subscribe<E>(stream: string, listener: (event: E) => void, onOpen?: () => void): () => void {
  if (window.lianxin) {
    onOpen?.();
    return window.lianxin.onEvent((event) => listener(event as E));
  }
  const source = new EventSource(stream);
  source.onopen = () => onOpen?.();
  source.onmessage = (message: MessageEvent<string>) => {
    try {
      listener(JSON.parse(message.data) as E);
    } catch {
      // A malformed frame is dropped; the next snapshot reload repairs the view.
    }
  };
  return () => source.close();
}
