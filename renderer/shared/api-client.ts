import type { Api, ApiInput, ApiMethod, ApiOutput, LiveEvent } from '../../src/api/index.ts';

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

async function invoke(method: string, input: unknown): Promise<unknown> {
  if (window.lianxin) return window.lianxin.invoke(method, input);
  const res = await fetch(`/api/${method}`, {
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

/** A typed client for any host's method table (the onboard API, the office API). */
export function clientFor<A extends Methods>(): Call<A> {
  return ((method: string, input?: unknown) => invoke(method, input)) as Call<A>;
}

/** The onboard API. */
export const call: Call<Api> = clientFor<Api>();
export type { Api, ApiInput, ApiMethod, ApiOutput, LiveEvent };

/**
 * Live pushes: through the preload in Electron, else the host's event stream (EventSource
 * reconnects by itself). `onOpen` fires on every (re)connection so a store can reload its snapshot.
 */
export function subscribe<E = LiveEvent>(listener: (event: E) => void, onOpen?: () => void): () => void {
  if (window.lianxin) {
    onOpen?.();
    return window.lianxin.onEvent((event) => listener(event as E));
  }
  const source = new EventSource('/api/events');
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
