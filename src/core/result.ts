/** Expected failures travel as values (vxsuite style); exceptions are for bugs and broken invariants. */
export interface Failure<C extends string = string> {
  readonly code: C;
  readonly message: string;
  /** When an input was refused field by field: where each problem is and what it is (shown beside the field). */
  readonly issues?: readonly { path: (string | number)[]; message: string }[];
}
export type Result<T, C extends string = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: Failure<C> };

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function err<C extends string>(code: C, message: string): Result<never, C> {
  return { ok: false, error: { code, message } };
}

/** Unwraps a result where failure means a bug or an unrecoverable start-up error. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new Error(`${result.error.code}: ${result.error.message}`);
}
